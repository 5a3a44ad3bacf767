package dev.fusedrnn.data;

import dev.fusedrnn.Tensor;

/**
 * Sliding windows over a series of rows {@code [R, C]} for sequence models. Window i covers rows
 * {@code [i, i + window)}; its target comes from the rows after it, in one column.
 */
public final class Windows {
    /**
     * Windows and their targets.
     *
     * @param x {@code [N, window, C]} inputs
     * @param y {@code [N, 1]} (many-to-one) or {@code [N, horizon, 1]} (many-to-many) targets
     * @param firstTarget the row of window i's (first) target is {@code firstTarget + i}
     */
    public record Windowed(Tensor x, Tensor y, int firstTarget) {
        public int size() { return x.dim(0); }

        /** Windows {@code [from, to)}. */
        public Windowed rows(int from, int to) { return new Windowed(x.rows(from, to), y.rows(from, to), firstTarget + from); }
    }

    private Windows() { }

    /** Many-to-one: {@code window} rows predict the next value of {@code target}. N = R − window. */
    public static Windowed manyToOne(double[][] rows, int window, int target) {
        Windowed w = manyToMany(rows, window, 1, target);
        return new Windowed(w.x(), Tensor.of(w.y().toArray(), w.size(), 1), w.firstTarget());
    }

    /**
     * Many-to-many: {@code window} rows predict the next {@code horizon} values of {@code target}
     * (with {@code horizon = window}, the shape a {@code returnSequences} layer followed by
     * {@code TimeDistributed(Dense(1))} produces). N = R − window − horizon + 1.
     */
    public static Windowed manyToMany(double[][] rows, int window, int horizon, int target) {
        if (window < 1 || horizon < 1) throw new IllegalArgumentException("window and horizon must be >= 1, got " + window + ", " + horizon);
        int r = rows.length;
        int n = r - window - horizon + 1;
        if (n < 1) {
            throw new IllegalArgumentException(r + " rows are too few for one window of " + window + " steps and "
                    + horizon + " target(s)");
        }
        int c = rows[0].length;
        if (target < 0 || target >= c) throw new IllegalArgumentException("target column " + target + " outside [0, " + c + ")");
        float[] x = new float[n * window * c];
        float[] y = new float[n * horizon];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < window; t++) {
                double[] row = rows[i + t];
                if (row.length != c) throw new IllegalArgumentException("row " + (i + t) + " has " + row.length + " values, expected " + c);
                for (int k = 0; k < c; k++) x[(i * window + t) * c + k] = (float) row[k];
            }
            for (int h = 0; h < horizon; h++) y[i * horizon + h] = (float) rows[i + window + h][target];
        }
        return new Windowed(Tensor.of(x, n, window, c), Tensor.of(y, n, horizon, 1), window);
    }
}

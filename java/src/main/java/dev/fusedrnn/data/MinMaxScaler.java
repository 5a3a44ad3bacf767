package dev.fusedrnn.data;

/**
 * Scales each column to a range, as scikit-learn's MinMaxScaler: {@code x' = lo + (x − min)·(hi − lo)/(max − min)}
 * with min and max taken per column by {@link #fit} — on the training rows only, so that nothing of the
 * test period leaks into the model. A constant column (max = min) is scaled as if its range were 1, as
 * scikit-learn does: its training value maps to {@code lo}, and nothing is divided by zero. Values outside the fitted range map outside {@code [lo, hi]}; they are not clipped.
 */
public final class MinMaxScaler {
    private final double lo;
    private final double hi;
    private double[] min;
    private double[] scale;   // (hi − lo) / (max − min), or hi − lo for a constant column (range taken as 1)

    /** Scales to [0, 1]. */
    public MinMaxScaler() { this(0, 1); }

    public MinMaxScaler(double lo, double hi) {
        if (!(lo < hi)) throw new IllegalArgumentException("MinMaxScaler: the range needs lo < hi, got [" + lo + ", " + hi + "]");
        this.lo = lo;
        this.hi = hi;
    }

    /** Learns each column's min and max from {@code rows} ({@code [N, C]}, N >= 1, all finite). */
    public MinMaxScaler fit(double[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("MinMaxScaler.fit: no rows to fit on");
        int c = rows[0].length;
        double[] mn = new double[c];
        double[] mx = new double[c];
        java.util.Arrays.fill(mn, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(mx, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < rows.length; i++) {
            check(rows[i], c, i, "fit");
            for (int j = 0; j < c; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("MinMaxScaler.fit: row " + i + ", column " + j + " is " + v
                            + "; fill or drop missing values first");
                }
                mn[j] = Math.min(mn[j], v);
                mx[j] = Math.max(mx[j], v);
            }
        }
        min = mn;
        scale = new double[c];
        for (int j = 0; j < c; j++) scale[j] = mx[j] > mn[j] ? (hi - lo) / (mx[j] - mn[j]) : hi - lo;
        return this;
    }

    public boolean isFitted() { return min != null; }

    /** Scaled copies of the rows. */
    public double[][] transform(double[][] rows) {
        requireFit("transform");
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            check(rows[i], min.length, i, "transform");
            out[i] = new double[min.length];
            for (int j = 0; j < min.length; j++) out[i][j] = lo + (rows[i][j] - min[j]) * scale[j];
        }
        return out;
    }

    /** The rows in original units again. */
    public double[][] inverseTransform(double[][] rows) {
        requireFit("inverseTransform");
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            check(rows[i], min.length, i, "inverseTransform");
            out[i] = new double[min.length];
            for (int j = 0; j < min.length; j++) out[i][j] = inverse(rows[i][j], j);
        }
        return out;
    }

    /** One scaled value of {@code column} in original units. */
    public double inverse(double scaled, int column) {
        requireFit("inverse");
        return min[column] + (scaled - lo) / scale[column];
    }

    /** Original units per scaled unit for a column: an error in scaled units times this is one in original units. */
    public double unitsPerScaled(int column) {
        requireFit("unitsPerScaled");
        return 1 / scale[column];
    }

    private void requireFit(String what) {
        if (min == null) throw new IllegalStateException("MinMaxScaler." + what + " before fit: call fit(trainingRows) first");
    }

    private static void check(double[] row, int c, int i, String what) {
        if (row == null || row.length != c) {
            throw new IllegalArgumentException("MinMaxScaler." + what + ": row " + i + " has "
                    + (row == null ? "no values" : row.length + " values") + ", expected " + c);
        }
    }
}

package dev.fusedrnn.reference;

import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;

import java.util.Arrays;

import static dev.fusedrnn.reference.TensorOpsRef.requireLength;

/**
 * Losses and metrics over rows of a prediction {@code p[R, K]}, with targets {@code y[R, K]} or class ids
 * {@code [R]}, reduced as {@code Σ_r w_r·l_r / Σ_r w_r} (weights null = all 1).
 *
 * <p>Per-row losses follow Keras 3 with probabilities (from_logits=False), as written in
 * {@code keras/src/losses/losses.py} and the backends' {@code nn.py}:
 * <ul>
 * <li>mse, mae: mean over K of (p − y)², |p − y|.</li>
 * <li>binary_crossentropy: q = clip(p, ε, 1 − ε); mean over K of −(y·log q + (1 − y)·log(1 − q)).</li>
 * <li>categorical_crossentropy: n = p / Σ_k p_k, q = clip(n, ε, 1 − ε), −Σ_k y_k·log q_k.</li>
 * <li>sparse_categorical_crossentropy: the same at the label. This is the jax, numpy and torch backends'
 *     order (normalise, then clip); the tensorflow backend clips first and normalises through a log-softmax,
 *     which differs only for rows that are clipped or do not sum to 1.</li>
 * </ul>
 * ε = 1e-7 (Keras' backend.epsilon()). Gradients are the exact derivative of the reduced value: the clip
 * passes the gradient where ε ≤ value ≤ 1 − ε and stops it outside; |·| has derivative 0 at p = y.
 *
 * <p>Rows with weight 0 (masked steps) are skipped entirely, so whatever a padded row holds cannot turn the
 * loss into NaN; when Σ w = 0 the loss is 0 and its gradient is 0.
 */
final class LossRef {
    private LossRef() { }

    /** Keras' fuzz factor for clipping probabilities. */
    static final double EPSILON = 1e-7;

    /** Weighted mean loss; writes d(loss)/d pred into {@code dPred [R, K]} when it is not null. */
    static double loss(LossKind kind, RefBuffer pred, RefBuffer target, RefBuffer weights, int rows, int cols, RefBuffer dPred) {
        checkShapes(kind.kerasName(), kind.sparseTargets(), pred, target, weights, rows, cols);
        if (dPred != null) {
            requireLength(dPred, (long) rows * cols, kind.kerasName() + " dPred [rows, cols]");
            dPred.fill(0.0);
        }
        double wSum = weightSum(weights, rows);
        if (wSum == 0.0) return 0.0;

        double[] p = new double[cols];
        double[] y = new double[cols];
        double[] g = new double[cols];    // d l_r / d p_r for one row
        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            double w = weights == null ? 1.0 : weights.get(r);
            if (w == 0.0) continue;
            for (int k = 0; k < cols; k++) p[k] = pred.get(r * cols + k);
            targetRow(kind.sparseTargets(), target, r, cols, y, kind.kerasName());
            double l = rowLoss(kind, p, y, g);
            total += w * l;
            if (dPred != null) for (int k = 0; k < cols; k++) dPred.put(r * cols + k, w / wSum * g[k]);
        }
        return total / wSum;
    }

    /** l for one row p[K], y[K]; writes dl/dp into g[K]. */
    private static double rowLoss(LossKind kind, double[] p, double[] y, double[] g) {
        int cols = p.length;
        double l = 0.0;
        switch (kind) {
            case MSE:
                for (int k = 0; k < cols; k++) {
                    double d = p[k] - y[k];
                    l += d * d;
                    g[k] = 2.0 * d / cols;
                }
                return l / cols;
            case MAE:
                for (int k = 0; k < cols; k++) {
                    double d = p[k] - y[k];
                    l += Math.abs(d);
                    g[k] = Math.signum(d) / cols;    // signum(0) = 0
                }
                return l / cols;
            case BINARY_CROSSENTROPY:
                for (int k = 0; k < cols; k++) {
                    double q = clip(p[k]);
                    l -= y[k] * Math.log(q) + (1.0 - y[k]) * Math.log(1.0 - q);
                    g[k] = inside(p[k]) ? -(y[k] / q - (1.0 - y[k]) / (1.0 - q)) / cols : 0.0;
                }
                return l / cols;
            default:    // categorical and sparse categorical (y one-hot): normalise, clip, −Σ y log q
                double s = 0.0;
                for (int k = 0; k < cols; k++) s += p[k];
                // gn[k] = dl/dn_k = −y_k / q_k where the clip passes; then dn_k/dp_j = (δ_kj − n_k) / s
                double gnDotN = 0.0;
                for (int k = 0; k < cols; k++) {
                    double n = p[k] / s;
                    double q = clip(n);
                    l -= y[k] * Math.log(q);
                    g[k] = inside(n) ? -y[k] / q : 0.0;
                    gnDotN += g[k] * n;
                }
                for (int j = 0; j < cols; j++) g[j] = (g[j] - gnDotN) / s;
                return l;
        }
    }

    private static double clip(double p) { return Math.min(1.0 - EPSILON, Math.max(EPSILON, p)); }

    /** Whether clip(p) passes p through (the derivative of the clip is 1 there, 0 outside). */
    private static boolean inside(double p) { return p >= EPSILON && p <= 1.0 - EPSILON; }

    // ---------------------------------------------------------------- metrics

    /**
     * {@code {Σ w·m, Σ w}} of the per-row metric m, as Keras 3's metric functions define it:
     * binary_accuracy is the mean over K of {@code y == (p > 0.5 ? 1 : 0)} (y compared exactly, as Keras
     * does); categorical_accuracy is {@code argmax p == argmax y}, sparse {@code argmax p == label}, argmax
     * taking the first maximum on ties; mae and mse are means over K. Rows with weight 0 are skipped.
     */
    static double[] metric(MetricKind kind, RefBuffer pred, RefBuffer target, RefBuffer weights, int rows, int cols) {
        checkShapes(kind.kerasName(), kind.sparseTargets(), pred, target, weights, rows, cols);
        double[] p = new double[cols];
        double[] y = new double[cols];
        double sum = 0.0;
        for (int r = 0; r < rows; r++) {
            double w = weights == null ? 1.0 : weights.get(r);
            if (w == 0.0) continue;
            for (int k = 0; k < cols; k++) p[k] = pred.get(r * cols + k);
            targetRow(kind.sparseTargets(), target, r, cols, y, kind.kerasName());
            sum += w * rowMetric(kind, p, y);
        }
        return new double[] {sum, weightSum(weights, rows)};
    }

    private static double rowMetric(MetricKind kind, double[] p, double[] y) {
        int cols = p.length;
        double m = 0.0;
        switch (kind) {
            case BINARY_ACCURACY:
                for (int k = 0; k < cols; k++) m += y[k] == (p[k] > 0.5 ? 1.0 : 0.0) ? 1.0 : 0.0;
                return m / cols;
            case CATEGORICAL_ACCURACY:
            case SPARSE_CATEGORICAL_ACCURACY:    // y is the label's one-hot row, so argmax y is the label
                return argmax(p) == argmax(y) ? 1.0 : 0.0;
            case MAE:
                for (int k = 0; k < cols; k++) m += Math.abs(p[k] - y[k]);
                return m / cols;
            default:    // MSE
                for (int k = 0; k < cols; k++) m += (p[k] - y[k]) * (p[k] - y[k]);
                return m / cols;
        }
    }

    /** Index of the first maximum. */
    private static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
        return best;
    }

    // ---------------------------------------------------------------- shared

    private static void checkShapes(String name, boolean sparse, RefBuffer pred, RefBuffer target, RefBuffer weights,
                                    int rows, int cols) {
        requireLength(pred, (long) rows * cols, name + " prediction [rows, cols]");
        requireLength(target, sparse ? rows : (long) rows * cols, name + (sparse ? " class ids [rows]" : " target [rows, cols]"));
        if (weights != null) requireLength(weights, rows, name + " weights [rows]");
        // Class ids are checked in every row, masked ones included: a bad label is a data error wherever it is.
        if (sparse) for (int r = 0; r < rows; r++) classId(target, r, cols, name);
    }

    private static double weightSum(RefBuffer weights, int rows) {
        if (weights == null) return rows;
        double s = 0.0;
        for (int r = 0; r < rows; r++) s += weights.get(r);
        return s;
    }

    /** Row r of the target into y[K]: copied, or for class ids the label's one-hot row (the id validated). */
    private static void targetRow(boolean sparse, RefBuffer target, int r, int cols, double[] y, String name) {
        if (!sparse) {
            for (int k = 0; k < cols; k++) y[k] = target.get(r * cols + k);
            return;
        }
        Arrays.fill(y, 0.0);
        y[classId(target, r, cols, name)] = 1.0;
    }

    /** target[r] as a class id, which must be an exact integer in [0, K). */
    private static int classId(RefBuffer target, int r, int cols, String name) {
        double v = target.get(r);
        if (!(v >= 0 && v < cols) || v != Math.rint(v)) {
            throw new IllegalArgumentException(name + ": class id " + v + " in row " + r + " is not an integer in [0, "
                    + cols + "): labels must be 0 .. classes - 1 (the prediction has " + cols + " columns)");
        }
        return (int) v;
    }
}

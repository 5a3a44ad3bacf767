package dev.fusedrnn.reference;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossRefTest {
    private final ReferenceBackend be = new ReferenceBackend();
    private static final double EPS = 1e-7;
    /** Hand-computed values below take a handful of roundings of numbers ≤ 20: 1e-14 is ~50 ulps of 20. */
    private static final double EXACT = 1e-14;

    private Buffer buf(double... v) { return be.allocate(v.length).set(v); }

    private double loss(LossKind kind, double[] p, double[] y, double[] w, int rows, int cols) {
        return be.loss(kind, buf(p), buf(y), w == null ? null : buf(w), rows, cols, null);
    }

    // ---------------------------------------------------------------- loss values

    @Test
    void lossValuesMatchHandComputations() {
        double[] p = {1, 2, 3, 5}, y = {0, 2, 3, 3};    // [2, 2]
        // mse rows: (1 + 0)/2 = 0.5, (0 + 4)/2 = 2; mae rows: 0.5, 1
        assertEquals(1.25, loss(LossKind.MSE, p, y, null, 2, 2), 0.0);
        assertEquals((0.5 + 3 * 2.0) / 4, loss(LossKind.MSE, p, y, new double[] {1, 3}, 2, 2), 0.0);
        assertEquals(0.75, loss(LossKind.MAE, p, y, null, 2, 2), 0.0);

        assertEquals(-(Math.log(0.8) + Math.log(0.7)) / 2,
                loss(LossKind.BINARY_CROSSENTROPY, new double[] {0.8, 0.3}, new double[] {1, 0}, null, 1, 2), EXACT);
        // soft binary target: −(0.25·log 0.6 + 0.75·log 0.4)
        assertEquals(-(0.25 * Math.log(0.6) + 0.75 * Math.log(0.4)),
                loss(LossKind.BINARY_CROSSENTROPY, new double[] {0.6}, new double[] {0.25}, null, 1, 1), EXACT);

        // categorical normalises by the row sum first: [2, 1, 1] → [0.5, 0.25, 0.25]
        assertEquals(-Math.log(0.5),
                loss(LossKind.CATEGORICAL_CROSSENTROPY, new double[] {2, 1, 1}, new double[] {1, 0, 0}, null, 1, 3), EXACT);
        assertEquals(-(0.5 * Math.log(0.25) + 0.5 * Math.log(0.25)),
                loss(LossKind.CATEGORICAL_CROSSENTROPY, new double[] {2, 1, 1}, new double[] {0, 0.5, 0.5}, null, 1, 3), EXACT);

        assertEquals((-Math.log(0.5) - Math.log(0.8)) / 2, loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY,
                new double[] {0.2, 0.5, 0.3, 0.1, 0.1, 0.8}, new double[] {1, 2}, null, 2, 3), EXACT);
    }

    @Test
    void probabilitiesAreClippedToEpsilon() {
        // p = 0 and p = 1 with y = 1: −(log ε + log(1 − ε)) / 2
        assertEquals(-(Math.log(EPS) + Math.log(1 - EPS)) / 2,
                loss(LossKind.BINARY_CROSSENTROPY, new double[] {0, 1}, new double[] {1, 1}, null, 1, 2), EXACT);
        assertEquals(-Math.log(EPS),
                loss(LossKind.CATEGORICAL_CROSSENTROPY, new double[] {1, 0, 0}, new double[] {0, 1, 0}, null, 1, 3), EXACT);
        // Normalise, then clip: [0, 0.5] → [0, 1] → label 0 gives −log ε. (Clipping first and normalising
        // afterwards, as Keras' tensorflow backend does, would give −log(ε / (ε + 0.5)) ≈ 15.4 instead of 16.1.)
        assertEquals(-Math.log(EPS), loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY,
                new double[] {0, 0.5}, new double[] {0}, null, 1, 2), EXACT);
    }

    @Test
    void weightsAverageOverRowsAndZeroWeightRowsAreSkipped() {
        // Row 1 is masked and holds NaN: it must not reach the loss or the gradient.
        double[] p = {1, 2, Double.NaN, 0, 3, 5}, y = {0, 2, 7, 7, 3, 3};
        Buffer dPred = be.allocate(6);
        double l = be.loss(LossKind.MSE, buf(p), buf(y), buf(1, 0, 2), 3, 2, dPred);
        assertEquals((0.5 + 2 * 2.0) / 3, l, 0.0);
        // d/dp of Σ w·mean_k (p − y)² / Σ w = w·2(p − y) / (K·Σw)
        assertArrayEquals(new double[] {1.0 / 3, 0, 0, 0, 0, 2 * 2 * 2.0 / 6}, dPred.toDoubleArray(), EXACT);
    }

    @Test
    void allZeroWeightsGiveZeroLossAndZeroGradient() {
        Buffer dPred = buf(7, 7, 7, 7);
        double l = be.loss(LossKind.CATEGORICAL_CROSSENTROPY, buf(0.5, 0.5, 0.9, 0.1), buf(1, 0, 0, 1), buf(0, 0), 2, 2, dPred);
        assertEquals(0.0, l, 0.0);
        assertArrayEquals(new double[4], dPred.toDoubleArray(), 0.0);
    }

    @Test
    void sparseLabelsAreValidatedNamingRowAndId() {
        for (double bad : new double[] {3, -1, 0.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.loss(
                    LossKind.SPARSE_CATEGORICAL_CROSSENTROPY, buf(0.2, 0.3, 0.5, 0.2, 0.3, 0.5), buf(2, bad), null, 2, 3, null));
            assertTrue(e.getMessage().contains("class id " + bad) && e.getMessage().contains("row 1")
                    && e.getMessage().contains("[0, 3)"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- gradients by finite differences

    private static final int R = 4, K = 3;
    private static final double[] MASKED_WEIGHTS = {0.5, 0, 2, 1};

    /**
     * Data away from clips and kinks: p in [0.1, 0.9] (for categorical the normalised values lie in
     * [0.05, 0.82]), |p − y| ≥ 0.05 for mae.
     */
    private static double[][] data(LossKind kind, long seed) {
        Random rnd = new Random(seed);
        double[] p = new double[R * K];
        for (int i = 0; i < p.length; i++) p[i] = 0.1 + 0.8 * rnd.nextDouble();
        double[] y;
        if (kind.sparseTargets()) {
            y = new double[R];
            for (int r = 0; r < R; r++) y[r] = rnd.nextInt(K);
        } else {
            y = new double[R * K];
            for (int i = 0; i < y.length; i++) {
                do y[i] = rnd.nextDouble(); while (Math.abs(y[i] - p[i]) < 0.05);
            }
        }
        return new double[][] {p, y};
    }

    /**
     * Error model for L = Σ w·l / Σ w (|w / Σw| ≤ 1). mse is quadratic and mae linear away from p = y, so
     * M3 = 0 and only roundoff counts. The crossentropies are sums of ±y·log(u) with u = p, 1 − p or the
     * row sum s, and |d³ log u / du³| = 2/u³ ≤ 2/0.09³ ≈ 2744 while u ≥ 0.09 (p ≥ 0.1 less a step): M3 = 3000.
     * Values: |log u| ≤ 2.4, a dozen terms with weights ≤ 2: F = 100. c = 32 roundings.
     */
    private static FiniteDifferences.ErrorModel errorModel(LossKind kind) {
        boolean smooth = kind == LossKind.MSE || kind == LossKind.MAE;
        return new FiniteDifferences.ErrorModel(smooth ? 0 : 3000, 100, 32);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void gradientMatchesFiniteDifferencesWithoutWeights(LossKind kind) {
        checkGradient(kind, null, 11);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void gradientMatchesFiniteDifferencesWithMaskedRows(LossKind kind) {
        checkGradient(kind, MASKED_WEIGHTS, 12);
    }

    private void checkGradient(LossKind kind, double[] w, long seed) {
        double[][] d = data(kind, seed + 31L * kind.ordinal());
        double[] p = d[0], y = d[1];
        FiniteDifferences.ErrorModel model = errorModel(kind);
        double h = model.m3() == 0 ? 1e-3 : model.bestStep();    // mae: 1e-3 < 0.05 keeps p − y's sign
        Buffer dPred = be.allocate(R * K);
        dPred.fill(7.0);
        be.loss(kind, buf(p), buf(y), w == null ? null : buf(w), R, K, dPred);
        double[] numeric = FiniteDifferences.gradient(pp -> loss(kind, pp, y, w, R, K), p, h);
        FiniteDifferences.assertGradient(kind.kerasName() + (w == null ? "" : " weighted"), dPred.toDoubleArray(), numeric,
                model.tolerance(h));
        if (w != null) for (int k = 0; k < K; k++) assertEquals(0.0, dPred.toDoubleArray()[K + k], 0.0, "masked row 1");
    }

    @Test
    void binaryCrossentropyGradientIsZeroWhereClipped() {
        // Clipped entries: 0, 1, 1e-9, 1 − 1e-9; the others inside.
        double[] p = {0, 0.3, 1, 0.7, 1e-9, 1 - 1e-9};
        double[] y = {1, 1, 0, 0.5, 0.2, 0.9};
        boolean[] clipped = {true, false, true, false, true, true};
        Buffer dPred = be.allocate(6);
        be.loss(LossKind.BINARY_CROSSENTROPY, buf(p), buf(y), null, 3, 2, dPred);
        double[] g = dPred.toDoubleArray();

        // A step of 1e-10 keeps clipped entries clipped (1e-9 + 1e-10 < ε, 1 − 1e-9 − 1e-10 > 1 − ε), so
        // their difference quotient is exactly 0; the other entries use the smooth model's step.
        FiniteDifferences.ErrorModel model = errorModel(LossKind.BINARY_CROSSENTROPY);
        double[] h = new double[6];
        for (int i = 0; i < 6; i++) h[i] = clipped[i] ? 1e-10 : model.bestStep();
        double[] numeric = FiniteDifferences.gradient(pp -> loss(LossKind.BINARY_CROSSENTROPY, pp, y, null, 3, 2), p, h);
        for (int i = 0; i < 6; i++) {
            if (clipped[i]) {
                assertEquals(0.0, g[i], 0.0, "analytic at clipped " + i);
                assertEquals(0.0, numeric[i], 0.0, "numeric at clipped " + i);
            } else {
                assertEquals(numeric[i], g[i], model.tolerance(h[i]), "entry " + i);
                assertTrue(Math.abs(g[i]) > 0.1, "unclipped entry " + i + " has a real gradient");
            }
        }
    }

    @Test
    void categoricalGradientThroughClippedEntriesFlowsOnlyThroughTheRowSum() {
        // Row 0: p0 = 1e-9 normalises to ~1e-9 < ε (clipped), yet moving p0 changes the row sum and so
        // the other entries: the gradient there is not zero. Row 1: every entry clipped, gradient zero.
        double[] p = {1e-9, 0.6, 0.4, 1, 1e-9, 1e-9};
        double[] y = {0.3, 0.7, 0, 1, 0, 0};
        Buffer dPred = be.allocate(6);
        double l = be.loss(LossKind.CATEGORICAL_CROSSENTROPY, buf(p), buf(y), null, 2, 3, dPred);
        double s = 1 + 1e-9;
        double row0 = -(0.3 * Math.log(EPS) + 0.7 * Math.log(0.6 / s) + 0 * Math.log(0.4 / s));
        double row1 = -Math.log(1 - EPS);
        assertEquals((row0 + row1) / 2, l, EXACT);
        double[] g = dPred.toDoubleArray();
        assertArrayEquals(new double[3], new double[] {g[3], g[4], g[5]}, 0.0, "fully clipped row");

        // Steps: 1e-10 keeps the clipped entries clipped (row 1: n0 stays above 1 − ε). Error bound with
        // h = 1e-10: roundoff c·u·F/h = 32·u·10/1e-10 ≈ 3.6e-4, truncation negligible (p0 acts only via
        // log s, |d³/ds³| = 2Σy/s³ ≤ 2); the gradient at p0 is ≈ 0.35, while dropping the clip there
        // would give −0.3/ε ≈ −3e6.
        double[] h = {1e-10, 1e-5, 1e-5, 1e-10, 1e-10, 1e-10};
        double[] numeric = FiniteDifferences.gradient(pp -> loss(LossKind.CATEGORICAL_CROSSENTROPY, pp, y, null, 2, 3), p, h);
        double roundoff = new FiniteDifferences.ErrorModel(0, 10, 32).tolerance(1e-10);
        assertEquals(numeric[0], g[0], roundoff, "clipped p0 through the row sum");
        assertTrue(Math.abs(g[0]) > 0.1, "gradient at the clipped entry flows through the row sum: " + g[0]);
        FiniteDifferences.ErrorModel smooth = new FiniteDifferences.ErrorModel(3000, 100, 32);
        assertEquals(numeric[1], g[1], smooth.tolerance(1e-5));
        assertEquals(numeric[2], g[2], smooth.tolerance(1e-5));
        for (int i = 3; i < 6; i++) assertEquals(0.0, numeric[i], 0.0, "numeric in the fully clipped row");
    }

    @Test
    void sparseGradientIsZeroWhenTheLabelEntryIsClipped() {
        Buffer dPred = be.allocate(3);
        double l = be.loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY, buf(1e-9, 0.5, 0.5), buf(0), null, 1, 3, dPred);
        assertEquals(-Math.log(EPS), l, EXACT);
        assertArrayEquals(new double[3], dPred.toDoubleArray(), 0.0);
    }

    @Test
    void maeGradientIsZeroWherePredictionEqualsTarget() {
        Buffer dPred = be.allocate(3);
        be.loss(LossKind.MAE, buf(0.5, 0.2, 0.9), buf(0.5, 0.4, 0.1), null, 1, 3, dPred);
        assertArrayEquals(new double[] {0, -1.0 / 3, 1.0 / 3}, dPred.toDoubleArray(), 0.0);
    }

    // ---------------------------------------------------------------- metrics

    private double[] metric(MetricKind kind, double[] p, double[] y, double[] w, int rows, int cols) {
        return be.metric(kind, buf(p), buf(y), w == null ? null : buf(w), rows, cols);
    }

    @Test
    void binaryAccuracyThresholdsPredictionsAtHalfAndComparesTargetsExactly() {
        // row 0: 0.6 → 1 = 1 yes, 0.5 → 0 (strictly greater) ≠ 1 no: 1/2. row 1: both right: 1.
        // row 2: 0.7 → 1 ≠ 0, 0.1 → 0 = 0: 1/2. row 3 (weight 0) would score 1.
        double[] p = {0.6, 0.5, 0.2, 0.9, 0.7, 0.1, 0.9, 0.9};
        double[] y = {1, 1, 0, 1, 0, 0, 1, 1};
        assertArrayEquals(new double[] {0.5 + 1 + 0.5 + 1, 4}, metric(MetricKind.BINARY_ACCURACY, p, y, null, 4, 2), 0.0);
        assertArrayEquals(new double[] {0.5 + 2 * 1 + 3 * 0.5, 6},
                metric(MetricKind.BINARY_ACCURACY, p, y, new double[] {1, 2, 3, 0}, 4, 2), 0.0);
        // Keras compares y with the thresholded prediction as numbers: a soft target 0.7 never matches.
        assertArrayEquals(new double[] {0, 1}, metric(MetricKind.BINARY_ACCURACY, new double[] {0.9}, new double[] {0.7}, null, 1, 1), 0.0);
    }

    @Test
    void categoricalAccuracyTakesTheFirstMaximumOnTies() {
        double[] p = {
            0.4, 0.4, 0.2,    // argmax 0 (tie: first) vs y 1: miss
            0.2, 0.4, 0.4,    // argmax 1 (tie: first) vs y 1: hit
            0.3, 0.6, 0.1,    // argmax 1 vs y [0.5, 0.5, 0] → 0: miss
            0.1, 0.1, 0.8};   // argmax 2 vs y 2: hit, weight 0.5
        double[] y = {0, 1, 0, 0, 1, 0, 0.5, 0.5, 0, 0, 0, 1};
        assertArrayEquals(new double[] {0 + 1 + 0 + 0.5, 3.5},
                metric(MetricKind.CATEGORICAL_ACCURACY, p, y, new double[] {1, 1, 1, 0.5}, 4, 3), 0.0);
    }

    @Test
    void sparseCategoricalAccuracyComparesArgmaxWithTheLabelAndSkipsMaskedRows() {
        double[] p = {0.4, 0.4, 0.2, 0.2, 0.4, 0.4, Double.NaN, 0, 0};
        double[] labels = {1, 1, 0};
        assertArrayEquals(new double[] {1, 2}, metric(MetricKind.SPARSE_CATEGORICAL_ACCURACY, p, labels, new double[] {1, 1, 0}, 3, 3), 0.0);
        assertArrayEquals(new double[] {0, 1}, metric(MetricKind.SPARSE_CATEGORICAL_ACCURACY, p, labels, new double[] {1, 0, 0}, 3, 3), 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> metric(MetricKind.SPARSE_CATEGORICAL_ACCURACY, p, new double[] {1, 3, 0}, null, 3, 3));
    }

    @Test
    void maeAndMseMetricsAreRowMeansWeighted() {
        double[] p = {1, 2, 3, 5}, y = {0, 2, 3, 3};
        assertArrayEquals(new double[] {0.5 + 3 * 1.0, 4}, metric(MetricKind.MAE, p, y, new double[] {1, 3}, 2, 2), 0.0);
        assertArrayEquals(new double[] {0.5 + 2.0, 2}, metric(MetricKind.MSE, p, y, null, 2, 2), 0.0);
        assertArrayEquals(new double[] {0, 0}, metric(MetricKind.MSE, p, y, new double[] {0, 0}, 2, 2), 0.0);
    }
}

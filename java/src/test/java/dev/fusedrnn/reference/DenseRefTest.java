package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseRefTest {
    private final ReferenceBackend be = new ReferenceBackend();

    private static final int R = 3, IN = 4, OUT = 5;

    private Buffer buf(double... v) { return be.allocate(v.length).set(v); }

    /** A buffer of n values inside a larger array (offset 3), so a wrong offset reads the padding 99. */
    private Buffer padded(double[] v) {
        Buffer big = be.allocate(v.length + 6);
        big.fill(99.0);
        Buffer s = big.slice(3, v.length);
        s.set(v);
        return s;
    }

    private static double[] uniform(Random rnd, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * (2.0 * rnd.nextDouble() - 1.0);
        return v;
    }

    @Test
    void forwardMatchesHandComputedValues() {
        // x [1, 2], kernel [2, 3], bias [3]: z = [1·1 + 2·0.5 + 0, 1·0 + 2·1 + 0.5, 1·(−1) + 2·0 + 1] = [2, 2.5, 0]
        double[] x = {1, 2};
        double[] w = {1, 0, -1, 0.5, 1, 0};
        double[] b = {0, 0.5, 1};
        double[] z = {2, 2.5, 0};
        for (Activation act : Activation.values()) {
            Buffer y = be.allocate(3);
            be.denseForward(buf(x), 1, 2, 3, padded(w), padded(b), act, y);
            double[] expected = new double[3];
            double sumExp = Math.exp(2) + Math.exp(2.5) + Math.exp(0);
            for (int o = 0; o < 3; o++) {
                switch (act) {
                    case LINEAR: expected[o] = z[o]; break;
                    case TANH: expected[o] = Math.tanh(z[o]); break;
                    case SIGMOID: expected[o] = 1.0 / (1.0 + Math.exp(-z[o])); break;
                    case RELU: expected[o] = Math.max(0.0, z[o]); break;
                    case HARD_SIGMOID_KERAS2: expected[o] = Math.min(1.0, Math.max(0.0, 0.2 * z[o] + 0.5)); break;
                    case HARD_SIGMOID_KERAS3: expected[o] = Math.min(1.0, Math.max(0.0, z[o] / 6.0 + 0.5)); break;
                    default: expected[o] = Math.exp(z[o]) / sumExp;
                }
            }
            // A few roundings of values ≤ 3 each: 1e-15 is ~5 ulps of 3.
            assertArrayEquals(expected, y.toDoubleArray(), 1e-15, act.kerasName());
        }
        // Without bias: z = [2, 2, −1].
        Buffer y = be.allocate(3);
        be.denseForward(buf(x), 1, 2, 3, buf(w), null, Activation.LINEAR, y);
        assertArrayEquals(new double[] {2, 2, -1}, y.toDoubleArray(), 0.0);
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        // z = [1000, 1001, 1000]: naive exp overflows; the shifted form gives softmax([0, 1, 0]).
        Buffer y = be.allocate(3);
        be.denseForward(buf(1), 1, 1, 3, buf(1000, 1001, 1000), null, Activation.SOFTMAX, y);
        double e = Math.E;
        assertArrayEquals(new double[] {1 / (2 + e), e / (2 + e), 1 / (2 + e)}, y.toDoubleArray(), 1e-15);
    }

    static Stream<Arguments> activationsWithAndWithoutBias() {
        return Arrays.stream(Activation.values()).flatMap(a -> Stream.of(Arguments.of(a, true), Arguments.of(a, false)));
    }

    /**
     * L = Σ c·y with y = act(x·W + b); backward with dy = c must give ∂L/∂W, ∂L/∂b, ∂L/∂x.
     *
     * <p>Error model. Perturbing one coordinate moves z along a vector with entries ≤ 2 in size (|x| ≤ 2,
     * |W| ≤ 2, bias 1; this wide a kernel drives the hard sigmoids into saturation). Element-wise activations have |f'''| ≤ 2 (tanh; sigmoid 1/8; the piecewise-linear
     * ones 0 when no kink is crossed, asserted below), so Σ over 15 outputs of |c|·2·2³ ≤ 240. For softmax,
     * the third directional derivative of y_k is y_k times a polynomial in centred direction entries (range
     * ≤ 4), bounded by 6·4³·y_k; Σ_k y_k = 1 per row, so ≤ 3·384 ≈ 1200. M3 = 2000 covers both.
     * Values: |z| ≤ 4·2·2 + 1 = 17, so L sums ≤ 15·17 plus the terms of z: F = 300. Roundings per evaluation:
     * 5 for z, ≤ 3 ulps in exp/tanh, 15 in the sum over outputs, error of z carried with slope ≤ 1: c = 32.
     */
    @ParameterizedTest
    @MethodSource("activationsWithAndWithoutBias")
    void backwardMatchesFiniteDifferences(Activation act, boolean withBias) {
        FiniteDifferences.ErrorModel model = new FiniteDifferences.ErrorModel(2000, 300, 32);
        double h = model.bestStep();
        double tol = model.tolerance(h);

        Random rnd = new Random(20240611L + act.ordinal());
        double[] x = uniform(rnd, R * IN, 2.0);
        double[] w = uniform(rnd, IN * OUT, 2.0);
        double[] b = withBias ? uniform(rnd, OUT, 1.0) : new double[OUT];
        double[] c = uniform(rnd, R * OUT, 1.0);
        checkAwayFromKinks(act, x, w, b, 4 * h);

        Buffer bias = withBias ? padded(b) : null;
        Buffer y = be.allocate(R * OUT);
        be.denseForward(padded(x), R, IN, OUT, padded(w), bias, act, y);

        Buffer dx = padded(new double[R * IN]);
        Buffer dW = padded(new double[IN * OUT]);
        Buffer db = withBias ? padded(new double[OUT]) : null;
        dx.fill(7.0);    // backward overwrites: stale values must not leak in
        dW.fill(7.0);
        if (db != null) db.fill(7.0);
        be.denseBackward(padded(x), y, padded(c), R, IN, OUT, padded(w), act, dx, dW, db);

        String name = act.kerasName() + (withBias ? " with bias" : " without bias");
        FiniteDifferences.assertGradient(name + " dKernel", dW.toDoubleArray(),
                FiniteDifferences.gradient(ww -> weightedOutput(x, ww, withBias ? b : null, act, c), w, h), tol);
        FiniteDifferences.assertGradient(name + " dx", dx.toDoubleArray(),
                FiniteDifferences.gradient(xx -> weightedOutput(xx, w, withBias ? b : null, act, c), x, h), tol);
        if (withBias) {
            FiniteDifferences.assertGradient(name + " dBias", db.toDoubleArray(),
                    FiniteDifferences.gradient(bb -> weightedOutput(x, w, bb, act, c), b, h), tol);
        }
    }

    /** Σ c·y through the backend's forward pass. */
    private double weightedOutput(double[] x, double[] w, double[] b, Activation act, double[] c) {
        Buffer y = be.allocate(R * OUT);
        be.denseForward(buf(x), R, IN, OUT, buf(w), b == null ? null : buf(b), act, y);
        double[] yv = y.toDoubleArray();
        double s = 0.0;
        for (int i = 0; i < yv.length; i++) s += c[i] * yv[i];
        return s;
    }

    /**
     * The piecewise-linear activations have kinks (relu at 0, hard sigmoids at ±2.5 and ±3) where finite
     * differences are meaningless: every pre-activation must stay farther than the largest move a step can
     * cause (2h per step), and both the linear and the flat pieces must occur so both slopes are tested.
     */
    private static void checkAwayFromKinks(Activation act, double[] x, double[] w, double[] b, double margin) {
        double[] kinks;
        switch (act) {
            case RELU: kinks = new double[] {0}; break;
            case HARD_SIGMOID_KERAS2: kinks = new double[] {-2.5, 2.5}; break;
            case HARD_SIGMOID_KERAS3: kinks = new double[] {-3, 3}; break;
            default: return;
        }
        int flat = 0, sloped = 0;
        for (int r = 0; r < R; r++) {
            for (int o = 0; o < OUT; o++) {
                double z = b[o];
                for (int i = 0; i < IN; i++) z += x[r * IN + i] * w[i * OUT + o];
                for (double k : kinks) assertTrue(Math.abs(z - k) > margin, "pre-activation " + z + " too close to kink " + k);
                if (act.derivative(z, act.apply(z)) == 0.0) flat++; else sloped++;
            }
        }
        assertTrue(flat > 0 && sloped > 0, act + ": test data must reach both pieces, got flat " + flat + ", sloped " + sloped);
    }

    @Test
    void backwardAtKinksUsesZeroSlopeOutsideTheOpenLinearRegion() {
        // Pre-activations exactly at the kinks: relu at 0, keras2 at ±2.5, keras3 at ±3 → slope 0.
        double[][] cases = {{0.0}, {-2.5, 2.5}, {-3.0, 3.0}};
        Activation[] acts = {Activation.RELU, Activation.HARD_SIGMOID_KERAS2, Activation.HARD_SIGMOID_KERAS3};
        for (int a = 0; a < acts.length; a++) {
            for (double z : cases[a]) {
                Buffer y = be.allocate(1);
                be.denseForward(buf(1), 1, 1, 1, buf(z), null, acts[a], y);
                Buffer dW = be.allocate(1);
                be.denseBackward(buf(1), y, buf(1), 1, 1, 1, buf(z), acts[a], null, dW, null);
                assertEquals(0.0, dW.toDoubleArray()[0], 0.0, acts[a] + " at " + z);
            }
        }
    }

    @Test
    void optionalGradientsMayBeOmittedWithoutChangingDKernel() {
        Random rnd = new Random(7);
        double[] x = uniform(rnd, R * IN, 1), w = uniform(rnd, IN * OUT, 1), c = uniform(rnd, R * OUT, 1);
        Buffer y = be.allocate(R * OUT);
        be.denseForward(buf(x), R, IN, OUT, buf(w), buf(uniform(rnd, OUT, 1)), Activation.TANH, y);
        Buffer full = be.allocate(IN * OUT), bare = be.allocate(IN * OUT);
        be.denseBackward(buf(x), y, buf(c), R, IN, OUT, buf(w), Activation.TANH, be.allocate(R * IN), full, be.allocate(OUT));
        be.denseBackward(buf(x), y, buf(c), R, IN, OUT, buf(w), Activation.TANH, null, bare, null);
        assertArrayEquals(full.toDoubleArray(), bare.toDoubleArray(), 0.0);
    }

    @Test
    void shortBuffersAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> be.denseForward(be.allocate(R * IN), R, IN, OUT, be.allocate(IN * OUT - 1), null, Activation.LINEAR,
                        be.allocate(R * OUT)));
        assertTrue(e.getMessage().contains("kernel") && e.getMessage().contains(String.valueOf(IN * OUT)), e.getMessage());
    }

    // ---------------------------------------------------------------- embedding

    @Test
    void embeddingGathersRowsAndScatterAddsRepeatedIds() {
        int vocab = 5, dim = 3;
        double[] table = new double[vocab * dim];
        for (int i = 0; i < table.length; i++) table[i] = 10 * (i / dim) + i % dim;    // row v = [10v, 10v+1, 10v+2]
        double[] ids = {2, 0, 2, 4, 2};
        Buffer out = be.allocate(ids.length * dim);
        be.embeddingForward(padded(ids), ids.length, padded(table), vocab, dim, out);
        assertArrayEquals(new double[] {20, 21, 22, 0, 1, 2, 20, 21, 22, 40, 41, 42, 20, 21, 22}, out.toDoubleArray(), 0.0);

        double[] dOut = uniform(new Random(3), ids.length * dim, 1);
        Buffer dTable = padded(new double[vocab * dim]);
        dTable.fill(7.0);
        be.embeddingBackward(padded(ids), ids.length, padded(dOut), vocab, dim, dTable);
        double[] expected = new double[vocab * dim];
        for (int d = 0; d < dim; d++) {
            expected[2 * dim + d] = ((0.0 + dOut[d]) + dOut[2 * dim + d]) + dOut[4 * dim + d];    // in order of i
            expected[d] = dOut[dim + d];
            expected[4 * dim + d] = dOut[3 * dim + d];
        }
        assertArrayEquals(expected, dTable.toDoubleArray(), 0.0);

        // The same through finite differences of L = Σ dOut·out: L is linear in the table (M3 = 0), so with
        // h = 0.5 only roundoff remains: ≤ 16 roundings of values ≤ 45·1 in 15 terms, F = 700.
        double h = 0.5;
        double tol = new FiniteDifferences.ErrorModel(0, 700, 16).tolerance(h);
        double[] numeric = FiniteDifferences.gradient(t -> {
            Buffer o = be.allocate(ids.length * dim);
            be.embeddingForward(buf(ids), ids.length, buf(t), vocab, dim, o);
            double[] ov = o.toDoubleArray();
            double s = 0;
            for (int i = 0; i < ov.length; i++) s += dOut[i] * ov[i];
            return s;
        }, table, h);
        FiniteDifferences.assertGradient("embedding dTable", dTable.toDoubleArray(), numeric, tol);
    }

    @Test
    void embeddingRejectsIdsOutsideTheVocabularyNamingIdAndPosition() {
        int vocab = 4, dim = 2;
        for (double bad : new double[] {4, -1, 1.5, Double.NaN}) {
            double[] ids = {0, 3, 1, bad};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> be.embeddingForward(buf(ids), 4, be.allocate(vocab * dim), vocab, dim, be.allocate(4 * dim)));
            assertTrue(e.getMessage().contains("id " + bad) && e.getMessage().contains("position 3")
                    && e.getMessage().contains("[0, 4)"), e.getMessage());

            Buffer dTable = be.allocate(vocab * dim);
            dTable.fill(7.0);
            assertThrows(IllegalArgumentException.class,
                    () -> be.embeddingBackward(buf(ids), 4, be.allocate(4 * dim), vocab, dim, dTable));
            assertArrayEquals(new double[] {7, 7, 7, 7, 7, 7, 7, 7}, dTable.toDoubleArray(), 0.0, "dTable untouched on error");
        }
    }
}

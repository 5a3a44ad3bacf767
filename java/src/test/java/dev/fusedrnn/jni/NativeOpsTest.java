package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;
import dev.fusedrnn.backend.OptimizerSpec;
import dev.fusedrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.fusedrnn.jni.Twin.U;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every non-recurrent operation of the cpu backend against the reference backend on odd sizes, from
 * identical float32 inputs. Bounds come from float32 error analysis (u = 2^-24) and are stated per test;
 * where the native code computes in double from the same floats (losses, metrics, optimizer rules) the
 * results may differ only by the final rounding to float.
 */
class NativeOpsTest {
    private static NativeBackend cpu;
    private static final ReferenceBackend REF = new ReferenceBackend();

    @BeforeAll
    static void open() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
        cpu = new NativeBackend(2);
    }

    @AfterAll
    static void close() { if (cpu != null) cpu.close(); }

    /** |a_i − r_i| ≤ bound_i for every i, with the first violation named. */
    static void assertWithin(String what, double[] ref, float[] actual, double[] bound) {
        assertEquals(ref.length, actual.length, what + ": length");
        for (int i = 0; i < ref.length; i++) {
            double err = Math.abs(actual[i] - ref[i]);
            int k = i;
            assertTrue(err <= bound[i], () -> what + "[" + k + "]: cpu " + actual[k] + ", reference " + ref[k]
                    + ", error " + err + " > bound " + bound[k]);
        }
    }

    /** Bounds of u·c·|r_i| (+ a tiny absolute floor for exact zeros). */
    static double[] relative(double[] ref, double c) {
        double[] b = new double[ref.length];
        for (int i = 0; i < b.length; i++) b[i] = c * U * Math.abs(ref[i]) + Double.MIN_NORMAL;
        return b;
    }

    /**
     * Dense forward, rows 7, in 13, out 5. The pre-activation z = Σ_i x·w + b in float32 (GEMM, then the
     * bias) is within (in + 1)·u·S of the exact value, S = Σ_i |x·w| + |b|. Element-wise activations are
     * 1-Lipschitz (the hard sigmoids 0.2 and 1/6) and add a few ulp of their own: bound (in + 1)·u·S + 4u·max(1, |y|).
     * Softmax: y_k·(1 + δ) with |δ| ≤ |Δz_k| + max_j |Δz_j| + 8u (exp, sum, division): bound y_k·(2(in + 1)u·max S + 8u).
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseForwardMatchesTheReference(Activation act) {
        int rows = 7, in = 13, out = 5;
        Random r = new Random(11 + act.ordinal());
        Twin x = Twin.uniform(cpu, REF, r, rows * in, -1.5, 1.5);
        Twin k = Twin.uniform(cpu, REF, r, in * out, -1, 1);
        Twin b = Twin.uniform(cpu, REF, r, out, -0.5, 0.5);
        Twin y = Twin.zeros(cpu, REF, rows * out);
        cpu.denseForward(x.cpu, rows, in, out, k.cpu, b.cpu, act, y.cpu);
        REF.denseForward(x.ref, rows, in, out, k.ref, b.ref, act, y.ref);
        double[] ref = y.refValues();
        double[] bound = new double[ref.length];
        for (int row = 0; row < rows; row++) {
            double maxS = 0;
            double[] s = new double[out];
            for (int o = 0; o < out; o++) {
                s[o] = Math.abs(b.values[o]);
                for (int i = 0; i < in; i++) s[o] += Math.abs(x.values[row * in + i] * k.values[i * out + o]);
                maxS = Math.max(maxS, s[o]);
            }
            for (int o = 0; o < out; o++) {
                int j = row * out + o;
                bound[j] = act == Activation.SOFTMAX ? ref[j] * (2 * (in + 1) * U * maxS + 8 * U)
                        : (in + 1) * U * s[o] + 4 * U * Math.max(1, Math.abs(ref[j]));
            }
        }
        assertWithin("dense " + act + " y", ref, y.cpuValues(), bound);
    }

    /**
     * Dense backward from the same x, y, dy, kernel on both sides, rows 9, in 6, out 11. dz = dy·f'(y) is
     * within 3u·D of exact, D = |dy·f'(y)| (softmax: |y|·(|dy| + Σ|dy·y|), the dot in double). A K-term sum
     * of products then stays within (K + 4)·u·Σ|terms|: dKernel over K = rows, dx over K = out; dBias sums
     * in double: 4u·Σ|dz|.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseBackwardMatchesTheReference(Activation act) {
        int rows = 9, in = 6, out = 11;
        Random r = new Random(23 + act.ordinal());
        Twin x = Twin.uniform(cpu, REF, r, rows * in, -1, 1);
        Twin k = Twin.uniform(cpu, REF, r, in * out, -1, 1);
        Twin dy = Twin.uniform(cpu, REF, r, rows * out, -1, 1);
        // y from the reference forward, rounded to float, on both sides (hard sigmoids include saturated values)
        Twin yRef = Twin.zeros(cpu, REF, rows * out);
        Twin x3 = Twin.of(cpu, REF, scaled(x.values, 3));
        REF.denseForward(x3.ref, rows, in, out, k.ref, null, act, yRef.ref);
        Twin y = Twin.of(cpu, REF, toFloat(yRef.refValues()));
        Twin dx = Twin.zeros(cpu, REF, rows * in), dk = Twin.zeros(cpu, REF, in * out), db = Twin.zeros(cpu, REF, out);
        cpu.denseBackward(x.cpu, y.cpu, dy.cpu, rows, in, out, k.cpu, act, dx.cpu, dk.cpu, db.cpu);
        REF.denseBackward(x.ref, y.ref, dy.ref, rows, in, out, k.ref, act, dx.ref, dk.ref, db.ref);

        double[] d = new double[rows * out];   // magnitude of dz
        for (int row = 0; row < rows; row++) {
            double dot = 0;
            for (int o = 0; o < out; o++) dot += Math.abs(dy.values[row * out + o] * y.values[row * out + o]);
            for (int o = 0; o < out; o++) {
                int j = row * out + o;
                d[j] = act == Activation.SOFTMAX ? Math.abs(y.values[j]) * (Math.abs(dy.values[j]) + dot)
                        : Math.abs(dy.values[j] * slope(act, y.values[j]));
            }
        }
        double[] bk = new double[in * out], bb = new double[out], bx = new double[rows * in];
        for (int i = 0; i < in; i++)
            for (int o = 0; o < out; o++)
                for (int row = 0; row < rows; row++) bk[i * out + o] += (rows + 4) * U * Math.abs(x.values[row * in + i]) * d[row * out + o];
        for (int o = 0; o < out; o++) for (int row = 0; row < rows; row++) bb[o] += 4 * U * d[row * out + o];
        for (int row = 0; row < rows; row++)
            for (int i = 0; i < in; i++)
                for (int o = 0; o < out; o++) bx[row * in + i] += (out + 4) * U * d[row * out + o] * Math.abs(k.values[i * out + o]);
        assertWithin("dense " + act + " dKernel", dk.refValues(), dk.cpuValues(), floor(bk));
        assertWithin("dense " + act + " dBias", db.refValues(), db.cpuValues(), floor(bb));
        assertWithin("dense " + act + " dx", dx.refValues(), dx.cpuValues(), floor(bx));
    }

    @Test
    void denseWithoutBiasAndOptionalGradientsAndZeroRows() {
        Random r = new Random(5);
        Twin x = Twin.uniform(cpu, REF, r, 3 * 4, -1, 1), k = Twin.uniform(cpu, REF, r, 4 * 2, -1, 1);
        Twin y = Twin.zeros(cpu, REF, 6), dk = Twin.of(cpu, REF, new float[] {9, 9, 9, 9, 9, 9, 9, 9});
        cpu.denseForward(x.cpu, 3, 4, 2, k.cpu, null, Activation.LINEAR, y.cpu);
        REF.denseForward(x.ref, 3, 4, 2, k.ref, null, Activation.LINEAR, y.ref);
        assertWithin("dense linear, no bias", y.refValues(), y.cpuValues(), relative(y.refValues(), 16));
        cpu.denseBackward(x.cpu, y.cpu, y.cpu, 0, 4, 2, k.cpu, Activation.TANH, null, dk.cpu, null);   // no rows
        assertArrayEquals(new float[8], dk.cpuValues());
    }

    @Test
    void embeddingMatchesTheReferenceAndAccumulatesRepeatedIds() {
        int vocab = 7, dim = 3, count = 11;
        Random r = new Random(8);
        float[] ids = new float[count];
        for (int i = 0; i < count; i++) ids[i] = r.nextInt(4);   // ids 0..3 repeat
        Twin id = Twin.of(cpu, REF, ids), table = Twin.uniform(cpu, REF, r, vocab * dim, -1, 1);
        Twin out = Twin.zeros(cpu, REF, count * dim), dOut = Twin.uniform(cpu, REF, r, count * dim, -1, 1);
        Twin dTable = Twin.uniform(cpu, REF, r, vocab * dim, 5, 6);   // garbage to be overwritten
        cpu.embeddingForward(id.cpu, count, table.cpu, vocab, dim, out.cpu);
        REF.embeddingForward(id.ref, count, table.ref, vocab, dim, out.ref);
        assertArrayEquals(toFloat(out.refValues()), out.cpuValues());   // copies: exact
        cpu.embeddingBackward(id.cpu, count, dOut.cpu, vocab, dim, dTable.cpu);
        REF.embeddingBackward(id.ref, count, dOut.ref, vocab, dim, dTable.ref);
        // float sums of at most `count` terms in order of i: within count·u·Σ|terms|
        double[] bound = new double[vocab * dim];
        for (int i = 0; i < count; i++) for (int d = 0; d < dim; d++) bound[(int) ids[i] * dim + d] += count * U * Math.abs(dOut.values[i * dim + d]);
        assertWithin("embedding dTable", dTable.refValues(), dTable.cpuValues(), floor(bound));
    }

    @Test
    void elementwiseAndLayoutOperationsMatchTheReference() {
        Random r = new Random(3);
        int rows = 5, cols = 7;
        Twin x = Twin.uniform(cpu, REF, r, rows * cols, -2, 2), s = Twin.uniform(cpu, REF, r, rows, -1, 1);
        Twin out = Twin.zeros(cpu, REF, rows * cols);
        cpu.scaleRows(x.cpu, s.cpu, rows, cols, out.cpu);
        REF.scaleRows(x.ref, s.ref, rows, cols, out.ref);
        assertWithin("scaleRows", out.refValues(), out.cpuValues(), relative(out.refValues(), 1));   // one rounding: |δ| ≤ u
        // Each from fresh identical inputs; a product of two floats is exact in double, so one rounding.
        Twin m = Twin.uniform(cpu, REF, r, rows * cols + 3, -2, 2);
        cpu.multiply(x.cpu, m.cpu, m.cpu.slice(0, rows * cols));   // in place, over out's length
        REF.multiply(x.ref, m.ref, m.ref.slice(0, rows * cols));
        assertWithin("multiply in place", m.refValues(), m.cpuValues(), relative(m.refValues(), 1));
        // α·a + β·b in double (two roundings of 2^-53) then one rounding to float
        Twin p = Twin.uniform(cpu, REF, r, rows * cols, -2, 2), q = Twin.uniform(cpu, REF, r, rows * cols, -2, 2);
        cpu.axpby(0.3, p.cpu, -1.7, q.cpu, q.cpu);
        REF.axpby(0.3, p.ref, -1.7, q.ref, q.ref);
        double[] qb = relative(q.refValues(), 1);
        for (int i = 0; i < qb.length; i++) qb[i] += 0x1p-52 * (0.3 * Math.abs(p.values[i]) + 1.7 * Math.abs(q.values[i]));
        assertWithin("axpby", q.refValues(), q.cpuValues(), qb);
        Twin half = Twin.uniform(cpu, REF, r, 9, -2, 2), o9 = Twin.zeros(cpu, REF, 9);
        cpu.axpby(0.5, half.cpu, 0, null, o9.cpu);   // b unused when beta = 0
        assertArrayEquals(scaled(half.values, 0.5f), o9.cpuValues());

        Twin seq = Twin.uniform(cpu, REF, r, 3 * 4 * 5, -1, 1), rev = Twin.zeros(cpu, REF, 60);
        cpu.reverseTime(seq.cpu, 3, 4, 5, rev.cpu);
        REF.reverseTime(seq.ref, 3, 4, 5, rev.ref);
        assertArrayEquals(toFloat(rev.refValues()), rev.cpuValues());
        cpu.reverseTime(seq.cpu.slice(0, 40), 2, 4, 5, seq.cpu.slice(20, 40));   // overlapping in and out
        REF.reverseTime(seq.ref.slice(0, 40), 2, 4, 5, seq.ref.slice(20, 40));
        assertArrayEquals(toFloat(seq.refValues()), seq.cpuValues());

        Twin a = Twin.uniform(cpu, REF, r, rows * 2, -1, 1), b = Twin.uniform(cpu, REF, r, rows * 3, -1, 1);
        Twin cat = Twin.zeros(cpu, REF, rows * 5), a2 = Twin.zeros(cpu, REF, rows * 2), b2 = Twin.zeros(cpu, REF, rows * 3);
        cpu.concatColumns(a.cpu, 2, b.cpu, 3, rows, cat.cpu);
        REF.concatColumns(a.ref, 2, b.ref, 3, rows, cat.ref);
        assertArrayEquals(toFloat(cat.refValues()), cat.cpuValues());
        cpu.splitColumns(cat.cpu, 2, 3, rows, a2.cpu, b2.cpu);
        assertArrayEquals(a.values, a2.cpuValues());
        assertArrayEquals(b.values, b2.cpuValues());

        Twin padded = Twin.of(cpu, REF, 0, 0, 0, 3, Float.NaN, 0, 1, 2), mask = Twin.of(cpu, REF, 9, 9, 9, 9);
        cpu.notEqualMask(padded.cpu, 4, 2, 0.0, mask.cpu);
        REF.notEqualMask(padded.ref, 4, 2, 0.0, mask.ref);
        assertArrayEquals(toFloat(mask.refValues()), mask.cpuValues());

        assertEquals(REF.sumOfSquares(x.ref), cpu.sumOfSquares(x.cpu), 0.0);   // same double sums in the same order
        Twin c = Twin.of(cpu, REF, -3, 0.5f, Float.NaN, 9, -0.25f);
        cpu.clip(c.cpu, -1, 0.3);
        REF.clip(c.ref, -1, 0.3);
        assertArrayEquals(toFloat(c.refValues()), c.cpuValues());
    }

    private static float[] scaled(float[] v, float s) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = v[i] * s;
        return o;
    }

    static float[] toFloat(double[] v) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = (float) v[i];
        return o;
    }

    private static double[] floor(double[] bound) {
        for (int i = 0; i < bound.length; i++) bound[i] += Double.MIN_NORMAL;
        return bound;
    }

    private static double slope(Activation act, double y) {
        switch (act) {
            case RELU: return y > 0 ? 1 : 0;
            case HARD_SIGMOID_KERAS2: return y > 0 && y < 1 ? 0.2 : 0;
            case HARD_SIGMOID_KERAS3: return y > 0 && y < 1 ? 1 / 6.0 : 0;
            case SOFTMAX: return 1;
            default: return act.derivative(Double.NaN, y);
        }
    }
}

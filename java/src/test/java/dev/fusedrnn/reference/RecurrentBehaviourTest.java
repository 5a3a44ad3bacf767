package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Semantics of the time loop, per cell: masking, go_backwards, return_sequences, inference and dropout,
 * each checked against an equivalent plain run. Where both runs do the same arithmetic in the same order
 * the results are compared bit for bit; where an equivalence regroups a product ((m·h)·U against
 * h·(m·U)) a few ulps differ per product, so 1e-13 absolute on values of order 1 is allowed.
 */
class RecurrentBehaviourTest {
    static final int C = 3, H = 4;

    static RnnSpec spec(RecurrentGradCheckTest.Variant v, boolean goBackwards, boolean returnSequences, boolean zero) {
        return new RnnSpec(v.cell, C, H, v.act, Activation.SIGMOID, v.resetAfter, goBackwards, returnSequences, zero);
    }

    static RnnCase random(RnnSpec spec, int batch, int time, long seed) {
        return RnnCase.random(spec, batch, time, seed, 1).withState(seed + 1).withReturnedState(seed + 2);
    }

    /** x[n, t, :] for the listed steps of sample n only, as a [1, steps, C] input. */
    static double[] steps(double[] x, int n, int time, int[] ts) {
        double[] out = new double[ts.length * C];
        for (int i = 0; i < ts.length; i++) System.arraycopy(x, (n * time + ts[i]) * C, out, i * C, C);
        return out;
    }

    static double[] row(double[] a, int n, int width) { return Arrays.copyOfRange(a, n * width, (n + 1) * width); }

    /**
     * A masked step is skipped: the masked run's outputs at valid steps and its final state equal a run of
     * only the valid steps; masked steps repeat the previous output (zero before the first valid step), or
     * output zero with zeroOutputForMask.
     */
    @ParameterizedTest
    @EnumSource(RecurrentGradCheckTest.Variant.class)
    void maskedStepsAreSkipped(RecurrentGradCheckTest.Variant v) {
        for (boolean zero : new boolean[] {false, true}) {
            int time = 6;
            RnnCase c = random(spec(v, false, true, zero), 2, time, 21);
            c.mask = new double[] {0, 1, 1, 0, 1, 0, /**/ 1, 0, 0, 1, 1, 1};
            RnnCase.Result r = c.forward(false);
            for (int n = 0; n < 2; n++) {
                int count = 0;
                int[] valid = new int[time];
                for (int t = 0; t < time; t++) if (c.mask[n * time + t] == 1) valid[count++] = t;
                valid = Arrays.copyOf(valid, count);
                RnnCase one = new RnnCase(c.spec, 1, valid.length);
                one.x = steps(c.x, n, time, valid);
                one.kernel = c.kernel;
                one.recurrentKernel = c.recurrentKernel;
                one.bias = c.bias;
                one.h0 = row(c.h0, n, H);
                one.c0 = c.c0 == null ? null : row(c.c0, n, H);
                one.givenState = true;
                RnnCase.Result o = one.forward(false);
                assertArrayEquals(o.hLast, row(r.hLast, n, H), 0, "final state carried over masked steps");
                if (c.c0 != null) assertArrayEquals(o.cLast, row(r.cLast, n, H), 0, "final cell state");
                double[] expected = new double[H];   // zero before the first valid step
                for (int t = 0, k = 0; t < time; t++) {
                    double[] got = Arrays.copyOfRange(r.output, (n * time + t) * H, (n * time + t + 1) * H);
                    if (c.mask[n * time + t] == 1) {
                        expected = Arrays.copyOfRange(o.output, k * H, (k + 1) * H);
                        k++;
                        assertArrayEquals(expected, got, 0, "valid step " + t + " of sample " + n);
                    } else {
                        assertArrayEquals(zero ? new double[H] : expected, got, 0, "masked step " + t + " of sample " + n);
                    }
                }
            }
        }
    }

    /** go_backwards equals running forward on x and mask reversed in time, gradients included. */
    @ParameterizedTest
    @EnumSource(RecurrentGradCheckTest.Variant.class)
    void goBackwardsEqualsReversedInput(RecurrentGradCheckTest.Variant v) {
        int batch = 2, time = 5;
        RnnCase back = random(spec(v, true, true, false), batch, time, 31);
        back.mask = new double[] {1, 1, 0, 1, 0, /**/ 0, 0, 1, 1, 1};
        RnnCase fwd = random(spec(v, false, true, false), batch, time, 31);
        fwd.x = reverse(back.x, batch, time, C);
        fwd.mask = reverse(back.mask, batch, time, 1);
        RnnCase.Result rb = back.forward(false), rf = fwd.forward(false);
        assertArrayEquals(rf.output, rb.output, 0, "output sequence in processing order");
        assertArrayEquals(rf.hLast, rb.hLast, 0);
        RnnCase.Grads gb = back.backward(), gf = fwd.backward();
        assertArrayEquals(reverse(gf.dx, batch, time, C), gb.dx, 0, "dx in input time order");
        assertArrayEquals(gf.dKernel, gb.dKernel, 0);
        assertArrayEquals(gf.dRecurrentKernel, gb.dRecurrentKernel, 0);
        assertArrayEquals(gf.dBias, gb.dBias, 0);
        assertArrayEquals(gf.dh0, gb.dh0, 0);
    }

    static double[] reverse(double[] a, int batch, int time, int width) {
        double[] out = new double[a.length];
        for (int n = 0; n < batch; n++) {
            for (int t = 0; t < time; t++) {
                System.arraycopy(a, (n * time + t) * width, out, (n * time + time - 1 - t) * width, width);
            }
        }
        return out;
    }

    /** return_sequences = false gives the last element of the output sequence (with a mask: maybe not hLast). */
    @ParameterizedTest
    @EnumSource(RecurrentGradCheckTest.Variant.class)
    void lastOutputIsLastSequenceElement(RecurrentGradCheckTest.Variant v) {
        int time = 4;
        for (boolean zero : new boolean[] {false, true}) {
            RnnCase seq = random(spec(v, false, true, zero), 3, time, 41);
            RnnCase last = random(spec(v, false, false, zero), 3, time, 41);
            seq.mask = new double[] {1, 1, 1, 1, /**/ 1, 1, 0, 0, /**/ 0, 0, 0, 0};
            last.mask = seq.mask;
            double[] s = seq.forward(false).output, l = last.forward(false).output;
            for (int n = 0; n < 3; n++) {
                assertArrayEquals(Arrays.copyOfRange(s, (n * time + time - 1) * H, (n * time + time) * H), row(l, n, H), 0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentGradCheckTest.Variant.class)
    void inferenceKeepsNoTapeAndGivesTheSameOutputs(RecurrentGradCheckTest.Variant v) {
        RnnCase c = random(spec(v, false, true, false), 2, 5, 51);
        c.mask = new double[] {1, 0, 1, 1, 0, /**/ 1, 1, 1, 1, 1};
        RnnCase.Result train = c.forward(true), infer = c.forward(false);
        assertNull(infer.tape);
        assertEquals(RecurrentRef.Tape.class, train.tape.getClass());
        assertArrayEquals(train.output, infer.output, 0);
        assertArrayEquals(train.hLast, infer.hLast, 0);
        if (c.c0 != null) assertArrayEquals(train.cLast, infer.cLast, 0);
    }

    /** Input dropout [N, C] multiplies x at every step: the same as running on x with the mask applied. */
    @ParameterizedTest
    @EnumSource(RecurrentGradCheckTest.Variant.class)
    void inputDropoutScalesEveryStep(RecurrentGradCheckTest.Variant v) {
        int batch = 2, time = 5;
        RnnCase c = random(spec(v, false, true, false), batch, time, 61);
        c.inputDropout = new double[] {0, 4 / 3.0, 4 / 3.0, /**/ 4 / 3.0, 0, 4 / 3.0};
        RnnCase plain = random(spec(v, false, true, false), batch, time, 61);
        for (int n = 0; n < batch; n++) {
            for (int t = 0; t < time; t++) {
                for (int k = 0; k < C; k++) plain.x[(n * time + t) * C + k] *= c.inputDropout[n * C + k];
            }
        }
        assertArrayEquals(plain.forward(false).output, c.forward(false).output, 0);
    }

    /**
     * Recurrent dropout [N, H] multiplies h_{t-1} in the recurrent product only: per sample n, the same as
     * scaling row k of U by m[n, k]. With zeros the GRU's z·h_{t-1} must still see the undropped state
     * (Keras 3), and the LSTM's c_{t-1} is never dropped: a dropped-everywhere state would differ.
     */
    @ParameterizedTest
    @EnumSource(RecurrentGradCheckTest.Variant.class)
    void recurrentDropoutScalesTheRecurrentProductOnly(RecurrentGradCheckTest.Variant v) {
        int batch = 2, time = 5;
        RnnCase c = random(spec(v, false, true, false), batch, time, 71);
        c.recurrentDropout = new double[] {0, 0, 0, 0, /**/ 0, 4 / 3.0, 4 / 3.0, 0};
        RnnCase.Result r = c.forward(false);
        int cols = c.spec.gateColumns();
        for (int n = 0; n < batch; n++) {
            RnnCase one = new RnnCase(c.spec, 1, time);
            one.x = Arrays.copyOfRange(c.x, n * time * C, (n + 1) * time * C);
            one.kernel = c.kernel;
            one.bias = c.bias;
            one.recurrentKernel = c.recurrentKernel.clone();
            for (int k = 0; k < H; k++) {
                for (int j = 0; j < cols; j++) one.recurrentKernel[k * cols + j] *= c.recurrentDropout[n * H + k];
            }
            one.h0 = row(c.h0, n, H);
            one.c0 = c.c0 == null ? null : row(c.c0, n, H);
            one.givenState = true;
            RnnCase.Result o = one.forward(false);
            assertArrayEquals(o.output, Arrays.copyOfRange(r.output, n * time * H, (n + 1) * time * H), 1e-13,
                    "sample " + n);
        }
        // The all-zero mask of sample 0 really changes the result (the check above is not vacuous).
        RnnCase undropped = random(spec(v, false, true, false), batch, time, 71);
        double[] u = undropped.forward(false).output;
        double diff = 0;
        for (int i = 0; i < u.length; i++) diff = Math.max(diff, Math.abs(u[i] - r.output[i]));
        assertTrue(diff > 1e-3, "recurrent dropout changed the output by only " + diff);
    }

    /** Gradients are overwritten, not accumulated: a second backward pass gives the same numbers. */
    @ParameterizedTest
    @EnumSource(value = RecurrentGradCheckTest.Variant.class, names = {"LSTM", "GRU"})
    void backwardOverwritesItsOutputs(RecurrentGradCheckTest.Variant v) {
        RnnCase c = random(spec(v, false, true, false), 2, 4, 81);
        c.mask = new double[] {1, 0, 1, 1, /**/ 0, 0, 0, 0};
        ReferenceBackend dev = RnnCase.BACKEND;
        RnnBuffers b = c.buffers(false);
        RnnTape tape = dev.rnnForward(c.spec, b, true);
        RnnGrads g = new RnnGrads();
        g.dOutput = RnnCase.buf(c.dOutput);
        g.dx = dev.allocate(c.x.length);
        g.dKernel = dev.allocate(c.kernel.length);
        g.dRecurrentKernel = dev.allocate(c.recurrentKernel.length);
        g.dBias = dev.allocate(c.bias.length);
        dev.rnnBackward(c.spec, b, tape, g);
        double[] dx = g.dx.toDoubleArray(), dk = g.dKernel.toDoubleArray(), db = g.dBias.toDoubleArray();
        dev.rnnBackward(c.spec, b, tape, g);
        assertArrayEquals(dx, g.dx.toDoubleArray(), 0);
        assertArrayEquals(dk, g.dKernel.toDoubleArray(), 0);
        assertArrayEquals(db, g.dBias.toDoubleArray(), 0);
    }
}

package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finite-difference checks of every gradient (x, kernel, recurrent kernel, bias, h0, c0) of the
 * reference backward pass, for every cell and every option, of L = Σ dOut·output + Σ dhLast·hLast +
 * Σ dcLast·cLast. Tolerance and step: see {@link GradCheck}. Sizes N = 2..3, T = 5..6, C = 3, H = 4.
 */
class RecurrentGradCheckTest {

    enum Variant {
        RNN_TANH(CellType.SIMPLE_RNN, Activation.TANH, false), RNN_RELU(CellType.SIMPLE_RNN, Activation.RELU, false),
        LSTM(CellType.LSTM, Activation.TANH, false), GRU(CellType.GRU, Activation.TANH, true),
        GRU_V1(CellType.GRU, Activation.TANH, false);

        final CellType cell;
        final Activation act;
        final boolean resetAfter;

        Variant(CellType cell, Activation act, boolean resetAfter) {
            this.cell = cell;
            this.act = act;
            this.resetAfter = resetAfter;
        }
    }

    enum MaskKind { NONE, MIXED, FULL_ROW }

    /** One column of the option matrix. */
    record Opt(String name, boolean returnSequences, boolean returnState, boolean goBackwards, MaskKind mask,
               boolean zeroOutputForMask, boolean givenState, boolean dropout, boolean recurrentDropout,
               Activation gate) {
        @Override public String toString() { return name; }
    }

    static final List<Opt> OPTIONS = List.of(
            new Opt("sequence", true, false, false, MaskKind.NONE, false, false, false, false, Activation.SIGMOID),
            new Opt("last output", false, false, false, MaskKind.NONE, false, false, false, false, Activation.SIGMOID),
            new Opt("sequence + states", true, true, false, MaskKind.NONE, false, false, false, false, Activation.SIGMOID),
            new Opt("last output + states", false, true, false, MaskKind.NONE, false, false, false, false, Activation.SIGMOID),
            new Opt("initial state", true, true, false, MaskKind.NONE, false, true, false, false, Activation.SIGMOID),
            new Opt("go_backwards", true, true, true, MaskKind.NONE, false, true, false, false, Activation.SIGMOID),
            new Opt("go_backwards + mask", true, true, true, MaskKind.MIXED, false, true, false, false, Activation.SIGMOID),
            new Opt("mask pre/post/holes", true, true, false, MaskKind.MIXED, false, false, false, false, Activation.SIGMOID),
            new Opt("mask, last output", false, true, false, MaskKind.MIXED, false, true, false, false, Activation.SIGMOID),
            new Opt("fully masked row", true, true, false, MaskKind.FULL_ROW, false, true, false, false, Activation.SIGMOID),
            new Opt("fully masked row, last output", false, true, false, MaskKind.FULL_ROW, false, true, false, false,
                    Activation.SIGMOID),
            new Opt("zero output for mask", true, true, false, MaskKind.MIXED, true, true, false, false, Activation.SIGMOID),
            new Opt("zero output, go_backwards", true, false, true, MaskKind.FULL_ROW, true, false, false, false,
                    Activation.SIGMOID),
            new Opt("input dropout", true, false, false, MaskKind.NONE, false, false, true, false, Activation.SIGMOID),
            new Opt("recurrent dropout", true, true, false, MaskKind.NONE, false, true, false, true, Activation.SIGMOID),
            new Opt("both dropouts, last output", false, true, false, MaskKind.NONE, false, true, true, true,
                    Activation.SIGMOID),
            new Opt("hard_sigmoid_keras2", true, true, false, MaskKind.NONE, false, true, false, false,
                    Activation.HARD_SIGMOID_KERAS2),
            new Opt("hard_sigmoid_keras3", true, true, false, MaskKind.NONE, false, true, false, false,
                    Activation.HARD_SIGMOID_KERAS3),
            new Opt("everything, keras3", true, true, true, MaskKind.MIXED, true, true, true, true,
                    Activation.HARD_SIGMOID_KERAS3),
            new Opt("everything, keras2, last output", false, true, true, MaskKind.FULL_ROW, false, true, true, true,
                    Activation.HARD_SIGMOID_KERAS2));

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Variant v : Variant.values()) {
            for (Opt o : OPTIONS) {
                // SimpleRNN has no gates: its recurrent activation is unused, a hard sigmoid adds nothing.
                if (v.cell == CellType.SIMPLE_RNN && o.gate != Activation.SIGMOID) continue;
                all.add(Arguments.of(v, o));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Variant v, Opt o) {
        RnnCase c = build(v, o);
        RnnCase.Grads g = c.backward();
        GradCheck.check("x", c.x, g.dx, () -> c.loss(false));
        GradCheck.check("kernel", c.kernel, g.dKernel, () -> c.loss(false));
        GradCheck.check("recurrent kernel", c.recurrentKernel, g.dRecurrentKernel, () -> c.loss(false));
        GradCheck.check("bias", c.bias, g.dBias, () -> c.loss(false));
        // Without a given state the gradient is taken at the zero state, passed explicitly to perturb it.
        GradCheck.check("h0", c.h0, g.dh0, () -> c.loss(true));
        if (c.c0 != null) GradCheck.check("c0", c.c0, g.dc0, () -> c.loss(true));
    }

    /** Draws seeds in turn until the case has no pre-activation within 1e-3 of a kink and visits both sides. */
    static RnnCase build(Variant v, Opt o) {
        for (long seed = 1; seed <= 50; seed++) {
            RnnCase c = draw(v, o, seed);
            if (kinkFree(c, 1e-3)) return c;
        }
        fail(v + " " + o + ": no kink-free draw among 50 seeds");
        return null;
    }

    static RnnCase draw(Variant v, Opt o, long seed) {
        RnnSpec spec = new RnnSpec(v.cell, 3, 4, v.act, o.gate, v.resetAfter, o.goBackwards, o.returnSequences,
                o.zeroOutputForMask);
        int batch = o.mask == MaskKind.MIXED ? 3 : 2, time = o.mask == MaskKind.NONE ? 6 : 5;
        // Hard sigmoids need pre-activations beyond their kinks (±2.5, ±3): larger weights reach them.
        double scale = o.gate == Activation.SIGMOID ? 1 : 3;
        RnnCase c = RnnCase.random(spec, batch, time, 1000 * seed + v.ordinal(), scale);
        if (o.givenState) c.withState(seed + 7);
        if (o.returnState) c.withReturnedState(seed + 11);
        if (o.mask == MaskKind.MIXED) {
            c.mask = new double[] {0, 0, 1, 1, 1, /* pre-padded */ 1, 1, 1, 0, 0, /* post-padded */ 1, 0, 1, 0, 1 /* holes */};
        } else if (o.mask == MaskKind.FULL_ROW) {
            c.mask = new double[] {0, 0, 0, 0, 0, /* fully masked */ 0, 1, 0, 0, 1};
        }
        // Keep-masks of rate p = 0.25: entries 0 or 1/(1-p), at least one of each per row.
        if (o.dropout) c.inputDropout = keepMask(batch, spec.inputSize(), 0);
        if (o.recurrentDropout) c.recurrentDropout = keepMask(batch, spec.units(), 1);
        return c;
    }

    static double[] keepMask(int rows, int cols, int phase) {
        double[] m = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) m[i * cols + k] = (i + k + phase) % 3 == 0 ? 0 : 1 / (1 - 0.25);
        }
        return m;
    }

    /**
     * True when every pre-activation of a kinked activation (relu at 0, hard sigmoids at their clip points)
     * at a valid step is farther than {@code margin} from the kink, and the case has values on both sides.
     * A finite-difference step moves a pre-activation by at most ~1e-5 here, so it never crosses a kink.
     */
    static boolean kinkFree(RnnCase c, double margin) {
        RnnSpec spec = c.spec;
        int h = spec.units();
        double kink;
        boolean relu = spec.activation() == Activation.RELU;
        if (relu) kink = 0;
        else if (spec.recurrentActivation() == Activation.HARD_SIGMOID_KERAS2) kink = 2.5;
        else if (spec.recurrentActivation() == Activation.HARD_SIGMOID_KERAS3) kink = 3;
        else return true;
        RecurrentRef.Tape tape = (RecurrentRef.Tape) c.forward(true).tape;
        boolean inside = false, outside = false;
        for (int s = 0; s < c.time; s++) {
            int t = spec.goBackwards() ? c.time - 1 - s : s;
            for (int n = 0; n < c.batch; n++) {
                if (c.mask != null && c.mask[n * c.time + t] == 0) continue;
                for (int j = 0; j < spec.gateColumns(); j++) {
                    boolean kinked = relu
                            || (spec.cell() == CellType.LSTM && (j < 2 * h || j >= 3 * h))
                            || (spec.cell() == CellType.GRU && j < 2 * h);
                    if (!kinked) continue;
                    double p = tape.preActivation(s, n, j);
                    double d = relu ? Math.abs(p) : Math.abs(Math.abs(p) - kink);
                    if (d < margin) return false;
                    if (relu ? p > 0 : Math.abs(p) < kink) inside = true;
                    else outside = true;
                }
            }
        }
        return inside && outside;
    }

    @Test
    void checkerRejectsAWrongGradient() {
        RnnCase c = build(Variant.LSTM, OPTIONS.get(0));
        double[] wrong = c.backward().dRecurrentKernel.clone();
        wrong[5] *= 1.001;
        boolean caught = false;
        try {
            GradCheck.check("recurrent kernel", c.recurrentKernel, wrong, () -> c.loss(false));
        } catch (AssertionError expected) {
            caught = true;
        }
        assertTrue(caught, "a gradient 0.1% off in one element must fail the check");
    }
}

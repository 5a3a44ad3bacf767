package dev.fusedrnn.cli.parity;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.OptimizerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated suite covers the whole option matrix for every cell variant: a backend that passes it
 * gets every option right, not only the common ones. Guards against a regenerated set losing cases.
 */
class GeneratedSuiteCoverageTest {
    private final List<ParityCase> cases = ParityCases.loadDirectory(ParityCaseTest.GENERATED);
    private final List<String> missing = new ArrayList<>();

    /** simple_rnn tanh, simple_rnn relu, lstm, gru reset_after true, gru reset_after false. */
    private static List<Predicate<ParityCase>> variants() {
        return List.of(
                c -> c.cell() == CellType.SIMPLE_RNN && c.activation() == Activation.TANH,
                c -> c.cell() == CellType.SIMPLE_RNN && c.activation() == Activation.RELU,
                c -> c.cell() == CellType.LSTM,
                c -> c.cell() == CellType.GRU && c.options().resetAfter(),
                c -> c.cell() == CellType.GRU && !c.options().resetAfter());
    }

    private static final List<String> VARIANT_NAMES = List.of("simple_rnn", "simple_rnn relu", "lstm", "gru", "gru reset_after=false");

    private void require(String what, Predicate<ParityCase> p) {
        if (cases.stream().noneMatch(p)) missing.add(what);
    }

    private static boolean layer(ParityCase c) { return c.kind() == ParityCase.Kind.LAYER; }

    private static double[] mask(ParityCase c) {
        return c.options().masked() ? c.layer().inputs().get("mask").data() : null;
    }

    /** Whether some row of the [N, T] mask matches the pattern (true = valid step). */
    private static boolean maskRow(ParityCase c, Predicate<boolean[]> row) {
        double[] m = mask(c);
        if (m == null) return false;
        int t = c.dims().time();
        for (int n = 0; n < c.dims().batch(); n++) {
            boolean[] r = new boolean[t];
            for (int i = 0; i < t; i++) r[i] = m[n * t + i] != 0.0;
            if (row.test(r)) return true;
        }
        return false;
    }

    private static boolean prePadded(boolean[] r) { return !r[0] && r[r.length - 1]; }
    private static boolean postPadded(boolean[] r) { return r[0] && !r[r.length - 1]; }
    private static boolean hole(boolean[] r) {
        for (int i = 1; i + 1 < r.length; i++) if (!r[i] && r[0] && r[r.length - 1]) return true;
        return false;
    }
    private static boolean allMasked(boolean[] r) {
        for (boolean v : r) if (v) return false;
        return true;
    }

    @Test
    void layerOptionsForEveryCellVariant() {
        for (int v = 0; v < 5; v++) {
            Predicate<ParityCase> in = variants().get(v);
            String n = VARIANT_NAMES.get(v) + ": ";
            Predicate<ParityCase> l = c -> layer(c) && in.test(c);
            require(n + "return_sequences", l.and(c -> c.options().returnSequences()));
            require(n + "last output only", l.and(c -> !c.options().returnSequences()));
            require(n + "return_state", l.and(c -> c.options().returnState()));
            require(n + "last output with return_state", l.and(c -> !c.options().returnSequences() && c.options().returnState()));
            require(n + "initial state given", l.and(c -> c.options().initialStateGiven()));
            require(n + "zero initial state", l.and(c -> !c.options().initialStateGiven()));
            require(n + "go_backwards without mask", l.and(c -> c.options().goBackwards() && !c.options().masked()));
            require(n + "go_backwards with mask", l.and(c -> c.options().goBackwards() && c.options().masked()));
            require(n + "pre-padded mask", l.and(c -> maskRow(c, GeneratedSuiteCoverageTest::prePadded)));
            require(n + "post-padded mask", l.and(c -> maskRow(c, GeneratedSuiteCoverageTest::postPadded)));
            require(n + "mask with holes", l.and(c -> maskRow(c, GeneratedSuiteCoverageTest::hole)));
            require(n + "fully masked row", l.and(c -> maskRow(c, GeneratedSuiteCoverageTest::allMasked)));
            require(n + "batch 1", l.and(c -> c.dims().batch() == 1));
            require(n + "time 1", l.and(c -> c.dims().time() == 1));
            require(n + "units 1", l.and(c -> c.dims().units() == 1));
            require(n + "input 1", l.and(c -> c.dims().input() == 1));
            if (v != 1) {  // relu is neither saturating nor bounded over long sequences
                require(n + "saturated inputs", l.and(c -> maxAbs(c.layer().inputs().get("x").data()) >= 19));
                require(n + "time >= 100", l.and(c -> c.dims().time() >= 100));
            }
            if (v >= 2) {
                for (Activation hs : List.of(Activation.HARD_SIGMOID_KERAS2, Activation.HARD_SIGMOID_KERAS3)) {
                    require(n + hs.kerasName(), l.and(c -> c.recurrentActivation() == hs));
                    require(n + hs.kerasName() + " with mask", l.and(c -> c.recurrentActivation() == hs && c.options().masked()));
                }
            }
        }
        assertTrue(missing.isEmpty(), "the generated suite lacks: " + missing);
    }

    @Test
    void trainingRunsForEveryCellOptimizerAndHead() {
        for (int v : new int[] {0, 2, 3, 4}) {
            for (OptimizerSpec.Kind k : OptimizerSpec.Kind.values()) {
                for (LossKind loss : List.of(LossKind.MSE, LossKind.CATEGORICAL_CROSSENTROPY)) {
                    Predicate<ParityCase> in = variants().get(v);
                    require(VARIANT_NAMES.get(v) + " " + k + " " + loss.kerasName(), c -> c.kind() == ParityCase.Kind.TRAINING
                            && in.test(c) && c.training().optimizer().kind() == k && c.training().headLoss() == loss
                            && c.training().headActivation() == (loss == LossKind.MSE ? Activation.LINEAR : Activation.SOFTMAX));
                }
            }
        }
        assertTrue(missing.isEmpty(), "the generated suite lacks training runs: " + missing);
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}

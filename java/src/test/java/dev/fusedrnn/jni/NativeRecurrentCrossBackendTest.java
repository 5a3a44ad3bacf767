package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cpu backend's whole-sequence recurrent forward and backward against the reference backend, for
 * every cell (SimpleRNN tanh and relu, LSTM, GRU with reset_after true and false) and every option
 * (sequences or last output, final states with upstream gradients, go_backwards with and without a
 * mask, post-padded / pre-padded / holed masks with a fully masked sample, zero_output_for_mask, initial
 * state and its gradient, input and recurrent dropout, hard_sigmoid keras2 and keras3): the forward
 * outputs and every gradient.
 *
 * <p>The kernels' instruction-set path is the one frnn_cpu_isa() reports; java/pom.xml runs this class
 * once more with FRNN_CPU_ISA=avx2 and once with scalar, so every path is compared on a machine that has
 * them all.
 *
 * <p>Tolerance: scaled error {@code max|a − r| / max(1, max|r|) ≤ 1e-5}. With N = 3, T = 7, C = 5, H = 6
 * every value is a chain of at most T steps of (C + H)-term sums plus ~10 pointwise operations, and the
 * weight gradients add N·T terms: the worst-case linear bound (T·(C + H + 10) + N·T)·u = 168·2^-24 ≈ 1.0e-5,
 * the random-walk estimate √168·u ≈ 7.7e-7. FORMAT.md's calibration of float32 against float64 on the
 * parity cases measured 2.4e-6 at most. Any real defect (gate order, sign, a masked step) gives 1e-3 or more.
 */
class NativeRecurrentCrossBackendTest {
    static final double TOLERANCE = 1e-5;
    private static final int N = 3, T = 7, C = 5, H = 6;
    private static NativeBackend cpu;
    private static final ReferenceBackend REF = new ReferenceBackend();

    @BeforeAll
    static void open() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
        cpu = new NativeBackend(2);
    }

    @AfterAll
    static void close() { if (cpu != null) cpu.close(); }

    /** A forced path is the path that runs (this CPU supports all three). */
    @Test
    void forcedInstructionSetIsTheOneInUse() {
        String forced = System.getenv("FRNN_CPU_ISA");
        String isa = NativeBackend.isa();
        if (forced != null) assertEquals(forced, isa, "FRNN_CPU_ISA=" + forced + " but the kernels run " + isa);
        else assertTrue(isa.equals("avx512") || isa.equals("avx2") || isa.equals("scalar"), isa);
    }

    /** The cells with their activations; the gate activation is varied by the options. */
    static List<RnnSpec> cells(Activation gate, boolean goBackwards, boolean returnSequences, boolean zeroOutput) {
        List<RnnSpec> s = new ArrayList<>();
        s.add(new RnnSpec(CellType.SIMPLE_RNN, C, H, Activation.TANH, gate, false, goBackwards, returnSequences, zeroOutput));
        s.add(new RnnSpec(CellType.SIMPLE_RNN, C, H, Activation.RELU, gate, false, goBackwards, returnSequences, zeroOutput));
        s.add(new RnnSpec(CellType.LSTM, C, H, Activation.TANH, gate, false, goBackwards, returnSequences, zeroOutput));
        s.add(new RnnSpec(CellType.GRU, C, H, Activation.TANH, gate, true, goBackwards, returnSequences, zeroOutput));
        s.add(new RnnSpec(CellType.GRU, C, H, Activation.TANH, gate, false, goBackwards, returnSequences, zeroOutput));
        return s;
    }

    /** Masks [N, T]: post-padded, pre-padded, with holes; sample 1 of the holed mask is fully masked. */
    static float[] mask(String kind) {
        float[] m = new float[N * T];
        for (int n = 0; n < N; n++) {
            for (int t = 0; t < T; t++) {
                boolean valid;
                switch (kind) {
                    case "post": valid = t < T - 2 * n; break;
                    case "pre": valid = t >= 2 * n; break;
                    default: valid = n != 1 && (t + n) % 3 != 0; break;
                }
                m[n * T + t] = valid ? 1 : 0;
            }
        }
        return m;
    }

    private record Option(String name, Activation gate, boolean goBackwards, boolean returnSequences, boolean zeroOutput,
                          Function<RnnTwin, RnnTwin> setup) { }

    private static List<Option> options() {
        Activation sig = Activation.SIGMOID;
        List<Option> o = new ArrayList<>();
        o.add(new Option("sequences", sig, false, true, false, c -> c));
        o.add(new Option("last output", sig, false, false, false, c -> c));
        o.add(new Option("final states with gradients", sig, false, true, false, c -> c.withFinalStateGradients(5)));
        o.add(new Option("go_backwards", sig, true, true, false, c -> c));
        o.add(new Option("go_backwards, mask with holes", sig, true, true, false, c -> masked(c, "holes")));
        o.add(new Option("go_backwards, last output, post mask", sig, true, false, false, c -> masked(c, "post")));
        o.add(new Option("post-padded mask", sig, false, true, false, c -> masked(c, "post").withFinalStateGradients(6)));
        o.add(new Option("pre-padded mask", sig, false, true, false, c -> masked(c, "pre")));
        o.add(new Option("mask with holes, last output", sig, false, false, false, c -> masked(c, "holes")));
        o.add(new Option("zero_output_for_mask", sig, false, true, true, c -> masked(c, "holes")));
        o.add(new Option("initial state", sig, false, true, false, c -> c.withInitialState(7).withFinalStateGradients(8)));
        o.add(new Option("dropout and recurrent dropout", sig, false, true, false, c -> c.withDropout(9)));
        o.add(new Option("hard_sigmoid keras2", Activation.HARD_SIGMOID_KERAS2, false, true, false, c -> masked(c, "pre")));
        o.add(new Option("hard_sigmoid keras3", Activation.HARD_SIGMOID_KERAS3, false, true, false, c -> c.withDropout(10)));
        o.add(new Option("everything at once", Activation.HARD_SIGMOID_KERAS3, true, true, true,
                c -> masked(c, "holes").withInitialState(11).withFinalStateGradients(12).withDropout(13)));
        return o;
    }

    private static RnnTwin masked(RnnTwin c, String kind) {
        c.mask = mask(kind);
        return c;
    }

    static String label(RnnSpec s) {
        String name = s.cell().kerasName();
        if (s.cell() == CellType.SIMPLE_RNN) name += " " + s.activation().kerasName();
        if (s.cell() == CellType.GRU) name += " reset_after=" + s.resetAfter();
        return name;
    }

    /** Every output and gradient of the cpu backend within the tolerance of the reference's. */
    static void assertMatches(String what, Map<String, float[]> ref, Map<String, float[]> actual) {
        assertMatches(what, ref, actual, TOLERANCE);
    }

    /** As {@link #assertMatches(String, Map, Map)} with a bound derived for other sizes. */
    static void assertMatches(String what, Map<String, float[]> ref, Map<String, float[]> actual, double tolerance) {
        assertEquals(ref.keySet(), actual.keySet(), what);
        for (String k : ref.keySet()) {
            double err = RnnTwin.scaledError(actual.get(k), ref.get(k));
            assertTrue(err <= tolerance, () -> what + ": " + k + " scaled error " + err + " > " + tolerance
                    + " (isa " + NativeBackend.isa() + ")");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCellAndOptionMatchesTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = 100;
        for (Option o : options()) {
            for (RnnSpec spec : cells(o.gate(), o.goBackwards(), o.returnSequences(), o.zeroOutput())) {
                long s = seed++;
                String name = label(spec) + ", " + o.name();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    RnnTwin c = o.setup().apply(new RnnTwin(spec, N, T, s));
                    assertMatches(name, c.run(REF), c.run(cpu));
                }));
            }
        }
        return tests.stream();
    }
}

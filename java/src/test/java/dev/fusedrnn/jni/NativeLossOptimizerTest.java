package dev.fusedrnn.jni;

import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;
import dev.fusedrnn.backend.OptimizerSpec;
import dev.fusedrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static dev.fusedrnn.jni.NativeOpsTest.assertWithin;
import static dev.fusedrnn.jni.NativeOpsTest.relative;
import static dev.fusedrnn.jni.Twin.U;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Losses, metrics and optimizer updates of the cpu backend against the reference, from identical float32
 * inputs. Both sides compute in double from the same float values with the same formulas and order, so a
 * loss or metric may differ only by the libraries' log (1 ulp of double each): 1e-12 relative is a wide
 * margin over 17 rows × a few ulps. Gradients and updated values are rounded to float once: u·|value|.
 */
class NativeLossOptimizerTest {
    private static NativeBackend cpu;
    private static final ReferenceBackend REF = new ReferenceBackend();
    private static final int ROWS = 17, COLS = 5;

    @BeforeAll
    static void open() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
        cpu = new NativeBackend(1);
    }

    @AfterAll
    static void close() { if (cpu != null) cpu.close(); }

    /** Predictions: probabilities in (0, 1), some clipped (0 and 1 exactly); rows not summing to 1. */
    private static Twin predictions(Random r) {
        float[] p = new float[ROWS * COLS];
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble();
        p[3] = 0f;
        p[7] = 1f;
        p[11] = 1e-9f;
        return Twin.of(cpu, REF, p);
    }

    private static Twin targets(Random r, boolean sparse) {
        float[] y = new float[sparse ? ROWS : ROWS * COLS];
        if (sparse) for (int i = 0; i < ROWS; i++) y[i] = r.nextInt(COLS);
        else for (int row = 0; row < ROWS; row++) y[row * COLS + r.nextInt(COLS)] = 1;   // one-hot, so every kind applies
        return Twin.of(cpu, REF, y);
    }

    /** Weights with masked rows (0), as Keras masks a sequence loss. */
    private static Twin weights(Random r) {
        float[] w = new float[ROWS];
        for (int i = 0; i < ROWS; i++) w[i] = i % 4 == 1 ? 0 : (float) (0.5 + r.nextDouble());
        return Twin.of(cpu, REF, w);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void lossAndGradientMatchTheReference(LossKind kind) {
        for (boolean weighted : new boolean[] {false, true}) {
            Random r = new Random(kind.ordinal() * 2 + (weighted ? 1 : 0));
            Twin p = predictions(r), y = targets(r, kind.sparseTargets());
            Twin w = weighted ? weights(r) : null;
            Twin dCpu = Twin.zeros(cpu, REF, ROWS * COLS);
            double lc = cpu.loss(kind, p.cpu, y.cpu, w == null ? null : w.cpu, ROWS, COLS, dCpu.cpu);
            double lr = REF.loss(kind, p.ref, y.ref, w == null ? null : w.ref, ROWS, COLS, dCpu.ref);
            assertEquals(lr, lc, 1e-12 * Math.max(1, Math.abs(lr)), kind + " loss, weighted " + weighted);
            assertWithin(kind + " dPred, weighted " + weighted, dCpu.refValues(), dCpu.cpuValues(), relative(dCpu.refValues(), 1));
            assertEquals(lc, cpu.loss(kind, p.cpu, y.cpu, w == null ? null : w.cpu, ROWS, COLS, null), 0.0, "repeatable");
        }
    }

    @ParameterizedTest
    @EnumSource(MetricKind.class)
    void metricMatchesTheReference(MetricKind kind) {
        Random r = new Random(40 + kind.ordinal());
        Twin p = predictions(r), y = targets(r, kind.sparseTargets()), w = weights(r);
        for (Twin weights : new Twin[] {null, w}) {
            double[] mc = cpu.metric(kind, p.cpu, y.cpu, weights == null ? null : weights.cpu, ROWS, COLS);
            double[] mr = REF.metric(kind, p.ref, y.ref, weights == null ? null : weights.ref, ROWS, COLS);
            assertArrayEquals(mr, mc, 1e-12 * Math.max(1, Math.abs(mr[0])), kind.toString());
        }
    }

    /**
     * Five updates. The reference keeps its state in double, the cpu backend in float: each step rounds
     * params and state once (u/2 relative), and later steps read the rounded state, so after k steps the
     * params differ by at most ≈ 2(k + 1)·u·(|p| + Σ_steps |Δp|) (an update's relative change from rounded
     * m and v is ≤ 1.5u per step, and round-offs add).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd-momentum", "sgd-nesterov", "adam", "rmsprop"})
    void optimizerUpdatesMatchTheReference(String which) {
        OptimizerSpec spec;
        switch (which) {
            case "sgd": spec = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.1, 0, 0, 0, 0, false, 0); break;
            case "sgd-momentum": spec = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.1, 0, 0, 0, 0.9, false, 0); break;
            case "sgd-nesterov": spec = new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.1, 0, 0, 0, 0.9, true, 0); break;
            case "adam": spec = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.01, 0.9, 0.999, 1e-7, 0, false, 0); break;
            default: spec = new OptimizerSpec(OptimizerSpec.Kind.RMSPROP, 0.01, 0, 0, 1e-7, 0, false, 0.9); break;
        }
        int n = 37, steps = 5;
        Random r = new Random(which.hashCode());
        Twin p = Twin.uniform(cpu, REF, r, n, -1, 1);
        Twin state = Twin.zeros(cpu, REF, Math.max(1, spec.stateSlots()) * n);
        double[] moved = new double[n];
        for (int k = 0; k < steps; k++) {
            Twin g = Twin.uniform(cpu, REF, r, n, -1, 1);
            double[] before = p.refValues();
            cpu.optimizerStep(spec, p.cpu, g.cpu, spec.stateSlots() == 0 ? null : state.cpu, k);
            REF.optimizerStep(spec, p.ref, g.ref, spec.stateSlots() == 0 ? null : state.ref, k);
            double[] after = p.refValues();
            for (int i = 0; i < n; i++) moved[i] += Math.abs(after[i] - before[i]);
        }
        double[] ref = p.refValues();
        double[] bound = new double[n];
        for (int i = 0; i < n; i++) bound[i] = 2 * (steps + 1) * U * (Math.abs(ref[i]) + moved[i]);
        assertWithin(which + " params after " + steps + " steps", ref, p.cpuValues(), bound);
    }

}

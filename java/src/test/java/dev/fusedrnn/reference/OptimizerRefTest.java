package dev.fusedrnn.reference;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.OptimizerSpec;
import dev.fusedrnn.backend.OptimizerSpec.Kind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the backend's optimizer for several steps against the update rules written out here from their
 * textbook form (m = β·m + (1 − β)·g rather than Keras' m += (g − m)(1 − β), and so on), so the two differ
 * only by rounding.
 *
 * <p>Tolerance: per step and element each side takes ≤ 12 roundings of values ≤ 2 in size, so the two
 * differ by ≤ 2·12·u·2 ≈ 5e-15 per step; the gradient g = a·p + b feeds a difference back with factor
 * |1 + lr·a·(update slope)| ≤ 2 per step, so after 5 steps ≤ 5e-15·(1 + 2 + 4 + 8 + 16) ≈ 1.6e-13: 2e-13.
 */
class OptimizerRefTest {
    private final ReferenceBackend be = new ReferenceBackend();
    private static final double TOL = 2e-13;
    private static final int N = 4, STEPS = 5;
    private static final double[] P0 = {0.5, -1.0, 1.5, 0.25};
    private static final double[] A = {1.0, 0.5, -0.3, 2.0};     // grad_i = A_i·p_i + B_i
    private static final double[] B = {0.1, -0.2, 0.05, -0.4};

    /** A buffer inside a larger array, so a wrong offset reads the padding. */
    private Buffer padded(double[] v) {
        Buffer big = be.allocate(v.length + 4);
        big.fill(99.0);
        return big.slice(2, v.length).set(v);
    }

    private static double[] grad(double[] p) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) g[i] = A[i] * p[i] + B[i];
        return g;
    }

    /** Runs the backend for STEPS steps; returns params followed by the final state. */
    private double[][] runBackend(OptimizerSpec spec) {
        Buffer params = padded(P0);
        Buffer state = spec.stateSlots() == 0 ? null : padded(new double[spec.stateSlots() * N]);
        for (int t = 0; t < STEPS; t++) {
            be.optimizerStep(spec, params, padded(grad(params.toDoubleArray())), state, t);
        }
        return new double[][] {params.toDoubleArray(), state == null ? new double[0] : state.toDoubleArray()};
    }

    private static OptimizerSpec sgd(double lr, double momentum, boolean nesterov) {
        return new OptimizerSpec(Kind.SGD, lr, 0, 0, 0, momentum, nesterov, 0);
    }

    @Test
    void plainSgd() {
        double lr = 0.1;
        double[] p = P0.clone();
        for (int t = 0; t < STEPS; t++) {
            double[] g = grad(p);
            for (int i = 0; i < N; i++) p[i] = p[i] - lr * g[i];
        }
        double[][] got = runBackend(sgd(lr, 0, false));
        assertArrayEquals(p, got[0], TOL);
        assertEquals(0, got[1].length);
    }

    @Test
    void sgdWithMomentumAndNesterov() {
        double lr = 0.1, mu = 0.9;
        for (boolean nesterov : new boolean[] {false, true}) {
            double[] p = P0.clone(), v = new double[N];
            for (int t = 0; t < STEPS; t++) {
                double[] g = grad(p);
                for (int i = 0; i < N; i++) {
                    v[i] = mu * v[i] - lr * g[i];                               // velocity
                    p[i] = nesterov ? p[i] + mu * v[i] - lr * g[i] : p[i] + v[i];
                }
            }
            double[][] got = runBackend(sgd(lr, mu, nesterov));
            assertArrayEquals(p, got[0], TOL, "nesterov " + nesterov);
            assertArrayEquals(v, got[1], TOL, "momentum state, nesterov " + nesterov);
        }
    }

    @Test
    void adamWithBiasCorrectionOutsideEpsilon() {
        double lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-3;
        double[] p = P0.clone(), m = new double[N], v = new double[N];
        for (int t = 1; t <= STEPS; t++) {
            double[] g = grad(p);
            double stepSize = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < N; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] = p[i] - stepSize * m[i] / (Math.sqrt(v[i]) + eps);
            }
        }
        double[][] got = runBackend(new OptimizerSpec(Kind.ADAM, lr, b1, b2, eps, 0, false, 0));
        assertArrayEquals(p, got[0], TOL);
        double[] mv = new double[2 * N];    // state layout: m then v
        System.arraycopy(m, 0, mv, 0, N);
        System.arraycopy(v, 0, mv, N, N);
        assertArrayEquals(mv, got[1], TOL);
    }

    @Test
    void adamFirstStepAddsEpsilonToTheUncorrectedRoot() {
        // t = 1 from zero state: m = (1 − β1)g, v = (1 − β2)g², α = lr·√(1 − β2)/(1 − β1), so
        // Δp = −lr·√(1 − β2)·g / (√(1 − β2)·|g| + ε). With ε inside the correction (m̂/(√v̂ + ε)) it would
        // be −lr·g/(|g| + ε): for g = 0.05, ε = 0.1 that is 3.3e-3 against 1.6e-4 here.
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 0.1, g = 0.05;
        Buffer params = be.allocate(1).set(new double[] {1.0});
        be.optimizerStep(new OptimizerSpec(Kind.ADAM, lr, b1, b2, eps, 0, false, 0), params,
                be.allocate(1).set(new double[] {g}), be.allocate(2), 0);
        double c = Math.sqrt(1 - b2);
        double expected = 1.0 - lr * c * g / (c * g + eps);
        assertEquals(expected, params.toDoubleArray()[0], 4e-16);    // Δp agrees to ~u·1e-4; p − Δp may round 1 ulp apart
        assertTrue(Math.abs((1.0 - lr * g / (g + eps)) - expected) > 1e-3);
    }

    @Test
    void rmsprop() {
        double lr = 0.01, rho = 0.9, eps = 1e-7;
        double[] p = P0.clone(), a = new double[N];
        for (int t = 0; t < STEPS; t++) {
            double[] g = grad(p);
            for (int i = 0; i < N; i++) {
                a[i] = rho * a[i] + (1 - rho) * g[i] * g[i];
                p[i] = p[i] - lr * g[i] / Math.sqrt(a[i] + eps);
            }
        }
        double[][] got = runBackend(new OptimizerSpec(Kind.RMSPROP, lr, 0, 0, eps, 0, false, rho));
        assertArrayEquals(p, got[0], TOL);
        assertArrayEquals(a, got[1], TOL);
    }

    @Test
    void mismatchedLengthsAndUnsupportedSettingsAreRejected() {
        OptimizerSpec adam = new OptimizerSpec(Kind.ADAM, 0.1, 0.9, 0.999, 1e-7, 0, false, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> be.optimizerStep(adam, be.allocate(3), be.allocate(3), be.allocate(5), 0));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> be.optimizerStep(adam, be.allocate(3), be.allocate(2), be.allocate(6), 0));
        assertThrows(IllegalArgumentException.class, () -> be.optimizerStep(
                new OptimizerSpec(Kind.RMSPROP, 0.1, 0, 0, 1e-7, 0.9, false, 0.9), be.allocate(1), be.allocate(1), be.allocate(1), 0));
    }

    @Test
    void sumOfSquaresAndClip() {
        Buffer x = padded(new double[] {3, -4, 0.5, -0.25});
        assertEquals(9 + 16 + 0.25 + 0.0625, be.sumOfSquares(x), 0.0);
        be.clip(x, -1, 0.4);
        assertArrayEquals(new double[] {0.4, -1, 0.4, -0.25}, x.toDoubleArray(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> be.clip(x, 1, -1));
    }
}

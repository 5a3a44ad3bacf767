package dev.fusedrnn.reference;

import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central finite differences in double, with the error bound that decides the tolerance.
 *
 * <p>For a step h, {@code (f(x+h) − f(x−h)) / 2h} differs from f'(x) by the truncation error
 * {@code ≤ M3·h²/6} (M3 bounds |f'''| within h of x, along the coordinate) plus the roundoff error: if each
 * evaluation of f has absolute error ≤ {@code c·u·F} (c rounding steps, unit roundoff u = 2^-53, F a bound on
 * the magnitudes summed while computing f), the difference quotient carries ≤ {@code c·u·F/h}. The analytic
 * gradient's own roundoff (≈ c·u·|g|) is far below either term.
 */
final class FiniteDifferences {
    private FiniteDifferences() { }

    /** Unit roundoff of double. */
    static final double U = 0x1p-53;

    /** What is known about f near x: |f'''| ≤ m3, magnitudes ≤ valueBound, at most roundingSteps roundings. */
    record ErrorModel(double m3, double valueBound, int roundingSteps) {

        /** The bound on |central difference − f'| for step h. */
        double tolerance(double h) {
            return m3 * h * h / 6.0 + roundingSteps * U * valueBound / h;
        }

        /** The step that minimises {@link #tolerance}: h = ∛(3·c·u·F / M3). */
        double bestStep() {
            return Math.cbrt(3.0 * roundingSteps * U * valueBound / m3);
        }
    }

    /** ∂f/∂x_i by central differences with step h[i]; x is perturbed in place and restored. */
    static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double[] h) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            x[i] = xi + h[i];
            double plus = f.applyAsDouble(x);
            x[i] = xi - h[i];
            double minus = f.applyAsDouble(x);
            x[i] = xi;
            g[i] = (plus - minus) / (2.0 * h[i]);
        }
        return g;
    }

    /** As {@link #gradient(ToDoubleFunction, double[], double[])} with one step for every coordinate. */
    static double[] gradient(ToDoubleFunction<double[]> f, double[] x, double h) {
        double[] hs = new double[x.length];
        java.util.Arrays.fill(hs, h);
        return gradient(f, x, hs);
    }

    /** Fails naming the worst coordinate when any |analytic − numeric| exceeds tol. */
    static void assertGradient(String what, double[] analytic, double[] numeric, double tol) {
        if (analytic.length != numeric.length) fail(what + ": " + analytic.length + " analytic vs " + numeric.length + " numeric values");
        int worst = -1;
        double worstDiff = 0.0;
        for (int i = 0; i < analytic.length; i++) {
            double d = Math.abs(analytic[i] - numeric[i]);
            if (worst < 0 || (!Double.isNaN(worstDiff) && (Double.isNaN(d) || d > worstDiff))) {
                worst = i;
                worstDiff = d;
            }
        }
        if (!(worstDiff <= tol)) {
            fail(String.format("%s: max |analytic - numeric| = %.3e at index %d (analytic %.12g, numeric %.12g), tolerance %.3e",
                    what, worstDiff, worst, analytic[worst], numeric[worst], tol));
        }
    }
}

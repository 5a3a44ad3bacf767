package dev.fusedrnn.reference;

import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central finite differences in double against an analytic gradient.
 *
 * <p>Error analysis: with step h, {@code (L(p+h) - L(p-h)) / 2h} differs from dL/dp by the truncation
 * {@code h²/6·|L'''|} plus the rounding of the two loss evaluations, about {@code ε·S/h} where ε = 1.1e-16
 * and S is the sum of the magnitudes of the terms that make up L. With {@code h = 1e-6·max(1, |p|)} and the
 * small cases used here (|p| ≤ 3, S ≲ 100, |L'''| ≲ 1e3) that is ≲ 2e-10 + 1e-8, so the check allows
 * {@code 1e-6·max(1, |analytic|)}: a margin of about 100 over the expected error, while a wrong term in a
 * backward pass is off by the size of a gradient contribution (≳ 1e-3 at these sizes).
 */
final class GradCheck {
    static final double STEP = 1e-6;
    static final double TOLERANCE = 1e-6;

    private GradCheck() { }

    /**
     * Perturbs each element of {@code param} in place (restoring it) and compares the central difference
     * of {@code loss} with {@code analytic}; fails naming the worst element. Returns the worst scaled error.
     */
    static double check(String name, double[] param, double[] analytic, DoubleSupplier loss) {
        if (param.length != analytic.length) {
            fail(name + ": analytic gradient has " + analytic.length + " values, parameter " + param.length);
        }
        double worst = 0;
        int worstAt = -1;
        double worstFd = 0;
        for (int i = 0; i < param.length; i++) {
            double p = param[i];
            double h = STEP * Math.max(1, Math.abs(p));
            param[i] = p + h;
            double up = loss.getAsDouble();
            double hUp = param[i] - p;   // the step actually taken after rounding
            param[i] = p - h;
            double down = loss.getAsDouble();
            double hDown = p - param[i];
            param[i] = p;
            double fd = (up - down) / (hUp + hDown);
            double err = Math.abs(fd - analytic[i]) / Math.max(1, Math.abs(analytic[i]));
            if (Double.isNaN(err)) fail(name + ": gradient element " + i + ": analytic " + analytic[i] + ", finite difference " + fd);
            if (err > worst) {
                worst = err;
                worstAt = i;
                worstFd = fd;
            }
        }
        if (worst > TOLERANCE) {
            fail(String.format("%s: gradient element %d: analytic %.12g, finite difference %.12g, scaled error %.3g > %.1g",
                    name, worstAt, analytic[worstAt], worstFd, worst, TOLERANCE));
        }
        return worst;
    }
}

package dev.fusedrnn.cli.parity;

import dev.fusedrnn.backend.Backend;

/**
 * The error measure and the bounds a backend must meet on the parity vectors.
 *
 * <p>Error of one tensor: {@code max_i |a_i − ref_i| / max(1, max_i |ref_i|)}: relative for large
 * tensors, absolute for small ones (some gradients are legitimately ~1e-57 or exactly zero, where a
 * relative error means nothing).
 *
 * <p>Where the bounds come from. Every value in a case is a chain of at most T steps; each step sums
 * C + H products into a pre-activation and applies ~10 pointwise operations, and the weight gradients
 * add N·T outer-product terms on top. With unit round-off u, the worst-case (linear) growth is
 * {@code e ≈ (T·(C + H + 10) + N·T)·u}; round-off that behaves like a random walk grows as the square
 * root of that count instead.
 * <ul>
 * <li><b>float64</b>, u = 2^-53 ≈ 1.1e-16. The longest vectors the format describes (T = 300) and the
 *     largest (N·T·C·H = 16·50·32·64) give counts below 7,000, so e ≲ 8e-13 even in the worst-case
 *     linear model, from each of the two implementations compared. Observed: float64 implementations agree
 *     to ~1e-15 (FORMAT.md; the generator reproduces the reference set to 5.6e-16). 1e-10 keeps a
 *     factor ~100 over the linear bound for amplification by the recurrence's Jacobians (relu cells,
 *     large weights), which that model ignores, and is still far below what any real defect produces
 *     (a wrong gate order, sign or masked step gives errors of 1e-3 and more).</li>
 * <li><b>float32</b>, u = 2^-24 ≈ 6.0e-8, and the inputs themselves rounded to float32. The random-walk
 *     estimate for the longest bundled case is √(100·(5 + 10) + 200)·6e-8 ≈ 2.5e-6; FORMAT.md's
 *     calibration (the same explicit loops in float32 with torch autograd) measured 2.4e-6 worst case
 *     (SimpleRNN, saturated inputs). 1e-5 is about four times that.</li>
 * </ul>
 */
public final class Tolerance {
    /** Bound for backends computing in double ({@link Backend#isDoublePrecision()}). */
    public static final double FLOAT64 = 1e-10;
    /** Bound for float32 backends. */
    public static final double FLOAT32 = 1e-5;

    private Tolerance() { }

    /** The bound that applies to {@code backend}'s precision. */
    public static double forBackend(Backend backend) {
        return backend.isDoublePrecision() ? FLOAT64 : FLOAT32;
    }

    /**
     * {@code max|actual − ref| / max(1, max|ref|)}; NaN if {@code actual} holds a NaN (so it never passes).
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double scaledError(double[] actual, double[] ref) {
        if (actual.length != ref.length) {
            throw new IllegalArgumentException("cannot compare " + actual.length + " values with a reference of " + ref.length);
        }
        double maxDiff = 0.0;
        double maxRef = 0.0;
        for (int i = 0; i < ref.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - ref[i]));  // Math.max keeps a NaN
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
        }
        return maxDiff / Math.max(1.0, maxRef);
    }

    /** Whether an error is within the bound; false for NaN. */
    public static boolean within(double error, double bound) {
        return error <= bound;
    }
}

package dev.fusedrnn.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusedrnn.Activation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native activation kernel against {@link Activation#apply}, the Java definition, over a grid of
 * inputs plus special values.
 *
 * <p>The reference is {@code (float) apply((double) x)}: the double result (about 1e-16 relative
 * error) rounded to float, so within 0.5 ulp (plus a negligible double-rounding term) of the exact
 * value. The kernel evaluates the same formula in float. Bounds, from its operations:
 * <ul>
 *   <li>LINEAR, RELU: no arithmetic, so bit-for-bit equal.</li>
 *   <li>TANH: tanhf is within 2 ulp (glibc's documented bound), plus the reference's 0.5: 3 ulp.</li>
 *   <li>SIGMOID: expf within 1 ulp (scaled by e/(1+e) ≤ 1 in the result), one sum and one quotient
 *       of 0.5 ulp each, plus the reference's 0.5: 3 ulp.</li>
 *   <li>HARD_SIGMOID_*: an affine map with terms below 1 in magnitude inside the linear region:
 *       0.2f differs from 0.2 by 3e-9 (times |x| ≤ 2.5), the product or quotient and the sum each
 *       round by at most 2^-25, the reference by 2^-25: below 2^-23 absolute. Cancellation near
 *       the lower kink makes a relative bound meaningless there, hence absolute. Clipped outputs are
 *       exactly 0 or 1, which the absolute bound also covers.</li>
 * </ul>
 * Non-finite references (NaN, ±inf) must match exactly.
 */
class NativeActivationTest {

    @BeforeAll
    static void requireLibrary() {
        NativeLibraries.CpuStatus cpu = NativeLibraries.cpu();
        assumeTrue(cpu.loaded(), () -> "CPU library not loaded: " + cpu.reason());
    }

    static float[] inputs() {
        int grid = 4001;  // -20 .. 20 in steps of 0.01, plus special values
        float[] specials = {0f, -0f, 2.5f, -2.5f, 3f, -3f, 1e-6f, -1e-6f, 1e-30f, -1e-30f, 50f, -50f, 100f, -100f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, Math.nextUp(-2.5f), Math.nextDown(2.5f), Math.nextUp(-3f)};
        float[] x = new float[grid + specials.length];
        for (int i = 0; i < grid; i++) x[i] = -20f + i * 0.01f;
        System.arraycopy(specials, 0, x, grid, specials.length);
        return x;
    }

    /** Whether got is within the stated bound of the reference value for activation a. */
    static boolean close(Activation a, float got, float want) {
        if (Float.isNaN(want) || Float.isInfinite(want)) return Float.compare(got, want) == 0;
        switch (a) {
            case LINEAR:
            case RELU:
                return Float.compare(got, want) == 0;
            case TANH:
            case SIGMOID:
                return Math.abs((double) got - want) <= 3 * Math.ulp(want);
            default:  // the hard sigmoids
                return Math.abs((double) got - want) <= 0x1p-23;
        }
    }

    @Test
    void kernelMatchesJavaDefinitionForEveryActivation() {
        float[] x = inputs();
        int checked = 0;
        for (Activation a : Activation.values()) {
            if (a == Activation.SOFTMAX) continue;
            float[] y = NativeLibraries.activation(a, x);
            assertEquals(x.length, y.length);
            for (int i = 0; i < x.length; i++) {
                float want = (float) a.apply(x[i]);
                if (!close(a, y[i], want)) {
                    fail(a + "(" + x[i] + "): native " + y[i] + ", Java " + want + ", difference "
                            + Math.abs((double) y[i] - want) + " (ulp of want " + Math.ulp(want) + ")");
                }
                checked++;
            }
        }
        assertEquals(6 * x.length, checked);
    }

    @Test
    void nativeIdsFollowTheJavaOrdinals() {
        for (Activation a : Activation.values()) {
            if (a != Activation.SOFTMAX) assertEquals(a.ordinal(), NativeLibraries.nativeId(a), a.name());
        }
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals(0, NativeLibraries.activation(Activation.TANH, new float[0]).length);
    }

    @Test
    void javaRejectsBadArgumentsWithClearMessages() {
        NullPointerException noActivation = assertThrows(NullPointerException.class,
                () -> NativeLibraries.activation(null, new float[1]));
        assertTrue(noActivation.getMessage().contains("activation is null"), noActivation.getMessage());
        NullPointerException noInput = assertThrows(NullPointerException.class,
                () -> NativeLibraries.activation(Activation.TANH, null));
        assertTrue(noInput.getMessage().contains("x is null"), noInput.getMessage());
        IllegalArgumentException softmax = assertThrows(IllegalArgumentException.class,
                () -> NativeLibraries.activation(Activation.SOFTMAX, new float[1]));
        assertTrue(softmax.getMessage().contains("SOFTMAX is row-wise"), softmax.getMessage());
    }
}

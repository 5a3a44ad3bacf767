package dev.fusedrnn.layers;

import dev.fusedrnn.Tensor;

import java.util.Arrays;

/** Argument checks shared by the model and direct layer calls; every message names the layer. */
public final class Shapes {
    private Shapes() { }

    /** Requires {@code t}'s shape to equal {@code expected}, where −1 matches any size. */
    public static void requireShape(String who, String what, Tensor t, int... expected) {
        if (t == null) throw new IllegalArgumentException(who + ": " + what + " must not be null");
        int[] s = t.shape();
        boolean ok = s.length == expected.length;
        for (int d = 0; ok && d < s.length; d++) ok = expected[d] < 0 || expected[d] == s[d];
        if (!ok) {
            throw new IllegalArgumentException(who + ": " + what + " must have shape " + describe(expected)
                    + ", got " + Arrays.toString(s));
        }
    }

    /** Requires every value to be finite, naming the first that is not. */
    public static void requireFinite(String who, String what, Tensor t) {
        long bad = t.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException(who + ": " + what + " holds " + t.toArray()[(int) bad] + " at "
                    + t.indexOf(bad) + " (inputs must be finite)");
        }
    }

    /** Requires a {@code [N, T]} mask of zeros and ones. */
    public static void requireMask(String who, Tensor mask, int n, int t) {
        requireShape(who, "mask", mask, n, t);
        float[] m = mask.toArray();
        for (int i = 0; i < m.length; i++) {
            if (m[i] != 0f && m[i] != 1f) {
                throw new IllegalArgumentException(who + ": mask values must be 0 or 1, got " + m[i] + " at " + mask.indexOf(i));
            }
        }
    }

    private static String describe(int[] expected) {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < expected.length; d++) sb.append(d == 0 ? "" : ", ").append(expected[d] < 0 ? "*" : Integer.toString(expected[d]));
        return sb.append(']').toString();
    }
}

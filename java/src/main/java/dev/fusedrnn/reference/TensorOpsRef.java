package dev.fusedrnn.reference;

/**
 * Element-wise and layout operations, row-major. The element-wise ones (scaleRows, multiply, axpby)
 * read element i before writing element i, so {@code out} may be the same buffer as an input.
 * reverseTime copes with {@code out} overlapping {@code x}; concat and split reject overlapping buffers.
 */
final class TensorOpsRef {
    private TensorOpsRef() { }

    /** {@code mask[r] = 1} if any {@code x[r, k] != value}, else 0; x {@code [R, K]}, mask {@code [R]}. */
    static void notEqualMask(RefBuffer x, int rows, int cols, double value, RefBuffer mask) {
        requireLength(x, (long) rows * cols, "notEqualMask x [rows, cols]");
        requireLength(mask, rows, "notEqualMask mask [rows]");
        for (int r = 0; r < rows; r++) {
            boolean any = false;
            for (int k = 0; k < cols && !any; k++) any = x.get(r * cols + k) != value;
            mask.put(r, any ? 1.0 : 0.0);
        }
    }

    /** {@code out[r, k] = x[r, k]·s[r]}; x and out {@code [R, K]}, s {@code [R]}. */
    static void scaleRows(RefBuffer x, RefBuffer s, int rows, int cols, RefBuffer out) {
        requireLength(x, (long) rows * cols, "scaleRows x [rows, cols]");
        requireLength(s, rows, "scaleRows s [rows]");
        requireLength(out, (long) rows * cols, "scaleRows out [rows, cols]");
        for (int r = 0; r < rows; r++) {
            double sr = s.get(r);
            for (int k = 0; k < cols; k++) out.put(r * cols + k, x.get(r * cols + k) * sr);
        }
    }

    /** {@code out[i] = a[i]·b[i]} for i < length of out; a and b hold at least that many. */
    static void multiply(RefBuffer a, RefBuffer b, RefBuffer out) {
        requireLength(a, out.length, "multiply a");
        requireLength(b, out.length, "multiply b");
        for (int i = 0; i < out.length; i++) out.put(i, a.get(i) * b.get(i));
    }

    /**
     * {@code out[i] = α·a[i] + β·b[i]}, all of one length. When β = 0, b is not read (it may be null), so
     * a non-finite b cannot leak in through 0·∞.
     */
    static void axpby(double alpha, RefBuffer a, double beta, RefBuffer b, RefBuffer out) {
        requireLength(a, out.length, "axpby a");
        if (beta != 0.0) {
            if (b == null) throw new IllegalArgumentException("axpby: b is null but beta = " + beta + " (b may be null only when beta = 0)");
            requireLength(b, out.length, "axpby b");
        }
        for (int i = 0; i < out.length; i++) {
            double v = alpha * a.get(i);
            if (beta != 0.0) v += beta * b.get(i);
            out.put(i, v);
        }
    }

    /** {@code out[n, t, :] = x[n, T−1−t, :]} for x and out {@code [N, T, F]}. */
    static void reverseTime(RefBuffer x, int batch, int time, int features, RefBuffer out) {
        long n = (long) batch * time * features;
        requireLength(x, n, "reverseTime x [batch, time, features]");
        requireLength(out, n, "reverseTime out [batch, time, features]");
        // Read from a copy when out overlaps x (in-place reversal), so no value is overwritten before it is read.
        RefBuffer src = x;
        if (overlaps(x, out)) {
            src = new RefBuffer(n);
            System.arraycopy(x.data, x.offset, src.data, 0, (int) n);
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int from = (b * time + (time - 1 - t)) * features;
                int to = (b * time + t) * features;
                for (int f = 0; f < features; f++) out.put(to + f, src.get(from + f));
            }
        }
    }

    /** {@code out[r, :] = [a[r, :ka], b[r, :kb]]}; a {@code [R, ka]}, b {@code [R, kb]}, out {@code [R, ka + kb]}. */
    static void concatColumns(RefBuffer a, int ka, RefBuffer b, int kb, int rows, RefBuffer out) {
        requireLength(a, (long) rows * ka, "concatColumns a [rows, ka]");
        requireLength(b, (long) rows * kb, "concatColumns b [rows, kb]");
        requireLength(out, (long) rows * (ka + kb), "concatColumns out [rows, ka + kb]");
        requireDisjoint(a, out, "concatColumns a and out");
        requireDisjoint(b, out, "concatColumns b and out");
        int k = ka + kb;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < ka; j++) out.put(r * k + j, a.get(r * ka + j));
            for (int j = 0; j < kb; j++) out.put(r * k + ka + j, b.get(r * kb + j));
        }
    }

    /** Inverse of {@link #concatColumns}: {@code in[r, :] = [a[r, :ka], b[r, :kb]]}. */
    static void splitColumns(RefBuffer in, int ka, int kb, int rows, RefBuffer a, RefBuffer b) {
        requireLength(in, (long) rows * (ka + kb), "splitColumns in [rows, ka + kb]");
        requireLength(a, (long) rows * ka, "splitColumns a [rows, ka]");
        requireLength(b, (long) rows * kb, "splitColumns b [rows, kb]");
        requireDisjoint(in, a, "splitColumns in and a");
        requireDisjoint(in, b, "splitColumns in and b");
        requireDisjoint(a, b, "splitColumns a and b");
        int k = ka + kb;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < ka; j++) a.put(r * ka + j, in.get(r * k + j));
            for (int j = 0; j < kb; j++) b.put(r * kb + j, in.get(r * k + ka + j));
        }
    }

    // ---------------------------------------------------------------- checks shared by the reference ops

    /**
     * Buffers are windows onto larger arrays, so an index past a window's end would silently read or write
     * a neighbour: every op checks that each buffer holds at least the elements its shape needs.
     */
    static void requireLength(RefBuffer b, long needed, String what) {
        if (b == null) throw new IllegalArgumentException(what + ": expected a buffer of " + needed + " values, got null");
        if (b.length < needed) {
            throw new IllegalArgumentException(what + ": expected at least " + needed + " values, the buffer holds " + b.length);
        }
    }

    private static boolean overlaps(RefBuffer p, RefBuffer q) {
        return p.data == q.data && p.offset < q.offset + q.length && q.offset < p.offset + p.length;
    }

    private static void requireDisjoint(RefBuffer p, RefBuffer q, String what) {
        if (overlaps(p, q)) {
            throw new IllegalArgumentException(what + " overlap (elements [" + p.offset + ", " + (p.offset + p.length)
                    + ") and [" + q.offset + ", " + (q.offset + q.length) + ") of one array): pass separate buffers");
        }
    }
}

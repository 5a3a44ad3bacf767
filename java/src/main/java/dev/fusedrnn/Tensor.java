package dev.fusedrnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A float32 array with a shape, row-major, batch first: {@code [N, T, C]} sequences, {@code [N, F]} rows,
 * {@code [N, T]} token ids or {@code [N]} class labels (ids and labels are stored as exact integers,
 * which float32 holds up to 2^24). Small tensors live on the Java heap; from {@value #OFF_HEAP_THRESHOLD}
 * elements on, in a direct (off-heap) buffer, so large data sets do not strain the garbage collector.
 *
 * <p>Tensors are immutable once built; the factories copy their input.
 */
public final class Tensor {
    /** Element count from which storage is off-heap. */
    public static final int OFF_HEAP_THRESHOLD = 1 << 22;

    private final FloatBuffer data;
    private final int[] shape;

    private Tensor(FloatBuffer data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** A zero tensor of the given shape. */
    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        return new Tensor(storage(Math.toIntExact(product(s))), s);
    }

    /** Wraps a copy of {@code values} with the given shape; their counts must agree. */
    public static Tensor of(float[] values, int... shape) {
        int[] s = checkShape(shape);
        if (product(s) != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " holds " + product(s)
                    + " values, got " + values.length);
        }
        FloatBuffer fb = storage(values.length);
        fb.put(0, values);
        return new Tensor(fb, s);
    }

    /** A copy of a 1-D array, shape {@code [N]}. */
    public static Tensor of(float[] values) { return of(values, values.length); }

    /** A copy of a rectangular 2-D array, shape {@code [N, F]}. */
    public static Tensor of(float[][] rows) {
        int n = rows.length;
        int f = n == 0 ? 0 : rows[0].length;
        FloatBuffer fb = storage(Math.toIntExact((long) n * f));
        for (int i = 0; i < n; i++) {
            if (rows[i] == null || rows[i].length != f) {
                throw new IllegalArgumentException("ragged array: row 0 has " + f + " values, row " + i + " has "
                        + (rows[i] == null ? "none (null)" : rows[i].length));
            }
            fb.put(i * f, rows[i]);
        }
        return new Tensor(fb, new int[] {n, f});
    }

    /** A copy of a rectangular 3-D array, shape {@code [N, T, C]}. */
    public static Tensor of(float[][][] seqs) {
        int n = seqs.length;
        int t = n == 0 ? 0 : seqs[0].length;
        int c = t == 0 ? 0 : seqs[0][0].length;
        FloatBuffer fb = storage(Math.toIntExact((long) n * t * c));
        for (int i = 0; i < n; i++) {
            if (seqs[i] == null || seqs[i].length != t) {
                throw new IllegalArgumentException("ragged array: sample 0 has " + t + " steps, sample " + i + " has "
                        + (seqs[i] == null ? "none (null)" : seqs[i].length) + " (pad sequences to one length first)");
            }
            for (int j = 0; j < t; j++) {
                if (seqs[i][j] == null || seqs[i][j].length != c) {
                    throw new IllegalArgumentException("ragged array: expected " + c + " features at sample " + i
                            + ", step " + j + ", got " + (seqs[i][j] == null ? "null" : seqs[i][j].length));
                }
                fb.put((i * t + j) * c, seqs[i][j]);
            }
        }
        return new Tensor(fb, new int[] {n, t, c});
    }

    /** Token ids {@code [N, T]} (e.g. for an {@code Embedding}); rows must have one length. */
    public static Tensor ofIds(int[][] ids) {
        int n = ids.length;
        int t = n == 0 ? 0 : ids[0].length;
        FloatBuffer fb = storage(Math.toIntExact((long) n * t));
        for (int i = 0; i < n; i++) {
            if (ids[i] == null || ids[i].length != t) {
                throw new IllegalArgumentException("ragged token ids: row 0 has " + t + " ids, row " + i + " has "
                        + (ids[i] == null ? "none (null)" : ids[i].length) + " (pad sequences to one length first)");
            }
            for (int j = 0; j < t; j++) fb.put(i * t + j, checkedId(ids[i][j], i, j));
        }
        return new Tensor(fb, new int[] {n, t});
    }

    /** Class labels {@code [N]} (for sparse categorical losses). */
    public static Tensor ofLabels(int[] labels) {
        FloatBuffer fb = storage(labels.length);
        for (int i = 0; i < labels.length; i++) fb.put(i, checkedId(labels[i], i, 0));
        return new Tensor(fb, new int[] {labels.length});
    }

    private static float checkedId(int id, int i, int j) {
        if (id < 0 || id >= (1 << 24)) {
            throw new IllegalArgumentException("id " + id + " at [" + i + ", " + j + "] is outside [0, 2^24)");
        }
        return id;
    }

    /** The shape (a copy). */
    public int[] shape() { return shape.clone(); }

    /** Size of dimension {@code d}. */
    public int dim(int d) { return shape[d]; }

    public int rank() { return shape.length; }

    /** Number of elements. */
    public long size() { return data.capacity(); }

    /** Element count of one sample (all dimensions but the first). */
    public int sampleSize() { return shape.length <= 1 ? 1 : Math.toIntExact(size() / Math.max(1, shape[0])); }

    /** Element at a full index. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for a tensor of shape " + Arrays.toString(shape));
        }
        long flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            flat = flat * shape[d] + index[d];
        }
        return data.get((int) flat);
    }

    /** All values, row-major (a copy). */
    public float[] toArray() {
        float[] out = new float[Math.toIntExact(size())];
        data.get(0, out);
        return out;
    }

    /** Copies {@code n} values from flat position {@code from} into {@code dst[dstOffset..]}. */
    public void copyTo(long from, float[] dst, int dstOffset, int n) { data.get((int) from, dst, dstOffset, n); }

    /** As a 2-D array {@code [N][rest]} (rank ≥ 2 tensors are flattened per sample). */
    public float[][] toArray2() {
        int n = shape[0];
        int f = sampleSize();
        float[][] out = new float[n][f];
        for (int i = 0; i < n; i++) data.get(i * f, out[i]);
        return out;
    }

    /** As a 3-D array; requires rank 3. */
    public float[][][] toArray3() {
        if (shape.length != 3) throw new IllegalStateException("toArray3 needs rank 3, shape is " + Arrays.toString(shape));
        float[][][] out = new float[shape[0]][shape[1]][shape[2]];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) data.get((i * shape[1] + j) * shape[2], out[i][j]);
        }
        return out;
    }

    /** Samples {@code [from, to)} along the first dimension, as a new tensor. */
    public Tensor rows(int from, int to) {
        if (from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of a tensor with " + shape[0] + " samples");
        }
        int f = sampleSize();
        float[] part = new float[(to - from) * f];
        data.get(from * f, part);
        int[] s = shape.clone();
        s[0] = to - from;
        return of(part, s);
    }

    /** Samples at the given indices along the first dimension, as a new tensor. */
    public Tensor gather(int[] indices) {
        int f = sampleSize();
        float[] part = new float[indices.length * f];
        for (int i = 0; i < indices.length; i++) data.get(indices[i] * f, part, i * f, f);
        int[] s = shape.clone();
        s[0] = indices.length;
        return of(part, s);
    }

    /**
     * The index of the first NaN or infinite value, or −1. Inputs are checked before training so a bad
     * value is reported where it is, not as a NaN loss many steps later.
     */
    public long firstNonFinite() {
        for (int i = 0; i < data.capacity(); i++) if (!Float.isFinite(data.get(i))) return i;
        return -1;
    }

    /** Formats a flat position as a full index, for error messages. */
    public String indexOf(long flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = (int) (flat % Math.max(1, shape[d]));
            flat /= Math.max(1, shape[d]);
        }
        return Arrays.toString(idx);
    }

    @Override
    public String toString() { return "Tensor" + Arrays.toString(shape); }

    private static FloatBuffer storage(int n) {
        if (n < OFF_HEAP_THRESHOLD) return FloatBuffer.allocate(n);
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static int[] checkShape(int[] shape) {
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
        }
        if (product(shape) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " exceeds 2^31 elements");
        }
        return shape.clone();
    }

    static long product(int[] shape) {
        long p = 1;
        for (int d : shape) p *= d;
        return p;
    }
}

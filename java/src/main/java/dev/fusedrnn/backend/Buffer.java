package dev.fusedrnn.backend;

/**
 * A backend-owned array of numbers: host memory in double for the reference backend, float32 in native
 * or device memory for the others. Java code never sees the storage; it moves data in and out with
 * {@link #write} and {@link #read}. A {@link #slice} is a view sharing the storage (a layer's weights
 * are slices of the model's one parameter buffer). Closing a root buffer frees it; closing a slice
 * does nothing.
 *
 * <p>Threads: any number of threads may read a buffer at once, and write disjoint ranges of it; a range
 * being written must not be read or written by another thread meanwhile. Close it after all other use.
 */
public interface Buffer extends AutoCloseable {

    /** Number of elements. */
    long length();

    /** A view of {@code length} elements starting at {@code offset}. */
    Buffer slice(long offset, long length);

    /** Copies {@code n} values from {@code src[srcOffset..]} to this buffer at {@code offset}. */
    void write(long offset, float[] src, int srcOffset, int n);

    /** Copies {@code n} values from this buffer at {@code offset} to {@code dst[dstOffset..]}. */
    void read(long offset, float[] dst, int dstOffset, int n);

    /** As {@link #write(long, float[], int, int)}; a float32 backend rounds to float. */
    void write(long offset, double[] src, int srcOffset, int n);

    /** As {@link #read(long, float[], int, int)}, widening where the backend stores float32. */
    void read(long offset, double[] dst, int dstOffset, int n);

    /** Sets every element to {@code value}. */
    void fill(double value);

    @Override
    void close();

    /** The whole buffer as a new float array (for tests, results and small tensors). */
    default float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(length())];
        read(0, out, 0, out.length);
        return out;
    }

    /** The whole buffer as a new double array. */
    default double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(length())];
        read(0, out, 0, out.length);
        return out;
    }

    /** Writes the whole of {@code src} from element 0. */
    default Buffer set(float[] src) {
        if (src.length != length()) throw new IllegalArgumentException("buffer holds " + length() + " values, got " + src.length);
        write(0, src, 0, src.length);
        return this;
    }

    /** Writes the whole of {@code src} from element 0. */
    default Buffer set(double[] src) {
        if (src.length != length()) throw new IllegalArgumentException("buffer holds " + length() + " values, got " + src.length);
        write(0, src, 0, src.length);
        return this;
    }
}

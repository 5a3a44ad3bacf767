package dev.fusedrnn.reference;

import dev.fusedrnn.backend.Buffer;

import java.util.Arrays;

/** A reference-backend buffer: a window {@code [offset, offset + length)} of a Java double array. */
public final class RefBuffer implements Buffer {
    final double[] data;
    final int offset;
    final int length;

    RefBuffer(long length) {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("reference backend buffers hold at most 2^31 - 9 values, asked for " + length);
        }
        this.data = new double[(int) length];
        this.offset = 0;
        this.length = (int) length;
    }

    private RefBuffer(double[] data, int offset, int length) {
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    /** The backing array; element i of this buffer is {@code array()[offset() + i]}. */
    public double[] array() { return data; }

    public int offset() { return offset; }

    @Override
    public long length() { return length; }

    @Override
    public Buffer slice(long off, long len) {
        check(off, len);
        return new RefBuffer(data, offset + (int) off, (int) len);
    }

    @Override
    public void write(long off, float[] src, int srcOffset, int n) {
        check(off, n);
        for (int i = 0; i < n; i++) data[offset + (int) off + i] = src[srcOffset + i];
    }

    @Override
    public void read(long off, float[] dst, int dstOffset, int n) {
        check(off, n);
        for (int i = 0; i < n; i++) dst[dstOffset + i] = (float) data[offset + (int) off + i];
    }

    @Override
    public void write(long off, double[] src, int srcOffset, int n) {
        check(off, n);
        System.arraycopy(src, srcOffset, data, offset + (int) off, n);
    }

    @Override
    public void read(long off, double[] dst, int dstOffset, int n) {
        check(off, n);
        System.arraycopy(data, offset + (int) off, dst, dstOffset, n);
    }

    @Override
    public void fill(double value) { Arrays.fill(data, offset, offset + length, value); }

    @Override
    public void close() { }

    /** Element i. */
    double get(int i) { return data[offset + i]; }

    /** Sets element i. */
    void put(int i, double v) { data[offset + i] = v; }

    private void check(long off, long n) {
        if (off < 0 || n < 0 || off + n > length) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + n) + ") outside a buffer of " + length);
        }
    }

    /** Casts a buffer handed to the reference backend, with a clear error if it came from another backend. */
    static RefBuffer of(Buffer b) {
        if (b == null) return null;
        if (b instanceof RefBuffer) return (RefBuffer) b;
        throw new IllegalArgumentException("buffer of " + b.getClass().getSimpleName() + " passed to the reference backend");
    }
}

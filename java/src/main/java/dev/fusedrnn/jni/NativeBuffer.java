package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Buffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Buffer} of float32 values in native host memory, for the {@code cpu} backend. A root buffer
 * owns its memory (zero-filled {@code calloc}) and frees it in {@link #close()}; a {@link #slice} is a
 * view sharing that memory, whose {@code close()} does nothing, and which becomes unusable once its root
 * is closed. Memory is released explicitly: a {@link Cleaner} frees a root that was never closed only
 * as a last resort, when it becomes unreachable.
 *
 * <p>Reads and writes copy through JNI; many threads may read and write disjoint ranges concurrently.
 */
public final class NativeBuffer implements Buffer {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int CHUNK = 4096;   // floats per conversion chunk for double[] transfers
    /** Bytes of all root buffers not yet freed (JavaCPP's Pointer.totalBytes() does not see calloc'd memory). */
    private static final AtomicLong LIVE_BYTES = new AtomicLong();

    /** The root's memory, and whether it was freed; shared by the root and all its slices. */
    private static final class Memory implements Runnable {
        final Pointer base;
        final long bytes;
        final AtomicBoolean freed = new AtomicBoolean();

        Memory(Pointer base, long bytes) {
            this.base = base;
            this.bytes = bytes;
            LIVE_BYTES.addAndGet(bytes);
        }

        @Override
        public void run() {   // once, from close() or the cleaner
            if (freed.compareAndSet(false, true)) {
                if (base != null) Pointer.free(base);
                LIVE_BYTES.addAndGet(-bytes);
            }
        }
    }

    private final Memory memory;
    private final Cleaner.Cleanable cleanable;   // null for slices
    private final long offset;
    private final long length;
    private final FloatPointer view;             // address of element 0 of this buffer (never repositioned)

    private NativeBuffer(Memory memory, boolean root, long offset, long length) {
        this.memory = memory;
        this.cleanable = root ? CLEANER.register(this, memory) : null;
        this.offset = offset;
        this.length = length;
        this.view = at(0);
    }

    /** A new zero-filled buffer of {@code length} floats. */
    public static NativeBuffer allocate(long length) {
        if (length < 0) throw new IllegalArgumentException("cpu buffer: length must be >= 0, got " + length);
        if (length > Long.MAX_VALUE / Float.BYTES) throw new IllegalArgumentException("cpu buffer: " + length + " floats cannot be addressed");
        Pointer base = null;
        if (length > 0) {
            base = Pointer.calloc(length, Float.BYTES);
            if (base == null || base.isNull()) {
                throw new OutOfMemoryError("cpu buffer: could not allocate " + length + " floats (" + length * Float.BYTES
                        + " bytes) of native memory; free buffers or use smaller batches");
            }
        }
        return new NativeBuffer(new Memory(base, length * Float.BYTES), true, 0, length);
    }

    @Override
    public long length() { return length; }

    @Override
    public NativeBuffer slice(long off, long len) {
        check(off, len);
        return new NativeBuffer(memory, false, offset + off, len);
    }

    @Override
    public void write(long off, float[] src, int srcOffset, int n) {
        checkArray(src.length, srcOffset, n);
        check(off, n);
        if (n > 0) at(off).put(src, srcOffset, n);
    }

    @Override
    public void read(long off, float[] dst, int dstOffset, int n) {
        checkArray(dst.length, dstOffset, n);
        check(off, n);
        if (n > 0) at(off).get(dst, dstOffset, n);
    }

    @Override
    public void write(long off, double[] src, int srcOffset, int n) {
        checkArray(src.length, srcOffset, n);
        check(off, n);
        Float32Chunks.write(src, srcOffset, n, off, CHUNK, (o, c, k) -> at(o).put(c, 0, k));
    }

    @Override
    public void read(long off, double[] dst, int dstOffset, int n) {
        checkArray(dst.length, dstOffset, n);
        check(off, n);
        Float32Chunks.read((o, c, k) -> at(o).get(c, 0, k), off, dst, dstOffset, n, CHUNK);
    }

    @Override
    public void fill(double value) {
        NativeLibraries.throwIfError(FrnnLib.frnn_fill(length, (float) value, pointer()));
    }

    /** Frees the memory of a root buffer (idempotent); a slice's close does nothing. */
    @Override
    public void close() {
        if (cleanable != null) cleanable.clean();
    }

    /** Bytes held by cpu buffers not yet freed, all backends together (for leak checks). */
    static long liveBytes() { return LIVE_BYTES.get(); }

    /** Whether this buffer's memory was freed (its root closed). */
    public boolean isClosed() { return memory.freed.get(); }

    /** Whether this is a root buffer (owning its memory) rather than a slice. */
    public boolean isRoot() { return cleanable != null; }

    /**
     * The address of element 0 for a native call; throws when the memory was freed. The same object is
     * returned each time and must not be repositioned.
     */
    FloatPointer pointer() {
        if (isClosed()) throw NativeArgs.usedAfterClose("cpu", length);
        return view;
    }

    /** The address of element 0 as a number (for overlap checks). */
    long address() { return memory.base == null ? 0 : memory.base.address() + offset * Float.BYTES; }

    /** Whether this buffer and {@code other} share any element. */
    boolean overlaps(NativeBuffer other) {
        if (length == 0 || other.length == 0 || memory != other.memory) return false;
        return offset < other.offset + other.length && other.offset < offset + length;
    }

    private FloatPointer at(long off) {
        if (memory.base == null) return new FloatPointer((Pointer) null);   // an empty root: NULL
        return new FloatPointer(memory.base).position(offset + off);
    }

    private void check(long off, long n) { NativeArgs.bufferRange("cpu", off, n, length, isClosed()); }

    private static void checkArray(int arrayLength, int arrayOffset, int n) { NativeArgs.arrayRange(arrayLength, arrayOffset, n); }
}

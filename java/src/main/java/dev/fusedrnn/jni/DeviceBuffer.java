package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Buffer;
import org.bytedeco.javacpp.FloatPointer;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A float32 buffer in device memory of the {@code cuda} or {@code cuda-emulated} backend (frnn_cuda_malloc),
 * or a slice of one. Java never dereferences the address: reads and writes are copies through the CUDA
 * library, which wait for the kernels queued before them. Closing the root frees the memory (a
 * {@link Cleaner} frees a root never closed, as a last resort); closing a slice does nothing.
 */
public final class DeviceBuffer implements Buffer {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int CHUNK = 1 << 16;   // floats per staged copy for double[] and offset transfers
    /** Bytes of all root buffers not yet freed, real and emulated devices together. */
    private static final AtomicLong LIVE_BYTES = new AtomicLong();

    /** The root's device memory; shared by the root and its slices. */
    private static final class Memory implements Runnable {
        final CudaApi api;
        final FloatPointer base;
        final long bytes;
        final AtomicBoolean freed = new AtomicBoolean();

        Memory(CudaApi api, FloatPointer base, long bytes) {
            this.api = api;
            this.base = base;
            this.bytes = bytes;
            LIVE_BYTES.addAndGet(bytes);
        }

        @Override
        public void run() {
            if (freed.compareAndSet(false, true)) {
                api.frnn_cuda_free(base);
                LIVE_BYTES.addAndGet(-bytes);
            }
        }
    }

    private final Memory memory;
    private final Cleaner.Cleanable cleanable;   // null for slices
    private final long offset, length;

    private DeviceBuffer(Memory memory, boolean root, long offset, long length) {
        this.memory = memory;
        this.cleanable = root ? CLEANER.register(this, memory) : null;
        this.offset = offset;
        this.length = length;
    }

    /** A new zero-filled device buffer; out of device memory is a {@link FrnnException} with the sizes. */
    static DeviceBuffer allocate(CudaApi api, long length) {
        if (length < 0) throw new IllegalArgumentException(api.backendName() + " buffer: length must be >= 0, got " + length);
        FloatPointer base = new FloatPointer((org.bytedeco.javacpp.Pointer) null);
        int status = api.frnn_cuda_malloc(length, base);
        if (status != FrnnLib.FRNN_OK) throw new FrnnException(status, api.frnn_cuda_last_error());
        return new DeviceBuffer(new Memory(api, base, length * Float.BYTES), true, 0, length);
    }

    @Override public long length() { return length; }

    @Override
    public DeviceBuffer slice(long off, long len) {
        check(off, len);
        return new DeviceBuffer(memory, false, offset + off, len);
    }

    @Override
    public void write(long off, float[] src, int srcOffset, int n) {
        checkArray(src.length, srcOffset, n);
        check(off, n);
        if (srcOffset == 0 && n == src.length) {
            copyIn(off, src, n);
            return;
        }
        float[] chunk = new float[Math.min(n, CHUNK)];
        for (int done = 0; done < n; done += chunk.length) {
            int k = Math.min(chunk.length, n - done);
            System.arraycopy(src, srcOffset + done, chunk, 0, k);
            copyIn(off + done, chunk, k);
        }
    }

    @Override
    public void read(long off, float[] dst, int dstOffset, int n) {
        checkArray(dst.length, dstOffset, n);
        check(off, n);
        if (dstOffset == 0 && n == dst.length) {
            copyOut(off, dst, n);
            return;
        }
        float[] chunk = new float[Math.min(n, CHUNK)];
        for (int done = 0; done < n; done += chunk.length) {
            int k = Math.min(chunk.length, n - done);
            copyOut(off + done, chunk, k);
            System.arraycopy(chunk, 0, dst, dstOffset + done, k);
        }
    }

    @Override
    public void write(long off, double[] src, int srcOffset, int n) {
        checkArray(src.length, srcOffset, n);
        check(off, n);
        Float32Chunks.write(src, srcOffset, n, off, CHUNK, this::copyIn);
    }

    @Override
    public void read(long off, double[] dst, int dstOffset, int n) {
        checkArray(dst.length, dstOffset, n);
        check(off, n);
        Float32Chunks.read(this::copyOut, off, dst, dstOffset, n, CHUNK);
    }

    @Override
    public void fill(double value) {
        CudaContexts.fill(memory.api, this, (float) value);
    }

    @Override
    public void close() { if (cleanable != null) cleanable.clean(); }

    public boolean isClosed() { return memory.freed.get(); }

    /** Bytes held by device buffers not yet freed (for leak checks). */
    static long liveBytes() { return LIVE_BYTES.get(); }

    /** The library that owns the memory. */
    CudaApi api() { return memory.api; }

    /** The device address of element 0 for a native call (a new pointer object each time). */
    FloatPointer pointer() {
        if (isClosed()) throw NativeArgs.usedAfterClose(memory.api.backendName(), length);
        return new FloatPointer(memory.base).position(offset);
    }

    /** Whether this buffer and {@code other} share any element. */
    boolean overlaps(DeviceBuffer other) {
        if (length == 0 || other.length == 0 || memory != other.memory) return false;
        return offset < other.offset + other.length && other.offset < offset + length;
    }

    private void copyIn(long off, float[] src, int n) {
        if (n == 0) return;
        int status = memory.api.frnn_cuda_copy_to_device(pointer().position(offset + off), src, n);
        if (status != FrnnLib.FRNN_OK) throw new FrnnException(status, memory.api.frnn_cuda_last_error());
    }

    private void copyOut(long off, float[] dst, int n) {
        if (n == 0) return;
        int status = memory.api.frnn_cuda_copy_to_host(dst, pointer().position(offset + off), n);
        if (status != FrnnLib.FRNN_OK) throw new FrnnException(status, memory.api.frnn_cuda_last_error());
    }

    private void check(long off, long n) { NativeArgs.bufferRange(memory.api.backendName(), off, n, length, isClosed()); }

    private static void checkArray(int arrayLength, int arrayOffset, int n) { NativeArgs.arrayRange(arrayLength, arrayOffset, n); }
}

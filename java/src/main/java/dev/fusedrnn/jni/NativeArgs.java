package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Buffer;
import java.util.function.Supplier;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The {@code cpu} backend's argument checks, run in Java before any native call: buffer kinds (a
 * {@link NativeBuffer} whose memory is still allocated), lengths against the shapes, sizes; and the range
 * checks of both buffer classes ({@link NativeBuffer}, {@link DeviceBuffer}). The recurrent calls' checks,
 * shared with the cuda backends, are in {@link RnnArgs}. Messages
 * name the operation, the argument with its shape, and the expected and actual sizes, e.g.
 * "cpu dense forward: x [rows, in] must hold at least 12 values, the buffer holds 10".
 */
final class NativeArgs {
    private NativeArgs() { }

    /** A required buffer of at least {@code needed} floats. */
    static NativeBuffer atLeast(String op, String name, Buffer b, long needed) {
        if (b == null) throw new IllegalArgumentException(op + ": " + name + " is required, got null");
        NativeBuffer nb = kind(op, name, b);
        if (nb.length() < needed) {
            throw new IllegalArgumentException(op + ": " + name + " must hold at least " + needed
                    + " values, the buffer holds " + nb.length());
        }
        return nb;
    }

    /** An optional buffer (null allowed) of at least {@code needed} floats. */
    static NativeBuffer optionalAtLeast(String op, String name, Buffer b, long needed) {
        return b == null ? null : atLeast(op, name, b, needed);
    }

    /** A required buffer of exactly {@code expected} floats. */
    static NativeBuffer exactly(String op, String name, Buffer b, long expected) {
        if (b == null) throw new IllegalArgumentException(op + ": " + name + " is required, got null");
        return optionalExactly(op, name, b, expected);
    }

    /** An optional buffer (null allowed) of exactly {@code expected} floats. */
    static NativeBuffer optionalExactly(String op, String name, Buffer b, long expected) {
        if (b == null) return null;
        NativeBuffer nb = kind(op, name, b);
        if (nb.length() != expected) {
            throw new IllegalArgumentException(op + ": " + name + " must hold " + expected + " values, got " + nb.length());
        }
        return nb;
    }

    static NativeBuffer kind(String op, String name, Buffer b) {
        if (!(b instanceof NativeBuffer)) {
            throw new IllegalArgumentException(op + ": " + name + " is a " + b.getClass().getSimpleName()
                    + ", not a buffer of the cpu backend; allocate it with this backend");
        }
        NativeBuffer nb = (NativeBuffer) b;
        if (nb.isClosed()) throw new IllegalArgumentException(op + ": " + name + " was closed (its root buffer was freed)");
        return nb;
    }

    static int positive(String op, String name, int v) {
        if (v < 1) throw new IllegalArgumentException(op + ": " + name + " must be >= 1, got " + v);
        return v;
    }

    static int nonNegative(String op, String name, int v) {
        if (v < 0) throw new IllegalArgumentException(op + ": " + name + " must be >= 0, got " + v);
        return v;
    }

    /** Dense sizes: rows >= 0, in and out >= 1. */
    static void denseDims(String op, int rows, int in, int out) {
        nonNegative(op, "rows", rows);
        positive(op, "in", in);
        positive(op, "out", out);
    }

    /** Embedding sizes: count >= 0, vocab and dim >= 1. */
    static void embeddingDims(String op, int count, int vocab, int dim) {
        nonNegative(op, "count", count);
        positive(op, "vocab", vocab);
        positive(op, "dim", dim);
    }

    /** Loss and metric sizes: rows >= 0, cols >= 1. */
    static void lossDims(String op, int rows, int cols) {
        nonNegative(op, "rows", rows);
        positive(op, "cols", cols);
    }

    /** The native id of a dense layer's activation (softmax is row-wise, FRNN_DENSE_SOFTMAX). */
    static int denseId(String op, Activation act) {
        if (act == null) throw new IllegalArgumentException(op + ": activation is null");
        return act == Activation.SOFTMAX ? FrnnLib.FRNN_DENSE_SOFTMAX : NativeLibraries.nativeId(act);
    }

    /**
     * A native call's status where an argument error can only come from the data (token ids, class labels,
     * which Java does not read): an {@link IllegalArgumentException}, as the reference backend throws; any
     * other failure a {@link FrnnException} with the library's message ({@code lastError}).
     */
    static void checkData(String op, int status, Supplier<String> lastError) {
        if (status == FrnnLib.FRNN_OK) return;
        FrnnException e = new FrnnException(status, lastError.get());
        if (status == FrnnLib.FRNN_ERR_ARGUMENT) throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        throw e;
    }

    /** Rejects two buffers that share elements. */
    static void disjoint(String op, String nameA, NativeBuffer a, String nameB, NativeBuffer b) {
        if (a != null && b != null && a.overlaps(b)) {
            throw new IllegalArgumentException(op + ": " + nameA + " and " + nameB + " overlap; pass separate buffers");
        }
    }

    /**
     * A range [off, off + n) of a buffer of {@code length} floats of {@code backend} (NativeBuffer,
     * DeviceBuffer), whose memory must still be allocated.
     */
    static void bufferRange(String backend, long off, long n, long length, boolean closed) {
        if (off < 0 || n < 0 || off > length - n) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + n) + ") outside a " + backend + " buffer of " + length);
        }
        if (closed) throw usedAfterClose(backend, length);
    }

    /** A buffer's memory was freed (its root closed) before this use. */
    static IllegalStateException usedAfterClose(String backend, long length) {
        return new IllegalStateException(backend + " buffer of " + length + " floats used after its root buffer was closed");
    }

    /** A range [arrayOffset, arrayOffset + n) of a Java array of {@code arrayLength} elements. */
    static void arrayRange(int arrayLength, int arrayOffset, int n) {
        if (arrayOffset < 0 || n < 0 || arrayOffset > arrayLength - n) {
            throw new IndexOutOfBoundsException("array range [" + arrayOffset + ", " + ((long) arrayOffset + n)
                    + ") outside an array of " + arrayLength);
        }
    }

    /** The native address of a buffer, or null for an absent optional one. */
    static FloatPointer ptr(NativeBuffer b) { return b == null ? null : b.pointer(); }
}

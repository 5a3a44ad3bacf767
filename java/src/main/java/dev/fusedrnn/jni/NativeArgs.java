package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Buffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The {@code cpu} backend's argument checks, run in Java before any native call: buffer kinds (a
 * {@link NativeBuffer} whose memory is still allocated), lengths against the shapes, sizes. Messages
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

    /** Rejects two buffers that share elements. */
    static void disjoint(String op, String nameA, NativeBuffer a, String nameB, NativeBuffer b) {
        if (a != null && b != null && a.overlaps(b)) {
            throw new IllegalArgumentException(op + ": " + nameA + " and " + nameB + " overlap; pass separate buffers");
        }
    }

    /** The native address of a buffer, or null for an absent optional one. */
    static FloatPointer ptr(NativeBuffer b) { return b == null ? null : b.pointer(); }
}

package dev.fusedrnn.reference;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

/**
 * Argument checks of the reference recurrent calls: every buffer's length against the spec, N and T, so
 * the oracle never reads past a tensor or treats garbage as data. Errors name the tensor, its shape, the
 * expected and the given length.
 */
final class RecurrentChecks {
    private RecurrentChecks() { }

    static void forward(RnnSpec spec, RnnBuffers b) {
        if (spec == null) throw new IllegalArgumentException("recurrent forward: spec must not be null");
        if (b == null) throw new IllegalArgumentException(spec.cell().kerasName() + " forward: buffers must not be null");
        String where = spec.cell().kerasName() + " forward";
        int n = b.batch, t = b.time, c = spec.inputSize(), h = spec.units();
        if (n < 1 || t < 1) {
            throw new IllegalArgumentException(where + ": batch N and time T must be >= 1, got N=" + n + ", T=" + t);
        }
        long nh = (long) n * h;
        require(where, "x", "[N, T, C]", b.x, (long) n * t * c);
        optional(where, "mask", "[N, T]", b.mask, (long) n * t);
        optional(where, "h0", "[N, H]", b.h0, nh);
        lstmOnly(spec, where, "c0", b.c0);
        optional(where, "c0", "[N, H]", b.c0, nh);
        require(where, "kernel", "[C, G*H]", b.kernel, spec.kernelSize());
        require(where, "recurrentKernel", "[H, G*H]", b.recurrentKernel, spec.recurrentKernelSize());
        require(where, "bias", spec.biasShape().length == 2 ? "[2, 3H]" : "[G*H]", b.bias, spec.biasSize());
        optional(where, "inputDropout", "[N, C]", b.inputDropout, (long) n * c);
        optional(where, "recurrentDropout", "[N, H]", b.recurrentDropout, nh);
        require(where, "output", spec.returnSequences() ? "[N, T, H]" : "[N, H]", b.output,
                spec.returnSequences() ? (long) n * t * h : nh);
        optional(where, "hLast", "[N, H]", b.hLast, nh);
        lstmOnly(spec, where, "cLast", b.cLast);
        optional(where, "cLast", "[N, H]", b.cLast, nh);
        if (b.mask != null) {
            RefBuffer m = RefBuffer.of(b.mask);
            for (int i = 0; i < n * t; i++) {
                double v = m.get(i);
                if (v != 0 && v != 1) {
                    throw new IllegalArgumentException(where + ": mask [N, T] must hold 1 (valid) or 0 (masked), got " + v
                            + " at sample " + (i / t) + ", step " + (i % t));
                }
            }
        }
    }

    /** Checks the backward arguments (and the forward ones again) and returns the reference tape. */
    static RecurrentRef.Tape backward(RnnSpec spec, RnnBuffers b, RnnTape tape, RnnGrads g) {
        forward(spec, b);
        String where = spec.cell().kerasName() + " backward";
        if (!(tape instanceof RecurrentRef.Tape)) {
            throw new IllegalArgumentException(where + ": expected the tape of a reference training forward pass, got "
                    + (tape == null ? "null (was forward called with forTraining = false?)" : tape.getClass().getSimpleName()));
        }
        RecurrentRef.Tape tp = (RecurrentRef.Tape) tape;
        if (tp.closed) throw new IllegalArgumentException(where + ": the tape was already closed");
        if (!tp.spec.equals(spec) || tp.batch != b.batch || tp.time != b.time) {
            throw new IllegalArgumentException(where + ": the tape was recorded for " + tp.spec + " with N=" + tp.batch
                    + ", T=" + tp.time + ", but backward got " + spec + " with N=" + b.batch + ", T=" + b.time);
        }
        if (g == null) throw new IllegalArgumentException(where + ": gradients must not be null");
        int n = b.batch, t = b.time, h = spec.units();
        long nh = (long) n * h;
        require(where, "dOutput", spec.returnSequences() ? "[N, T, H]" : "[N, H]", g.dOutput,
                spec.returnSequences() ? (long) n * t * h : nh);
        optional(where, "dhLast", "[N, H]", g.dhLast, nh);
        lstmOnly(spec, where, "dcLast", g.dcLast);
        optional(where, "dcLast", "[N, H]", g.dcLast, nh);
        optional(where, "dx", "[N, T, C]", g.dx, (long) n * t * spec.inputSize());
        require(where, "dKernel", "[C, G*H]", g.dKernel, spec.kernelSize());
        require(where, "dRecurrentKernel", "[H, G*H]", g.dRecurrentKernel, spec.recurrentKernelSize());
        require(where, "dBias", spec.biasShape().length == 2 ? "[2, 3H]" : "[G*H]", g.dBias, spec.biasSize());
        optional(where, "dh0", "[N, H]", g.dh0, nh);
        lstmOnly(spec, where, "dc0", g.dc0);
        optional(where, "dc0", "[N, H]", g.dc0, nh);
        return tp;
    }

    private static void require(String where, String name, String shape, Buffer buf, long expected) {
        if (buf == null) throw new IllegalArgumentException(where + ": " + name + " " + shape + " is required, got null");
        optional(where, name, shape, buf, expected);
    }

    private static void optional(String where, String name, String shape, Buffer buf, long expected) {
        if (buf == null) return;
        RefBuffer.of(buf);   // a buffer of another backend is rejected here, with its class named
        if (buf.length() != expected) {
            throw new IllegalArgumentException(where + ": " + name + " " + shape + " must hold " + expected
                    + " values, got " + buf.length());
        }
    }

    private static void lstmOnly(RnnSpec spec, String where, String name, Buffer buf) {
        if (buf != null && spec.cell() != CellType.LSTM) {
            throw new IllegalArgumentException(where + ": " + name + " given, but only LSTM has a cell state");
        }
    }
}

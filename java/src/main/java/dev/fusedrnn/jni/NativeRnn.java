package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

import static dev.fusedrnn.jni.NativeArgs.exactly;
import static dev.fusedrnn.jni.NativeArgs.optionalExactly;
import static dev.fusedrnn.jni.NativeArgs.ptr;

/**
 * The recurrent calls of the {@code cpu} backend: checks every buffer against the spec (exact lengths,
 * as the reference does), fills the lease's frnn_rnn_desc / frnn_rnn_tensors / frnn_rnn_grads, and makes
 * one native call for the whole sequence. The tape is a native float buffer of
 * {@code frnn_rnn_tape_floats} values, owned by the caller.
 */
final class NativeRnn {
    private NativeRnn() { }

    /** The native tape of one training forward pass, and what it was recorded for. */
    static final class Tape implements RnnTape {
        final RnnSpec spec;
        final int batch, time;
        final NativeBuffer floats;

        Tape(RnnSpec spec, int batch, int time, NativeBuffer floats) {
            this.spec = spec;
            this.batch = batch;
            this.time = time;
            this.floats = floats;
        }

        @Override
        public void close() { floats.close(); }
    }

    static RnnTape forward(ContextPool.Lease l, RnnSpec spec, RnnBuffers b, boolean forTraining) {
        checkForward(spec, b);
        fill(l, spec, b);
        Tape tape = null;
        if (forTraining) {
            long floats = FrnnLib.frnn_rnn_tape_floats(l.desc, b.batch, b.time);
            if (floats < 0) throw new FrnnException(FrnnLib.FRNN_ERR_UNSUPPORTED, FrnnLib.frnn_last_error());
            tape = new Tape(spec, b.batch, b.time, NativeBuffer.allocate(floats));
        }
        int status = FrnnLib.frnn_rnn_forward(l.context, l.desc, l.tensors, tape == null ? null : tape.floats.pointer());
        if (status != FrnnLib.FRNN_OK) {
            if (tape != null) tape.close();
            NativeLibraries.throwIfError(status);
        }
        return tape;
    }

    static void backward(ContextPool.Lease l, RnnSpec spec, RnnBuffers b, RnnTape rnnTape, RnnGrads g) {
        checkForward(spec, b);
        String where = "cpu " + spec.cell().kerasName() + " backward";
        if (!(rnnTape instanceof Tape)) {
            throw new IllegalArgumentException(where + ": expected the tape of a cpu training forward pass, got "
                    + (rnnTape == null ? "null (was forward called with forTraining = false?)" : rnnTape.getClass().getSimpleName()));
        }
        Tape tape = (Tape) rnnTape;
        if (tape.floats.isClosed()) throw new IllegalArgumentException(where + ": the tape was already closed");
        if (!tape.spec.equals(spec) || tape.batch != b.batch || tape.time != b.time) {
            throw new IllegalArgumentException(where + ": the tape was recorded for " + tape.spec + " with N=" + tape.batch
                    + ", T=" + tape.time + ", but backward got " + spec + " with N=" + b.batch + ", T=" + b.time);
        }
        if (g == null) throw new IllegalArgumentException(where + ": gradients must not be null");
        long nh = (long) b.batch * spec.units();
        long out = spec.returnSequences() ? nh * b.time : nh;
        String outShape = spec.returnSequences() ? "[N, T, H]" : "[N, H]";
        String biasShape = spec.biasShape().length == 2 ? "[2, 3H]" : "[G*H]";
        FrnnLib.RnnGrads ng = l.grads;
        ng.d_output(ptr(exactly(where, "dOutput " + outShape, g.dOutput, out)));
        ng.d_h_last(ptr(optionalExactly(where, "dhLast [N, H]", g.dhLast, nh)));
        ng.d_c_last(ptr(optionalExactly(where, "dcLast [N, H]", lstmOnly(spec, where, "dcLast", g.dcLast), nh)));
        ng.dx(ptr(optionalExactly(where, "dx [N, T, C]", g.dx, (long) b.batch * b.time * spec.inputSize())));
        ng.d_kernel(ptr(exactly(where, "dKernel [C, G*H]", g.dKernel, spec.kernelSize())));
        ng.d_recurrent_kernel(ptr(exactly(where, "dRecurrentKernel [H, G*H]", g.dRecurrentKernel, spec.recurrentKernelSize())));
        ng.d_bias(ptr(exactly(where, "dBias " + biasShape, g.dBias, spec.biasSize())));
        ng.dh0(ptr(optionalExactly(where, "dh0 [N, H]", g.dh0, nh)));
        ng.dc0(ptr(optionalExactly(where, "dc0 [N, H]", lstmOnly(spec, where, "dc0", g.dc0), nh)));
        fill(l, spec, b);
        NativeLibraries.throwIfError(FrnnLib.frnn_rnn_backward(l.context, l.desc, l.tensors, tape.floats.pointer(), ng));
    }

    /** The forward arguments, as RecurrentChecks checks them for the reference (mask values are not read). */
    private static void checkForward(RnnSpec spec, RnnBuffers b) {
        if (spec == null) throw new IllegalArgumentException("cpu recurrent call: spec must not be null");
        String where = "cpu " + spec.cell().kerasName() + " forward";
        if (b == null) throw new IllegalArgumentException(where + ": buffers must not be null");
        int n = b.batch, t = b.time, c = spec.inputSize(), h = spec.units();
        if (n < 1 || t < 1) throw new IllegalArgumentException(where + ": batch N and time T must be >= 1, got N=" + n + ", T=" + t);
        long nh = (long) n * h;
        exactly(where, "x [N, T, C]", b.x, (long) n * t * c);
        optionalExactly(where, "mask [N, T]", b.mask, (long) n * t);
        optionalExactly(where, "h0 [N, H]", b.h0, nh);
        optionalExactly(where, "c0 [N, H]", lstmOnly(spec, where, "c0", b.c0), nh);
        exactly(where, "kernel [C, G*H]", b.kernel, spec.kernelSize());
        exactly(where, "recurrentKernel [H, G*H]", b.recurrentKernel, spec.recurrentKernelSize());
        exactly(where, "bias " + (spec.biasShape().length == 2 ? "[2, 3H]" : "[G*H]"), b.bias, spec.biasSize());
        optionalExactly(where, "inputDropout [N, C]", b.inputDropout, (long) n * c);
        optionalExactly(where, "recurrentDropout [N, H]", b.recurrentDropout, nh);
        exactly(where, "output " + (spec.returnSequences() ? "[N, T, H]" : "[N, H]"), b.output,
                spec.returnSequences() ? nh * t : nh);
        optionalExactly(where, "hLast [N, H]", b.hLast, nh);
        optionalExactly(where, "cLast [N, H]", lstmOnly(spec, where, "cLast", b.cLast), nh);
        // frnn.h: inputs must not overlap outputs.
        Buffer[] ins = {b.x, b.mask, b.h0, b.c0, b.kernel, b.recurrentKernel, b.bias, b.inputDropout, b.recurrentDropout};
        String[] inNames = {"x", "mask", "h0", "c0", "kernel", "recurrentKernel", "bias", "inputDropout", "recurrentDropout"};
        Buffer[] outs = {b.output, b.hLast, b.cLast};
        String[] outNames = {"output", "hLast", "cLast"};
        for (int i = 0; i < outs.length; i++) {
            for (int j = 0; j < ins.length; j++) NativeArgs.disjoint(where, outNames[i], nb(outs[i]), inNames[j], nb(ins[j]));
            for (int j = i + 1; j < outs.length; j++) NativeArgs.disjoint(where, outNames[i], nb(outs[i]), outNames[j], nb(outs[j]));
        }
    }

    private static NativeBuffer nb(Buffer b) { return (NativeBuffer) b; }

    private static Buffer lstmOnly(RnnSpec spec, String where, String name, Buffer buf) {
        if (buf != null && spec.cell() != CellType.LSTM) {
            throw new IllegalArgumentException(where + ": " + name + " given, but only LSTM has a cell state");
        }
        return buf;
    }

    /** Fills desc and tensors from checked arguments; every field is set, so nothing stale remains. */
    private static void fill(ContextPool.Lease l, RnnSpec spec, RnnBuffers b) {
        l.desc.cell(NativeIds.cell(spec.cell())).input_size(spec.inputSize()).units(spec.units())
                .activation(NativeLibraries.nativeId(spec.activation()))
                .recurrent_activation(NativeLibraries.nativeId(spec.recurrentActivation()))
                .reset_after(spec.resetAfter() ? 1 : 0).go_backwards(spec.goBackwards() ? 1 : 0)
                .return_sequences(spec.returnSequences() ? 1 : 0).zero_output_for_mask(spec.zeroOutputForMask() ? 1 : 0);
        l.tensors.batch(b.batch).time(b.time)
                .x(p(b.x)).mask(p(b.mask)).h0(p(b.h0)).c0(p(b.c0))
                .kernel(p(b.kernel)).recurrent_kernel(p(b.recurrentKernel)).bias(p(b.bias))
                .input_dropout(p(b.inputDropout)).recurrent_dropout(p(b.recurrentDropout))
                .output(p(b.output)).h_last(p(b.hLast)).c_last(p(b.cLast));
    }

    private static org.bytedeco.javacpp.FloatPointer p(Buffer b) { return b == null ? null : ((NativeBuffer) b).pointer(); }
}

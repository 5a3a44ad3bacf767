package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

/**
 * The recurrent calls of {@link CudaBackend}: every buffer checked against the spec (exact lengths, as the
 * reference does), the lease's frnn_rnn_desc / frnn_rnn_tensors / frnn_rnn_grads filled with device
 * addresses, one native call for the whole sequence. The tape is a device buffer of
 * {@code frnn_cuda_rnn_tape_floats} values, owned by the caller.
 */
final class CudaRnn {
    private CudaRnn() { }

    /** The device tape of one training forward pass, and what it was recorded for. */
    static final class Tape implements RnnTape {
        final RnnSpec spec;
        final int batch, time;
        final DeviceBuffer floats;

        Tape(RnnSpec spec, int batch, int time, DeviceBuffer floats) {
            this.spec = spec;
            this.batch = batch;
            this.time = time;
            this.floats = floats;
        }

        @Override
        public void close() { floats.close(); }
    }

    static RnnTape forward(CudaBackend be, CudaBackend.Lease l, RnnSpec spec, RnnBuffers b, boolean forTraining) {
        checkForward(be, spec, b);
        fill(l, spec, b);
        Tape tape = null;
        if (forTraining) {
            long floats = be.api.frnn_cuda_rnn_tape_floats(l.desc, b.batch, b.time);
            if (floats < 0) throw new FrnnException(FrnnLib.FRNN_ERR_UNSUPPORTED, be.api.frnn_cuda_last_error());
            tape = new Tape(spec, b.batch, b.time, be.allocate(floats));
        }
        int status = be.api.frnn_cuda_rnn_forward(l.context, l.desc, l.tensors, tape == null ? null : tape.floats.pointer());
        if (status != FrnnLib.FRNN_OK) {
            if (tape != null) tape.close();
            be.check(status);
        }
        return tape;
    }

    static void backward(CudaBackend be, CudaBackend.Lease l, RnnSpec spec, RnnBuffers b, RnnTape rnnTape, RnnGrads g) {
        checkForward(be, spec, b);
        String where = be.name() + " " + spec.cell().kerasName() + " backward";
        if (!(rnnTape instanceof Tape)) {
            throw new IllegalArgumentException(where + ": expected the tape of a " + be.name() + " training forward pass, got "
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
        FrnnLib.RnnGrads ng = l.grads;
        ng.d_output(ptr(exactly(be, where, "dOutput", g.dOutput, out)));
        ng.d_h_last(ptr(optional(be, where, "dhLast [N, H]", g.dhLast, nh)));
        ng.d_c_last(ptr(optional(be, where, "dcLast [N, H]", lstmOnly(spec, where, "dcLast", g.dcLast), nh)));
        ng.dx(ptr(optional(be, where, "dx [N, T, C]", g.dx, (long) b.batch * b.time * spec.inputSize())));
        ng.d_kernel(ptr(exactly(be, where, "dKernel [C, G*H]", g.dKernel, spec.kernelSize())));
        ng.d_recurrent_kernel(ptr(exactly(be, where, "dRecurrentKernel [H, G*H]", g.dRecurrentKernel, spec.recurrentKernelSize())));
        ng.d_bias(ptr(exactly(be, where, "dBias", g.dBias, spec.biasSize())));
        ng.dh0(ptr(optional(be, where, "dh0 [N, H]", g.dh0, nh)));
        ng.dc0(ptr(optional(be, where, "dc0 [N, H]", lstmOnly(spec, where, "dc0", g.dc0), nh)));
        fill(l, spec, b);
        be.check(be.api.frnn_cuda_rnn_backward(l.context, l.desc, l.tensors, tape.floats.pointer(), ng));
    }

    /** The forward arguments, as RecurrentChecks checks them for the reference (mask values are checked natively). */
    private static void checkForward(CudaBackend be, RnnSpec spec, RnnBuffers b) {
        if (spec == null) throw new IllegalArgumentException(be.name() + " recurrent call: spec must not be null");
        String where = be.name() + " " + spec.cell().kerasName() + " forward";
        if (b == null) throw new IllegalArgumentException(where + ": buffers must not be null");
        int n = b.batch, t = b.time, c = spec.inputSize(), h = spec.units();
        if (n < 1 || t < 1) throw new IllegalArgumentException(where + ": batch N and time T must be >= 1, got N=" + n + ", T=" + t);
        long nh = (long) n * h;
        DeviceBuffer[] ins = {exactly(be, where, "x [N, T, C]", b.x, (long) n * t * c),
            optional(be, where, "mask [N, T]", b.mask, (long) n * t),
            optional(be, where, "h0 [N, H]", b.h0, nh),
            optional(be, where, "c0 [N, H]", lstmOnly(spec, where, "c0", b.c0), nh),
            exactly(be, where, "kernel [C, G*H]", b.kernel, spec.kernelSize()),
            exactly(be, where, "recurrentKernel [H, G*H]", b.recurrentKernel, spec.recurrentKernelSize()),
            exactly(be, where, "bias", b.bias, spec.biasSize()),
            optional(be, where, "inputDropout [N, C]", b.inputDropout, (long) n * c),
            optional(be, where, "recurrentDropout [N, H]", b.recurrentDropout, nh)};
        DeviceBuffer[] outs = {exactly(be, where, "output", b.output, spec.returnSequences() ? nh * t : nh),
            optional(be, where, "hLast [N, H]", b.hLast, nh),
            optional(be, where, "cLast [N, H]", lstmOnly(spec, where, "cLast", b.cLast), nh)};
        for (int i = 0; i < outs.length; i++) {
            CudaBackend.disjoint(where, outs[i], ins);
            for (int j = i + 1; j < outs.length; j++) CudaBackend.disjoint(where, outs[i], outs[j]);
        }
    }

    private static DeviceBuffer exactly(CudaBackend be, String where, String name, Buffer b, long expected) {
        if (b == null) throw new IllegalArgumentException(where + ": " + name + " is required, got null");
        return optional(be, where, name, b, expected);
    }

    private static DeviceBuffer optional(CudaBackend be, String where, String name, Buffer b, long expected) {
        if (b == null) return null;
        DeviceBuffer d = be.need(where, name, b, expected);
        if (d.length() != expected) throw new IllegalArgumentException(where + ": " + name + " must hold " + expected + " values, got " + d.length());
        return d;
    }

    private static Buffer lstmOnly(RnnSpec spec, String where, String name, Buffer buf) {
        if (buf != null && spec.cell() != CellType.LSTM) {
            throw new IllegalArgumentException(where + ": " + name + " given, but only LSTM has a cell state");
        }
        return buf;
    }

    private static void fill(CudaBackend.Lease l, RnnSpec spec, RnnBuffers b) {
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

    private static org.bytedeco.javacpp.FloatPointer ptr(DeviceBuffer b) { return CudaBackend.p(b); }

    private static org.bytedeco.javacpp.FloatPointer p(Buffer b) { return b == null ? null : ((DeviceBuffer) b).pointer(); }
}

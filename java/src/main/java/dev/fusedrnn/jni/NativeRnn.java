package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

/**
 * The recurrent calls of the {@code cpu} backend: checks every buffer against the spec ({@link RnnArgs}:
 * exact lengths, as the reference does), fills the lease's frnn_rnn_desc / frnn_rnn_tensors / frnn_rnn_grads, and makes
 * one native call for the whole sequence. The tape is a native float buffer of
 * {@code frnn_rnn_tape_floats} values, owned by the caller.
 */
final class NativeRnn {
    private NativeRnn() { }

    /** The cpu backend's buffers for the shared checks. */
    private static final RnnArgs.Kind KIND = new RnnArgs.Kind() {
        @Override
        public void check(String where, String name, Buffer b, long expected) { NativeArgs.optionalExactly(where, name, b, expected); }

        @Override
        public boolean isClosed(Buffer b) { return ((NativeBuffer) b).isClosed(); }

        @Override
        public boolean overlaps(Buffer a, Buffer b) { return ((NativeBuffer) a).overlaps((NativeBuffer) b); }
    };

    static RnnTape forward(ContextPool.Lease l, RnnSpec spec, RnnBuffers b, boolean forTraining) {
        RnnArgs.checkForward("cpu", spec, b, KIND);
        fill(l, spec, b);
        RnnArgs.Tape<NativeBuffer> tape = null;
        if (forTraining) {
            long floats = FrnnLib.frnn_rnn_tape_floats(l.desc, b.batch, b.time);
            if (floats < 0) throw new FrnnException(FrnnLib.FRNN_ERR_UNSUPPORTED, FrnnLib.frnn_last_error());
            tape = new RnnArgs.Tape<>(spec, b.batch, b.time, NativeBuffer.allocate(floats));
        }
        int status = FrnnLib.frnn_rnn_forward(l.context, l.desc, l.tensors, tape == null ? null : tape.floats.pointer());
        if (status != FrnnLib.FRNN_OK) {
            if (tape != null) tape.close();
            NativeLibraries.throwIfError(status);
        }
        return tape;
    }

    static void backward(ContextPool.Lease l, RnnSpec spec, RnnBuffers b, RnnTape rnnTape, RnnGrads g) {
        RnnArgs.checkForward("cpu", spec, b, KIND);
        RnnArgs.Tape<NativeBuffer> tape = RnnArgs.checkBackward("cpu", NativeBuffer.class, spec, b, rnnTape, g, KIND);
        FrnnLib.RnnGrads ng = l.grads;
        ng.d_output(p(g.dOutput)).d_h_last(p(g.dhLast)).d_c_last(p(g.dcLast)).dx(p(g.dx)).d_kernel(p(g.dKernel))
                .d_recurrent_kernel(p(g.dRecurrentKernel)).d_bias(p(g.dBias)).dh0(p(g.dh0)).dc0(p(g.dc0));
        fill(l, spec, b);
        NativeLibraries.throwIfError(FrnnLib.frnn_rnn_backward(l.context, l.desc, l.tensors, tape.floats.pointer(), ng));
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

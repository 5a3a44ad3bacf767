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
        RnnArgs.fill(l.desc, l.tensors, null, spec, b, null, buf -> ((NativeBuffer) buf).pointer());
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
        RnnArgs.fill(l.desc, l.tensors, l.grads, spec, b, g, buf -> ((NativeBuffer) buf).pointer());
        NativeLibraries.throwIfError(FrnnLib.frnn_rnn_backward(l.context, l.desc, l.tensors, tape.floats.pointer(), l.grads));
    }
}

package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

/**
 * The recurrent calls of {@link CudaBackend}: every buffer checked against the spec ({@link RnnArgs}: exact
 * lengths, as the reference does), the lease's frnn_rnn_desc / frnn_rnn_tensors / frnn_rnn_grads filled with device
 * addresses, one native call for the whole sequence. The tape is a device buffer of
 * {@code frnn_cuda_rnn_tape_floats} values, owned by the caller.
 */
final class CudaRnn {
    private CudaRnn() { }

    /** The buffers of backend {@code be} for the shared checks. */
    private static RnnArgs.Kind kind(CudaBackend be) {
        return new RnnArgs.Kind() {
            @Override
            public void check(String where, String name, Buffer b, long expected) {
                DeviceBuffer d = be.need(where, name, b, expected);
                if (d.length() != expected) throw new IllegalArgumentException(where + ": " + name + " must hold " + expected + " values, got " + d.length());
            }

            @Override
            public boolean isClosed(Buffer b) { return ((DeviceBuffer) b).isClosed(); }

            @Override
            public boolean overlaps(Buffer a, Buffer b) { return ((DeviceBuffer) a).overlaps((DeviceBuffer) b); }
        };
    }

    static RnnTape forward(CudaBackend be, CudaContexts.Lease l, RnnSpec spec, RnnBuffers b, boolean forTraining) {
        RnnArgs.checkForward(be.name(), spec, b, kind(be));
        RnnArgs.fill(l.desc, l.tensors, null, spec, b, null, buf -> ((DeviceBuffer) buf).pointer());
        RnnArgs.Tape<DeviceBuffer> tape = null;
        if (forTraining) {
            long floats = be.api.frnn_cuda_rnn_tape_floats(l.desc, b.batch, b.time);
            if (floats < 0) throw new FrnnException(FrnnLib.FRNN_ERR_UNSUPPORTED, be.api.frnn_cuda_last_error());
            tape = new RnnArgs.Tape<>(spec, b.batch, b.time, be.allocate(floats));
        }
        int status = be.api.frnn_cuda_rnn_forward(l.context, l.desc, l.tensors, tape == null ? null : tape.floats.pointer());
        if (status != FrnnLib.FRNN_OK) {
            // the message first: freeing the tape is a library call too, which resets the last error
            FrnnException e = new FrnnException(status, be.api.frnn_cuda_last_error());
            if (tape != null) tape.close();
            throw e;
        }
        return tape;
    }

    static void backward(CudaBackend be, CudaContexts.Lease l, RnnSpec spec, RnnBuffers b, RnnTape rnnTape, RnnGrads g) {
        RnnArgs.Kind kind = kind(be);
        RnnArgs.checkForward(be.name(), spec, b, kind);
        RnnArgs.Tape<DeviceBuffer> tape = RnnArgs.checkBackward(be.name(), DeviceBuffer.class, spec, b, rnnTape, g, kind);
        RnnArgs.fill(l.desc, l.tensors, l.grads, spec, b, g, buf -> ((DeviceBuffer) buf).pointer());
        be.check(be.api.frnn_cuda_rnn_backward(l.context, l.desc, l.tensors, tape.floats.pointer(), l.grads));
    }
}

package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;
import java.util.function.Function;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The Java-side argument checks of the recurrent calls, shared by the {@code cpu} backend ({@link NativeRnn})
 * and the {@code cuda} backends ({@link CudaRnn}): every buffer against the spec (exact lengths, as the
 * reference's RecurrentChecks), the LSTM-only buffers, outputs that overlap inputs, and the tape; then the
 * native descriptor, tensors and gradients filled from the checked buffers. What makes a
 * buffer one of the backend's own (its class, its library, not closed) is the backend's {@link Kind}.
 * Messages name the backend, the cell and the pass, e.g. "cpu LSTM forward: x [N, T, C] must hold 24 values, got 20".
 */
final class RnnArgs {
    private RnnArgs() { }

    /** A backend's own buffers. */
    interface Kind {
        /** Checks a non-null buffer argument: of this backend, not closed, exactly {@code expected} floats. */
        void check(String where, String name, Buffer b, long expected);

        /** Whether a buffer of this backend's class was freed. */
        boolean isClosed(Buffer b);

        /** Whether two buffers that passed {@link #check} share any element. */
        boolean overlaps(Buffer a, Buffer b);
    }

    /** The tape of one training forward pass (floats: a buffer of the backend's tape-floats length), and what it was recorded for. */
    static final class Tape<B extends Buffer> implements RnnTape {
        final RnnSpec spec;
        final int batch, time;
        final B floats;

        Tape(RnnSpec spec, int batch, int time, B floats) {
            this.spec = spec;
            this.batch = batch;
            this.time = time;
            this.floats = floats;
        }

        @Override
        public void close() { floats.close(); }
    }

    /** The forward arguments, as RecurrentChecks checks them for the reference. */
    static void checkForward(String backend, RnnSpec spec, RnnBuffers b, Kind kind) {
        if (spec == null) throw new IllegalArgumentException(backend + " recurrent call: spec must not be null");
        String where = backend + " " + spec.cell().kerasName() + " forward";
        if (b == null) throw new IllegalArgumentException(where + ": buffers must not be null");
        int n = b.batch, t = b.time, c = spec.inputSize(), h = spec.units();
        if (n < 1 || t < 1) throw new IllegalArgumentException(where + ": batch N and time T must be >= 1, got N=" + n + ", T=" + t);
        long nh = (long) n * h;
        required(kind, where, "x [N, T, C]", b.x, (long) n * t * c);
        optional(kind, where, "mask [N, T]", b.mask, (long) n * t);
        optional(kind, where, "h0 [N, H]", b.h0, nh);
        optional(kind, where, "c0 [N, H]", lstmOnly(spec, where, "c0", b.c0), nh);
        required(kind, where, "kernel [C, G*H]", b.kernel, spec.kernelSize());
        required(kind, where, "recurrentKernel [H, G*H]", b.recurrentKernel, spec.recurrentKernelSize());
        required(kind, where, "bias " + biasShape(spec), b.bias, spec.biasSize());
        optional(kind, where, "inputDropout [N, C]", b.inputDropout, (long) n * c);
        optional(kind, where, "recurrentDropout [N, H]", b.recurrentDropout, nh);
        required(kind, where, "output " + outputShape(spec), b.output, spec.returnSequences() ? nh * t : nh);
        optional(kind, where, "hLast [N, H]", b.hLast, nh);
        optional(kind, where, "cLast [N, H]", lstmOnly(spec, where, "cLast", b.cLast), nh);
        // frnn.h: inputs must not overlap outputs.
        Buffer[] ins = {b.x, b.mask, b.h0, b.c0, b.kernel, b.recurrentKernel, b.bias, b.inputDropout, b.recurrentDropout};
        String[] inNames = {"x", "mask", "h0", "c0", "kernel", "recurrentKernel", "bias", "inputDropout", "recurrentDropout"};
        Buffer[] outs = {b.output, b.hLast, b.cLast};
        String[] outNames = {"output", "hLast", "cLast"};
        for (int i = 0; i < outs.length; i++) {
            for (int j = 0; j < ins.length; j++) disjoint(kind, where, outNames[i], outs[i], inNames[j], ins[j]);
            for (int j = i + 1; j < outs.length; j++) disjoint(kind, where, outNames[i], outs[i], outNames[j], outs[j]);
        }
    }

    /**
     * Backward's tape and gradients, after {@link #checkForward}: the tape must be one of this backend's
     * ({@code floats} of class {@code type}), still open, and recorded for the same spec, N and T.
     */
    static <B extends Buffer> Tape<B> checkBackward(String backend, Class<B> type, RnnSpec spec, RnnBuffers b,
            RnnTape rnnTape, RnnGrads g, Kind kind) {
        String where = backend + " " + spec.cell().kerasName() + " backward";
        if (!(rnnTape instanceof Tape) || !type.isInstance(((Tape<?>) rnnTape).floats)) {
            throw new IllegalArgumentException(where + ": expected the tape of a " + backend + " training forward pass, got "
                    + (rnnTape == null ? "null (was forward called with forTraining = false?)" : rnnTape.getClass().getSimpleName()));
        }
        @SuppressWarnings("unchecked")
        Tape<B> tape = (Tape<B>) rnnTape;
        if (kind.isClosed(tape.floats)) throw new IllegalArgumentException(where + ": the tape was already closed");
        if (!tape.spec.equals(spec) || tape.batch != b.batch || tape.time != b.time) {
            throw new IllegalArgumentException(where + ": the tape was recorded for " + tape.spec + " with N=" + tape.batch
                    + ", T=" + tape.time + ", but backward got " + spec + " with N=" + b.batch + ", T=" + b.time);
        }
        if (g == null) throw new IllegalArgumentException(where + ": gradients must not be null");
        long nh = (long) b.batch * spec.units();
        required(kind, where, "dOutput " + outputShape(spec), g.dOutput, spec.returnSequences() ? nh * b.time : nh);
        optional(kind, where, "dhLast [N, H]", g.dhLast, nh);
        optional(kind, where, "dcLast [N, H]", lstmOnly(spec, where, "dcLast", g.dcLast), nh);
        optional(kind, where, "dx [N, T, C]", g.dx, (long) b.batch * b.time * spec.inputSize());
        required(kind, where, "dKernel [C, G*H]", g.dKernel, spec.kernelSize());
        required(kind, where, "dRecurrentKernel [H, G*H]", g.dRecurrentKernel, spec.recurrentKernelSize());
        required(kind, where, "dBias " + biasShape(spec), g.dBias, spec.biasSize());
        optional(kind, where, "dh0 [N, H]", g.dh0, nh);
        optional(kind, where, "dc0 [N, H]", lstmOnly(spec, where, "dc0", g.dc0), nh);
        return tape;
    }

    /**
     * Fills the call's frnn_rnn_desc and frnn_rnn_tensors from checked arguments, and frnn_rnn_grads when
     * {@code g} is given; every field is set, so nothing stale remains. {@code address} gives a buffer's
     * native address (null stays NULL).
     */
    static void fill(FrnnLib.RnnDesc desc, FrnnLib.RnnTensors tensors, FrnnLib.RnnGrads grads, RnnSpec spec,
            RnnBuffers b, RnnGrads g, Function<Buffer, FloatPointer> address) {
        Function<Buffer, FloatPointer> p = buf -> buf == null ? null : address.apply(buf);
        desc.cell(NativeIds.cell(spec.cell())).input_size(spec.inputSize()).units(spec.units())
                .activation(NativeLibraries.nativeId(spec.activation()))
                .recurrent_activation(NativeLibraries.nativeId(spec.recurrentActivation()))
                .reset_after(spec.resetAfter() ? 1 : 0).go_backwards(spec.goBackwards() ? 1 : 0)
                .return_sequences(spec.returnSequences() ? 1 : 0).zero_output_for_mask(spec.zeroOutputForMask() ? 1 : 0);
        tensors.batch(b.batch).time(b.time)
                .x(p.apply(b.x)).mask(p.apply(b.mask)).h0(p.apply(b.h0)).c0(p.apply(b.c0))
                .kernel(p.apply(b.kernel)).recurrent_kernel(p.apply(b.recurrentKernel)).bias(p.apply(b.bias))
                .input_dropout(p.apply(b.inputDropout)).recurrent_dropout(p.apply(b.recurrentDropout))
                .output(p.apply(b.output)).h_last(p.apply(b.hLast)).c_last(p.apply(b.cLast));
        if (g == null) return;
        grads.d_output(p.apply(g.dOutput)).d_h_last(p.apply(g.dhLast)).d_c_last(p.apply(g.dcLast)).dx(p.apply(g.dx))
                .d_kernel(p.apply(g.dKernel)).d_recurrent_kernel(p.apply(g.dRecurrentKernel)).d_bias(p.apply(g.dBias))
                .dh0(p.apply(g.dh0)).dc0(p.apply(g.dc0));
    }

    private static String biasShape(RnnSpec spec) { return spec.biasShape().length == 2 ? "[2, 3H]" : "[G*H]"; }

    private static String outputShape(RnnSpec spec) { return spec.returnSequences() ? "[N, T, H]" : "[N, H]"; }

    private static void required(Kind kind, String where, String name, Buffer b, long expected) {
        if (b == null) throw new IllegalArgumentException(where + ": " + name + " is required, got null");
        kind.check(where, name, b, expected);
    }

    private static void optional(Kind kind, String where, String name, Buffer b, long expected) {
        if (b != null) kind.check(where, name, b, expected);
    }

    private static Buffer lstmOnly(RnnSpec spec, String where, String name, Buffer buf) {
        if (buf != null && spec.cell() != CellType.LSTM) {
            throw new IllegalArgumentException(where + ": " + name + " given, but only LSTM has a cell state");
        }
        return buf;
    }

    private static void disjoint(Kind kind, String where, String nameA, Buffer a, String nameB, Buffer b) {
        if (a != null && b != null && kind.overlaps(a, b)) {
            throw new IllegalArgumentException(where + ": " + nameA + " and " + nameB + " overlap; pass separate buffers");
        }
    }
}

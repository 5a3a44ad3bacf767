package dev.fusedrnn.cli.parity;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one layer case on a backend through the SPI: a training forward pass, then the backward pass
 * with the case's upstream gradients, and compares every tensor the SPI hands back.
 *
 * <p>What is compared (tensor names in the result):
 * <ul>
 * <li>{@code output}: the whole {@code forward.sequence [N, T, H]} when return_sequences, else its last
 *     element {@code [N, H]} (the sequence before it is not produced, so it cannot be compared);</li>
 * <li>{@code last_h}, {@code last_c} (LSTM): the final states, requested on every case, since the files
 *     give them whatever return_state is;</li>
 * <li>{@code d_x}, {@code d_kernel}, {@code d_recurrent_kernel}, {@code d_bias}: always;</li>
 * <li>{@code d_h0}, {@code d_c0}: when the case gives an initial state. With {@code initial_state =
 *     "zeros"} the layer has no initial-state tensor (h0 is passed as null, Keras's default state), so
 *     there is nothing to differentiate against.</li>
 * </ul>
 * Upstream gradients: {@code d_output} always; {@code d_last_h} / {@code d_last_c} only with
 * return_state (otherwise the states get no gradient, and null is passed).
 */
public final class LayerCaseRunner {
    private LayerCaseRunner() { }

    /** Tensor name → max scaled error (see {@link Tolerance#scaledError}), in the order listed above. */
    public static Map<String, Double> run(ParityCase c, Backend backend) {
        ParityCase.Dims d = c.dims();
        ParityCase.Options o = c.options();
        ParityCase.Layer layer = c.layer();
        CellType cell = c.cell();
        if (d.gates() != cell.gates()) {
            throw new IllegalArgumentException(c.name() + ": dims.gates is " + d.gates() + ", but " + cell.kerasName()
                    + " has " + cell.gates() + " gates");
        }
        RnnSpec spec = new RnnSpec(cell, d.input(), d.units(), c.activation(), c.recurrentActivation(),
                cell == CellType.GRU && o.resetAfter(), o.goBackwards(), o.returnSequences(), false);
        int n = d.batch(), t = d.time(), ch = d.input(), h = d.units(), gh = spec.gateColumns();
        boolean lstm = cell == CellType.LSTM;
        boolean given = o.initialStateGiven();
        Map<String, ParityTensor> in = layer.inputs(), fwd = layer.forward(), up = layer.upstream(), grad = layer.gradients();
        ParityTensor sequence = tensor(c, fwd, "forward.sequence").requireShape(c.name() + ": forward.sequence [batch, time, units]", n, t, h);
        double[] expectedOutput = o.returnSequences() ? sequence.data() : sequence.lastStep();

        Map<String, Double> errors = new LinkedHashMap<>();
        try (Scope s = new Scope(backend)) {
            RnnBuffers b = new RnnBuffers();
            b.batch = n;
            b.time = t;
            b.x = s.upload(c, in, "inputs.x", n, t, ch);
            b.mask = o.masked() ? s.upload(c, in, "inputs.mask", n, t) : null;
            b.h0 = given ? s.upload(c, in, "inputs.h0", n, h) : null;
            b.c0 = given && lstm ? s.upload(c, in, "inputs.c0", n, h) : null;
            b.kernel = s.upload(c, in, "inputs.kernel", ch, gh);
            b.recurrentKernel = s.upload(c, in, "inputs.recurrent_kernel", h, gh);
            b.bias = s.upload(c, in, "inputs.bias", spec.biasShape());
            b.output = s.allocate(expectedOutput.length);
            b.hLast = s.allocate((long) n * h);
            b.cLast = lstm ? s.allocate((long) n * h) : null;

            RnnTape tape = backend.rnnForward(spec, b, true);
            if (tape == null) throw new IllegalStateException(backend.name() + ": rnnForward(forTraining = true) returned no tape");
            try {
                errors.put("output", Tolerance.scaledError(b.output.toDoubleArray(), expectedOutput));
                errors.put("last_h", compare(c, b.hLast, fwd, "forward.last_h", n, h));
                if (lstm) errors.put("last_c", compare(c, b.cLast, fwd, "forward.last_c", n, h));

                RnnGrads g = new RnnGrads();
                g.dOutput = o.returnSequences() ? s.upload(c, up, "upstream.d_output", n, t, h)
                        : s.upload(c, up, "upstream.d_output", n, h);
                g.dhLast = o.returnState() ? s.upload(c, up, "upstream.d_last_h", n, h) : null;
                g.dcLast = o.returnState() && lstm ? s.upload(c, up, "upstream.d_last_c", n, h) : null;
                g.dx = s.allocate((long) n * t * ch);
                g.dKernel = s.allocate(spec.kernelSize());
                g.dRecurrentKernel = s.allocate(spec.recurrentKernelSize());
                g.dBias = s.allocate(spec.biasSize());
                g.dh0 = given ? s.allocate((long) n * h) : null;
                g.dc0 = given && lstm ? s.allocate((long) n * h) : null;
                backend.rnnBackward(spec, b, tape, g);

                errors.put("d_x", compare(c, g.dx, grad, "gradients.x", n, t, ch));
                errors.put("d_kernel", compare(c, g.dKernel, grad, "gradients.kernel", ch, gh));
                errors.put("d_recurrent_kernel", compare(c, g.dRecurrentKernel, grad, "gradients.recurrent_kernel", h, gh));
                errors.put("d_bias", compare(c, g.dBias, grad, "gradients.bias", spec.biasShape()));
                if (given) errors.put("d_h0", compare(c, g.dh0, grad, "gradients.h0", n, h));
                if (given && lstm) errors.put("d_c0", compare(c, g.dc0, grad, "gradients.c0", n, h));
            } finally {
                tape.close();
            }
        }
        return errors;
    }

    private static double compare(ParityCase c, Buffer actual, Map<String, ParityTensor> group, String key, int... shape) {
        ParityTensor ref = tensor(c, group, key).requireShape(c.name() + ": " + key, shape);
        return Tolerance.scaledError(actual.toDoubleArray(), ref.data());
    }

    private static ParityTensor tensor(ParityCase c, Map<String, ParityTensor> group, String key) {
        ParityTensor t = group.get(key.substring(key.indexOf('.') + 1));
        if (t == null) throw new IllegalArgumentException(c.name() + ": the case has no " + key);
        return t;
    }

    /** The buffers of one run, closed together. */
    private static final class Scope implements AutoCloseable {
        private final Backend backend;
        private final List<Buffer> buffers = new ArrayList<>();

        Scope(Backend backend) { this.backend = backend; }

        Buffer allocate(long length) {
            Buffer b = backend.allocate(length);
            buffers.add(b);
            return b;
        }

        /** A buffer holding {@code group[key]}, after checking its shape. */
        Buffer upload(ParityCase c, Map<String, ParityTensor> group, String key, int... shape) {
            ParityTensor t = tensor(c, group, key).requireShape(c.name() + ": " + key, shape);
            return allocate(t.size()).set(t.data());
        }

        @Override
        public void close() {
            for (Buffer b : buffers) b.close();
        }
    }
}

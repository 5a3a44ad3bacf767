package dev.fusedrnn.layers;

import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A recurrent layer called directly on data, for research code: forward on a whole sequence with an
 * optional mask and initial state, returning the output and the final states; then backward given their
 * upstream gradients, returning every gradient (input, weights, initial state).
 *
 * <pre>{@code
 * try (RecurrentCall lstm = RecurrentCall.build(new LSTM(16).returnSequences(true), 8, backend, 42)) {
 *     RecurrentCall.Output out = lstm.forward(x, null);            // x: [N, T, 8]
 *     RecurrentCall.Gradients g = lstm.backward(dOutput);           // dOutput: [N, T, 16]
 * }
 * }</pre>
 * The layer's weights live in buffers owned by this object ({@link Recurrent#getWeights()} and
 * {@link Recurrent#setWeights(float[]...)} work on them). Dropout applies only when {@link #training} is on.
 */
public final class RecurrentCall implements AutoCloseable {
    /** The layer output ({@code [N, T, H]} or {@code [N, H]}) and the final states (h, and c for LSTM). */
    public record Output(Tensor output, Tensor[] finalStates) { }

    /** dL/dx {@code [N, T, C]}, dL/d weights in Keras layout, dL/d initial states (h, and c for LSTM). */
    public record Gradients(Tensor dx, Tensor dKernel, Tensor dRecurrentKernel, Tensor dBias, Tensor[] dInitialStates) { }

    private final Recurrent layer;
    private final Backend backend;
    private final Buffer params;
    private final Buffer grads;
    private final SplittableRandom random;
    private boolean training;
    private Step step;

    private RecurrentCall(Recurrent layer, int inputSize, Backend backend, long seed) {
        this.layer = layer;
        this.backend = backend;
        this.random = new SplittableRandom(seed);
        layer.build(new int[] {-1, inputSize});
        long n = layer.countParams();
        this.params = backend.allocate(n);
        this.grads = backend.allocate(n);
        layer.bind(params, grads, 0);
        layer.initialize(random.split());
    }

    /** Builds {@code layer} for {@code inputSize} features on {@code backend}, weights initialized from {@code seed}. */
    public static RecurrentCall build(Recurrent layer, int inputSize, Backend backend, long seed) {
        if (layer.isBuilt()) throw new IllegalArgumentException(layer.label() + " is already built (part of a model?)");
        return new RecurrentCall(layer, inputSize, backend, seed);
    }

    public Recurrent layer() { return layer; }

    /** Apply dropout and recurrent dropout in {@link #forward} (default off). */
    public RecurrentCall training(boolean on) { this.training = on; return this; }

    /**
     * Whole-sequence forward pass.
     *
     * @param x            {@code [N, T, C]}
     * @param mask         {@code [N, T]} of 1 (valid) and 0 (masked), or null
     * @param initialState none (zeros), or h0 {@code [N, H]} (and c0 for LSTM)
     */
    public Output forward(Tensor x, Tensor mask, Tensor... initialState) {
        RnnSpec spec = layer.spec();
        String who = layer.label();
        Shapes.requireShape(who, "input", x, -1, -1, spec.inputSize());
        int n = x.dim(0);
        int t = x.dim(1);
        if (n == 0 || t == 0) throw new IllegalArgumentException(who + ": input " + Arrays.toString(x.shape()) + " is empty");
        Shapes.requireFinite(who, "input", x);
        if (mask != null) Shapes.requireMask(who, mask, n, t);
        int states = spec.cell().states();
        if (initialState.length != 0 && initialState.length != states) {
            throw new IllegalArgumentException(who + ": expected " + states + " initial state tensor(s), got " + initialState.length);
        }
        for (Tensor s : initialState) {
            Shapes.requireShape(who, "initial state", s, n, spec.units());
            Shapes.requireFinite(who, "initial state", s);
        }
        closeStep();
        step = new Step(backend, training, random);
        RnnBuffers b = layer.buffers(step, step.upload(x.toArray()), mask == null ? null : step.upload(mask.toArray()), n, t);
        if (initialState.length > 0) b.h0 = step.upload(initialState[0].toArray());
        if (initialState.length > 1) b.c0 = step.upload(initialState[1].toArray());
        long hn = (long) n * spec.units();
        b.output = step.allocate(hn * (spec.returnSequences() ? t : 1));
        b.hLast = step.allocate(hn);
        if (states == 2) b.cLast = step.allocate(hn);
        layer.forwardCall(step, b, true);
        int[] outShape = spec.returnSequences() ? new int[] {n, t, spec.units()} : new int[] {n, spec.units()};
        Tensor[] finals = states == 2
                ? new Tensor[] {download(b.hLast, n, spec.units()), download(b.cLast, n, spec.units())}
                : new Tensor[] {download(b.hLast, n, spec.units())};
        return new Output(download(b.output, outShape), finals);
    }

    /**
     * Backward pass for the latest {@link #forward}: {@code dOutput} shaped like its output, and optionally
     * the gradients on its final states (dh, and dc for LSTM).
     */
    public Gradients backward(Tensor dOutput, Tensor... dFinalStates) {
        if (step == null) throw new IllegalStateException(layer.label() + ": call forward before backward");
        RnnBuffers last = layer.lastBuffers();
        RnnSpec spec = layer.spec();
        String who = layer.label();
        int n = last.batch;
        int t = last.time;
        int h = spec.units();
        if (spec.returnSequences()) Shapes.requireShape(who, "output gradient", dOutput, n, t, h);
        else Shapes.requireShape(who, "output gradient", dOutput, n, h);
        int states = spec.cell().states();
        if (dFinalStates.length != 0 && dFinalStates.length != states) {
            throw new IllegalArgumentException(who + ": expected " + states + " final-state gradient(s), got " + dFinalStates.length);
        }
        for (Tensor d : dFinalStates) Shapes.requireShape(who, "final-state gradient", d, n, h);
        RnnGrads g = new RnnGrads();
        g.dOutput = step.upload(dOutput.toArray());
        if (dFinalStates.length > 0) g.dhLast = step.upload(dFinalStates[0].toArray());
        if (dFinalStates.length > 1) g.dcLast = step.upload(dFinalStates[1].toArray());
        g.dx = step.allocate((long) n * t * spec.inputSize());
        g.dh0 = step.allocate((long) n * h);
        if (states == 2) g.dc0 = step.allocate((long) n * h);
        layer.backwardCall(g);
        Layer.Weight[] w = layer.weights().toArray(new Layer.Weight[0]);
        Tensor[] dStates = states == 2
                ? new Tensor[] {download(g.dh0, n, h), download(g.dc0, n, h)}
                : new Tensor[] {download(g.dh0, n, h)};
        return new Gradients(download(g.dx, n, t, spec.inputSize()), download(g.dKernel, w[0].shape),
                download(g.dRecurrentKernel, w[1].shape), download(g.dBias, w[2].shape), dStates);
    }

    private static Tensor download(Buffer b, int... shape) { return Tensor.of(b.toFloatArray(), shape); }

    private void closeStep() {
        if (step != null) step.close();
        step = null;
    }

    @Override
    public void close() {
        closeStep();
        params.close();
        grads.close();
    }
}

package dev.fusedrnn.layers;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

/**
 * What SimpleRNN, LSTM and GRU share: the Keras options, the weights (kernel, recurrent_kernel, bias),
 * and the one whole-sequence backend call per batch in each direction. Input {@code [N, T, C]}, output
 * {@code [N, T, H]} with returnSequences, else {@code [N, H]}.
 *
 * <p>Setters return this layer for chaining. To call a layer directly on data, outside a model, use
 * {@link RecurrentCall}.
 */
public abstract class Recurrent extends Layer {
    final int units;
    boolean returnSequences;
    boolean returnState;
    boolean goBackwards;
    Activation activation = Activation.TANH;
    Activation recurrentActivation = Activation.SIGMOID;
    double dropout;
    double recurrentDropout;
    /** Set by Bidirectional: masked steps output zero (Keras's zero_output_for_mask). */
    boolean zeroOutputForMask;

    private Weight kernel, recurrentKernel, bias;
    private RnnSpec spec;

    // state of the latest training forward pass
    private RnnBuffers lastBuffers;
    private RnnTape lastTape;
    private Backend lastBackend;

    Recurrent(int units) {
        if (units < 1) throw new IllegalArgumentException(defaultNameStem() + ": units must be >= 1, got " + units);
        this.units = units;
    }

    /** The cell this layer runs. */
    public abstract CellType cell();

    public int units() { return units; }

    /** Output the whole sequence {@code [N, T, H]} instead of the last output {@code [N, H]}. */
    public Recurrent returnSequences(boolean on) { this.returnSequences = on; return this; }

    /** Also return the final states (direct calls only; a Sequential model passes a single tensor). */
    public Recurrent returnState(boolean on) { this.returnState = on; return this; }

    /** Process the sequence from its last step to its first; the output sequence is in that order (Keras). */
    public Recurrent goBackwards(boolean on) { this.goBackwards = on; return this; }

    /** The output activation: tanh (default); SimpleRNN also accepts relu. */
    public Recurrent activation(Activation a) { this.activation = nonNull("activation", a); return this; }

    /** The gates' activation: sigmoid (default), hard_sigmoid_keras2 or hard_sigmoid_keras3. */
    public Recurrent recurrentActivation(Activation a) { this.recurrentActivation = nonNull("recurrentActivation", a); return this; }

    /** Fraction of input features dropped in training: one mask per sample per batch, reused at every step. */
    public Recurrent dropout(double rate) { this.dropout = checkRate("dropout", rate); return this; }

    /** Fraction of the previous state dropped before the recurrent product, one mask per sample per batch. */
    public Recurrent recurrentDropout(double rate) { this.recurrentDropout = checkRate("recurrentDropout", rate); return this; }

    public boolean isReturnSequences() { return returnSequences; }

    public boolean isReturnState() { return returnState; }

    public boolean isGoBackwards() { return goBackwards; }

    public double dropoutRate() { return dropout; }

    public double recurrentDropoutRate() { return recurrentDropout; }

    private Activation nonNull(String what, Activation a) {
        if (a == null) throw new IllegalArgumentException(label() + ": " + what + " must not be null (use Activation.TANH, SIGMOID, ...)");
        return a;
    }

    private double checkRate(String what, double rate) {
        if (!(rate >= 0.0 && rate < 1.0)) throw new IllegalArgumentException(label() + ": " + what + " must be in [0, 1), got " + rate);
        return rate;
    }

    /** A new, unbuilt layer of the same cell with the same options (Bidirectional's backward copy). */
    Recurrent copyConfiguration() {
        Recurrent c = newOfSameCell();
        c.returnSequences = returnSequences;
        c.returnState = returnState;
        c.goBackwards = goBackwards;
        c.activation = activation;
        c.recurrentActivation = recurrentActivation;
        c.dropout = dropout;
        c.recurrentDropout = recurrentDropout;
        c.zeroOutputForMask = zeroOutputForMask;
        return c;
    }

    /** A new layer of this cell with the same units and cell-specific options. */
    abstract Recurrent newOfSameCell();

    /** GRU's reset_after; false for the other cells. */
    boolean resetAfterFlag() { return false; }

    /** Bias initializer: zeros, or unit forget bias for LSTM. */
    Initializer biasInitializer() { return Initializer.ZEROS; }

    /** The backend description of this layer (available once built). */
    public RnnSpec spec() {
        if (spec == null) throw new IllegalStateException(label() + " is not built yet");
        return spec;
    }

    @Override
    protected int[] doBuild(int[] in) {
        require(in.length == 2, "expected input of shape (None, timesteps, features), got " + shapeString(in));
        require(in[1] >= 1, "input needs at least one feature, got " + shapeString(in));
        try {
            spec = new RnnSpec(cell(), in[1], units, activation, recurrentActivation, resetAfterFlag(),
                    goBackwards, returnSequences, zeroOutputForMask);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label() + ": " + e.getMessage(), e);
        }
        kernel = addWeight("kernel", Initializer.GLOROT_UNIFORM, in[1], spec.gateColumns());
        recurrentKernel = addWeight("recurrent_kernel", Initializer.ORTHOGONAL, units, spec.gateColumns());
        bias = addWeight("bias", biasInitializer(), spec.biasShape());
        return returnSequences ? new int[] {in[0], units} : new int[] {units};
    }

    /** Fills the weight and dropout fields of a call's buffers. */
    RnnBuffers buffers(Step step, Buffer x, Buffer mask, int batch, int time) {
        RnnBuffers b = new RnnBuffers();
        b.batch = batch;
        b.time = time;
        b.x = x;
        b.mask = mask;
        b.kernel = kernel.value;
        b.recurrentKernel = recurrentKernel.value;
        b.bias = bias.value;
        if (step.training() && dropout > 0) b.inputDropout = step.dropoutMask(batch * spec.inputSize(), dropout);
        if (step.training() && recurrentDropout > 0) b.recurrentDropout = step.dropoutMask(batch * units, recurrentDropout);
        return b;
    }

    /** Runs the forward call and, with {@code keepTape}, remembers it for {@link #backwardCall}. */
    RnnBuffers forwardCall(Step step, RnnBuffers b, boolean keepTape) {
        RnnTape tape = step.own(step.backend().rnnForward(spec, b, keepTape));
        if (keepTape) {   // an inference pass writes nothing in the layer: concurrent predicts share it
            lastBuffers = b;
            lastTape = tape;
            lastBackend = step.backend();
        }
        return b;
    }

    /** The buffers of the latest training forward call (their data is owned by that call's step). */
    RnnBuffers lastBuffers() {
        if (lastTape == null) {
            throw new IllegalStateException(label() + ": backward needs a preceding forward pass in training mode");
        }
        return lastBuffers;
    }

    /** Runs the backward call for the latest training forward call, writing the weight gradients into g. */
    void backwardCall(RnnGrads g) {
        RnnBuffers b = lastBuffers();
        g.dKernel = kernel.gradient;
        g.dRecurrentKernel = recurrentKernel.gradient;
        g.dBias = bias.gradient;
        lastBackend.rnnBackward(spec, b, lastTape, g);
    }

    @Override
    public Act forward(Step step, Act in) {
        if (returnState) {
            throw new IllegalStateException(label() + ": returnState must be false inside a Sequential model, where a layer"
                    + " passes on one tensor (returnState is for direct calls: RecurrentCall)");
        }
        int n = in.shape()[0];
        int t = in.shape()[1];
        require(t >= 1, "zero-length sequences cannot be processed (got 0 time steps)");
        RnnBuffers b = buffers(step, in.data(), in.mask(), n, t);
        b.output = step.allocate((long) n * (returnSequences ? t : 1) * units);
        forwardCall(step, b, step.training());
        int[] shape = returnSequences ? new int[] {n, t, units} : new int[] {n, units};
        // Keras: an RNN passes its input mask on only when it returns sequences.
        return new Act(b.output, shape, returnSequences ? in.mask() : null);
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        RnnBuffers b = lastBuffers();
        RnnGrads g = new RnnGrads();
        g.dOutput = dOut.data();
        if (needInputGradient) g.dx = step.allocate((long) b.batch * b.time * spec.inputSize());
        backwardCall(g);
        return new Act(g.dx, new int[] {b.batch, b.time, spec.inputSize()}, b.mask);
    }
}

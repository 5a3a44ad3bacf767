package dev.fusedrnn.layers;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Buffer;

/**
 * Keras Dense: {@code y = act(x · kernel + bias)} on the last axis; an input {@code [N, T, F]} is treated
 * as N·T rows (as Keras does), and its mask passes through.
 */
public final class Dense extends Layer {
    private final int units;
    private final Activation activation;
    private boolean useBias = true;
    private Weight kernel, bias;
    private Act lastInput;
    private Buffer lastOutput;

    public Dense(int units) { this(units, Activation.LINEAR); }

    public Dense(int units, Activation activation) {
        if (units < 1) throw new IllegalArgumentException("dense: units must be >= 1, got " + units);
        if (activation == Activation.HARD_SIGMOID_KERAS2 || activation == Activation.HARD_SIGMOID_KERAS3
                || activation == null) {
            throw new IllegalArgumentException("dense: activation must be linear, relu, sigmoid, tanh or softmax, got " + activation);
        }
        this.units = units;
        this.activation = activation;
    }

    /** Keras name form: {@code new Dense(46, "softmax")}. */
    public Dense(int units, String activation) { this(units, Activation.parse(activation)); }

    /** Whether the layer has a bias (default true). */
    public Dense useBias(boolean on) { this.useBias = on; return this; }

    public int units() { return units; }

    public Activation activation() { return activation; }

    @Override
    protected int[] doBuild(int[] in) {
        require(in.length >= 1 && in[in.length - 1] >= 1, "expected input (None, ..., features), got " + shapeString(in));
        kernel = addWeight("kernel", Initializer.GLOROT_UNIFORM, in[in.length - 1], units);
        if (useBias) bias = addWeight("bias", Initializer.ZEROS, units);
        int[] out = in.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public Act forward(Step step, Act in) {
        int rows = in.rows();
        Buffer y = step.allocate((long) rows * units);
        step.backend().denseForward(in.data(), rows, in.lastDim(), units, kernel.value, bias == null ? null : bias.value,
                activation, y);
        if (step.training()) {   // an inference pass writes nothing in the layer
            lastInput = in;
            lastOutput = y;
        }
        int[] shape = in.shape().clone();
        shape[shape.length - 1] = units;
        return new Act(y, shape, in.mask());
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        int rows = lastInput.rows();
        int in = lastInput.lastDim();
        Buffer dx = needInputGradient ? step.allocate((long) rows * in) : null;
        step.backend().denseBackward(lastInput.data(), lastOutput, dOut.data(), rows, in, units, kernel.value, activation,
                dx, kernel.gradient, bias == null ? null : bias.gradient);
        return new Act(dx, lastInput.shape(), lastInput.mask());
    }
}

package dev.fusedrnn.layers;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Buffer;

/**
 * Keras's standalone {@code Activation} layer: {@code y = act(x)} on the last axis (softmax per row), no
 * weights; the mask passes through. Its class name avoids a clash with the {@link Activation} enum;
 * {@code summary()} shows it as "Activation", as Keras does.
 *
 * <p>Linear is the identity. The other activations run as the backend's Dense call with an identity
 * kernel {@code I[F, F]} and no bias, so the activation math keeps its one home per backend. That is
 * exact in any precision: each pre-activation is {@code x·1} plus exact zeros. It costs
 * {@code O(rows·F²)}, negligible after the narrow layers that an Activation follows in practice.
 */
public final class ActivationLayer extends Layer {
    private final Activation activation;
    private Act lastInput;
    private Buffer lastOutput;

    public ActivationLayer(Activation activation) {
        if (activation == null || activation == Activation.HARD_SIGMOID_KERAS2 || activation == Activation.HARD_SIGMOID_KERAS3) {
            throw new IllegalArgumentException("activation: must be linear, relu, sigmoid, tanh or softmax, got " + activation);
        }
        this.activation = activation;
    }

    /** Keras name form: {@code new ActivationLayer("softmax")}. */
    public ActivationLayer(String activation) { this(Activation.parse(activation)); }

    public Activation activation() { return activation; }

    @Override
    public String typeName() { return "Activation"; }

    @Override
    protected int[] doBuild(int[] in) {
        require(in.length >= 1 && in[in.length - 1] >= 1, "expected input (None, ..., features), got " + shapeString(in));
        return in;
    }

    /** The identity matrix {@code [F, F]} for the backend's Dense call. */
    private static Buffer identity(Step step, int f) {
        float[] eye = new float[Math.multiplyExact(f, f)];
        for (int i = 0; i < f; i++) eye[i * f + i] = 1f;
        return step.upload(eye);
    }

    @Override
    public Act forward(Step step, Act in) {
        if (step.training()) lastInput = in;   // an inference pass writes nothing in the layer
        if (activation == Activation.LINEAR) return in;
        int f = in.lastDim();
        Buffer y = step.allocate(in.size());
        step.backend().denseForward(in.data(), in.rows(), f, f, identity(step, f), null, activation, y);
        if (step.training()) lastOutput = y;
        return new Act(y, in.shape(), in.mask());
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        if (activation == Activation.LINEAR || !needInputGradient) {
            return new Act(needInputGradient ? dOut.data() : null, lastInput.shape(), lastInput.mask());
        }
        int f = lastInput.lastDim();
        Buffer dx = step.allocate(lastInput.size());
        Buffer unusedKernelGradient = step.allocate((long) f * f);
        step.backend().denseBackward(lastInput.data(), lastOutput, dOut.data(), lastInput.rows(), f, f, identity(step, f),
                activation, dx, unusedKernelGradient, null);
        return new Act(dx, lastInput.shape(), lastInput.mask());
    }
}

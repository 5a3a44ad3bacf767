package dev.fusedrnn.layers;

import dev.fusedrnn.backend.Buffer;

/**
 * Keras Masking: a time step whose features all equal {@code maskValue} is masked for the following
 * layers, and its features are zeroed.
 */
public final class Masking extends Layer {
    private final double maskValue;
    private Buffer lastMask;

    public Masking() { this(0.0); }

    public Masking(double maskValue) { this.maskValue = maskValue; }

    public double maskValue() { return maskValue; }

    @Override
    protected int[] doBuild(int[] in) {
        require(in.length == 2, "expected input (None, timesteps, features), got " + shapeString(in));
        return in;
    }

    @Override
    public Act forward(Step step, Act in) {
        int rows = in.rows();
        Buffer mask = step.allocate(rows);
        step.backend().notEqualMask(in.data(), rows, in.lastDim(), maskValue, mask);
        Buffer out = step.allocate(in.size());
        step.backend().scaleRows(in.data(), mask, rows, in.lastDim(), out);
        if (step.training()) lastMask = mask;   // an inference pass writes nothing in the layer
        return new Act(out, in.shape(), mask);
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        if (!needInputGradient) return new Act(null, dOut.shape(), null);
        Buffer dx = step.allocate(dOut.size());
        step.backend().scaleRows(dOut.data(), lastMask, dOut.rows(), dOut.lastDim(), dx);
        return new Act(dx, dOut.shape(), null);
    }
}

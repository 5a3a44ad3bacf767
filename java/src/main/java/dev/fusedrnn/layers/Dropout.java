package dev.fusedrnn.layers;

import dev.fusedrnn.backend.Buffer;

/**
 * Keras Dropout: in training each value is zeroed with probability {@code rate} and the rest scaled by
 * 1/(1−rate); at inference it is the identity.
 */
public final class Dropout extends Layer {
    private final double rate;
    private Buffer lastMask;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
        this.rate = rate;
    }

    public double rate() { return rate; }

    @Override
    protected int[] doBuild(int[] in) { return in; }

    @Override
    public Act forward(Step step, Act in) {
        if (!step.training()) return in;   // an inference pass writes nothing in the layer
        lastMask = null;
        if (rate == 0) return in;
        Buffer mask = step.dropoutMask(Math.toIntExact(in.size()), rate);
        Buffer out = step.allocate(in.size());
        step.backend().multiply(in.data(), mask, out);
        lastMask = mask;
        return new Act(out, in.shape(), in.mask());
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        if (lastMask == null || !needInputGradient) return dOut;
        Buffer dx = step.allocate(dOut.size());
        step.backend().multiply(dOut.data(), lastMask, dx);
        return new Act(dx, dOut.shape(), dOut.mask());
    }
}

package dev.fusedrnn.layers;

/** Keras Flatten: {@code [N, d1, d2, ...]} to {@code [N, d1·d2·...]}; drops the mask, as Keras does. */
public final class Flatten extends Layer {
    private int[] lastInputShape;

    @Override
    protected int[] doBuild(int[] in) {
        long p = 1;
        for (int d : in) {
            require(d >= 0, "needs a known input shape to flatten, got " + shapeString(in));
            p *= d;
        }
        return new int[] {Math.toIntExact(p)};
    }

    @Override
    public Act forward(Step step, Act in) {
        if (step.training()) lastInputShape = in.shape();   // an inference pass writes nothing in the layer
        return new Act(in.data(), new int[] {in.batch(), Math.toIntExact(in.size() / Math.max(1, in.batch()))}, null);
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        return new Act(dOut.data(), lastInputShape, null);
    }
}

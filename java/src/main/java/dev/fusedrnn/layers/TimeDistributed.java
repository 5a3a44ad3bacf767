package dev.fusedrnn.layers;

import java.util.Arrays;
import java.util.List;

/**
 * Keras TimeDistributed: applies the wrapped layer to every time step of {@code [N, T, ...]}, by running it
 * once on N·T rows. The input mask passes through.
 */
public final class TimeDistributed extends Layer {
    private final Layer inner;

    public TimeDistributed(Layer inner) {
        if (inner == null) throw new IllegalArgumentException("time_distributed: the wrapped layer must not be null");
        if (inner instanceof Recurrent || inner instanceof Bidirectional || inner instanceof Embedding) {
            throw new IllegalArgumentException("time_distributed: the wrapped layer must be a per-step layer (Dense,"
                    + " Dropout, Flatten, Activation), got " + inner.typeName());
        }
        this.inner = inner;
    }

    public Layer layer() { return inner; }

    @Override
    public String typeName() { return "TimeDistributed"; }

    @Override
    protected List<Layer> children() { return List.of(inner); }

    @Override
    protected int[] doBuild(int[] in) {
        require(in.length >= 2, "expected input (None, timesteps, ...), got " + shapeString(in));
        int[] step = inner.build(Arrays.copyOfRange(in, 1, in.length));
        int[] out = new int[step.length + 1];
        out[0] = in[0];
        System.arraycopy(step, 0, out, 1, step.length);
        return out;
    }

    @Override
    public Act forward(Step step, Act in) {
        int[] s = in.shape();
        Act rows = new Act(in.data(), merged(s), null);
        Act y = inner.forward(step, rows);
        return new Act(y.data(), split(y.shape(), s[0], s[1]), in.mask());
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        int[] s = dOut.shape();
        Act dx = inner.backward(step, new Act(dOut.data(), merged(s), null), needInputGradient);
        return new Act(dx.data(), split(dx.shape(), s[0], s[1]), dOut.mask());
    }

    /** [N, T, rest...] to [N·T, rest...]. */
    private static int[] merged(int[] s) {
        int[] m = Arrays.copyOfRange(s, 1, s.length);
        m[0] = s[0] * s[1];
        return m;
    }

    /** [N·T, rest...] to [N, T, rest...]. */
    private static int[] split(int[] s, int n, int t) {
        int[] out = new int[s.length + 1];
        out[0] = n;
        out[1] = t;
        System.arraycopy(s, 1, out, 2, s.length - 1);
        return out;
    }
}

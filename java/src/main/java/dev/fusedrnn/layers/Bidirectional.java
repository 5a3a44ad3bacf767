package dev.fusedrnn.layers;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;

import java.util.List;
import java.util.Locale;

/**
 * Keras Bidirectional: the wrapped recurrent layer reads the sequence forwards, a copy of it backwards,
 * and their outputs are merged (concat, sum, mul, ave). With returnSequences the backward copy's output
 * is put back in input order before merging, and masked steps output zero (Keras sets
 * zero_output_for_mask there). Weights: the forward layer's, then the backward layer's.
 */
public final class Bidirectional extends Layer {
    /** How the two directions' outputs are combined. */
    public enum Merge { CONCAT, SUM, MUL, AVE }

    private final Recurrent forwardLayer;
    private final Recurrent backwardLayer;
    private final Merge merge;
    private Act lastForward, lastBackward;
    private int[] lastInputShape;

    public Bidirectional(Recurrent layer) { this(layer, Merge.CONCAT); }

    public Bidirectional(Recurrent layer, String mergeMode) { this(layer, parse(mergeMode)); }

    public Bidirectional(Recurrent layer, Merge merge) {
        if (layer == null) throw new IllegalArgumentException("bidirectional: the wrapped layer must not be null");
        if (merge == null) throw new IllegalArgumentException("bidirectional: merge_mode must be concat, sum, mul or ave, got null");
        if (layer.returnState) throw new IllegalArgumentException("bidirectional: returnState is not supported inside a model");
        this.merge = merge;
        this.forwardLayer = layer;
        this.backwardLayer = layer.copyConfiguration();
        backwardLayer.goBackwards = !layer.goBackwards;
        forwardLayer.zeroOutputForMask = layer.returnSequences;
        backwardLayer.zeroOutputForMask = layer.returnSequences;
    }

    private static Merge parse(String mode) {
        if (mode == null) throw new IllegalArgumentException("bidirectional: merge_mode must be concat, sum, mul or ave, got null");
        try {
            return Merge.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bidirectional: merge_mode must be concat, sum, mul or ave, got '" + mode + "'");
        }
    }

    public Merge merge() { return merge; }

    public Recurrent forwardLayer() { return forwardLayer; }

    public Recurrent backwardLayer() { return backwardLayer; }

    @Override
    protected List<Layer> children() { return List.of(forwardLayer, backwardLayer); }

    @Override
    public Layer name(String name) {
        forwardLayer.name("forward_" + name);
        backwardLayer.name("backward_" + name);
        return super.name(name);
    }

    @Override
    protected int[] doBuild(int[] in) {
        int[] f = forwardLayer.build(in);
        backwardLayer.build(in);
        if (merge == Merge.CONCAT) f[f.length - 1] *= 2;
        return f;
    }

    @Override
    public Act forward(Step step, Act in) {
        Backend be = step.backend();
        Act yf = forwardLayer.forward(step, in);
        Act yb = backwardLayer.forward(step, in);
        if (forwardLayer.returnSequences) yb = reversed(step, yb);
        if (step.training()) {   // an inference pass writes nothing in the layer
            lastForward = yf;
            lastBackward = yb;
            lastInputShape = in.shape();
        }
        int rows = yf.rows();
        int h = yf.lastDim();
        int[] shape = yf.shape();
        Buffer out;
        if (merge == Merge.CONCAT) {
            shape[shape.length - 1] = 2 * h;
            out = step.allocate(2L * rows * h);
            be.concatColumns(yf.data(), h, yb.data(), h, rows, out);
        } else {
            out = step.allocate((long) rows * h);
            switch (merge) {
                case SUM: be.axpby(1, yf.data(), 1, yb.data(), out); break;
                case AVE: be.axpby(0.5, yf.data(), 0.5, yb.data(), out); break;
                default: be.multiply(yf.data(), yb.data(), out); break;
            }
        }
        return new Act(out, shape, yf.mask());
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        Backend be = step.backend();
        int rows = lastForward.rows();
        int h = lastForward.lastDim();
        long n = (long) rows * h;
        Buffer dyf;
        Buffer dyb;
        switch (merge) {
            case CONCAT:
                dyf = step.allocate(n);
                dyb = step.allocate(n);
                be.splitColumns(dOut.data(), h, h, rows, dyf, dyb);
                break;
            case SUM:
                dyf = dOut.data();
                dyb = dOut.data();
                break;
            case AVE:
                dyf = step.allocate(n);
                be.axpby(0.5, dOut.data(), 0, null, dyf);
                dyb = dyf;
                break;
            default:   // MUL: d(yf·yb) = dOut·yb, dOut·yf
                dyf = step.allocate(n);
                dyb = step.allocate(n);
                be.multiply(dOut.data(), lastBackward.data(), dyf);
                be.multiply(dOut.data(), lastForward.data(), dyb);
                break;
        }
        Act dBackward = new Act(dyb, lastBackward.shape(), lastBackward.mask());
        if (forwardLayer.returnSequences) dBackward = reversed(step, dBackward);
        Act dxf = forwardLayer.backward(step, new Act(dyf, lastForward.shape(), lastForward.mask()), needInputGradient);
        Act dxb = backwardLayer.backward(step, dBackward, needInputGradient);
        if (!needInputGradient) return new Act(null, lastInputShape, null);
        Buffer dx = step.allocate(dxf.size());
        be.axpby(1, dxf.data(), 1, dxb.data(), dx);
        return new Act(dx, lastInputShape, dxf.mask());
    }

    /** The sequence in reversed time order (a backward layer's output back to input order, and its gradient). */
    private static Act reversed(Step step, Act seq) {
        int[] s = seq.shape();
        Buffer out = step.allocate(seq.size());
        step.backend().reverseTime(seq.data(), s[0], s[1], s[2], out);
        return new Act(out, s, seq.mask());
    }
}

package dev.fusedrnn.layers;

import dev.fusedrnn.backend.Buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A layer of a {@link dev.fusedrnn.Sequential} model. Life cycle, as Keras: configure, then
 * {@link #build} with the per-sample input shape (weights get their shapes), then the model binds the
 * weights to slices of its one flat parameter buffer and initializes them; then {@link #forward} and
 * {@link #backward} run batch after batch. Shapes passed to {@code build} exclude the batch dimension;
 * shapes inside an {@link Act} include it.
 *
 * <p>A layer keeps what its backward pass needs from the latest training forward pass in its own fields:
 * one training pass in flight per layer, which is what a model's training loop does. An inference pass
 * (not {@link Step#training()}) only reads the layer, so any number may run at once.
 */
public abstract class Layer {
    private String name;
    private int[] inputShape;
    private int[] outputShape;
    private final List<Weight> weights = new ArrayList<>();

    /** A named weight of this layer and, once bound, its value and gradient slices. */
    public static final class Weight {
        public final String name;
        public final int[] shape;
        final Initializer initializer;
        Buffer value;
        Buffer gradient;

        Weight(String name, int[] shape, Initializer initializer) {
            this.name = name;
            this.shape = shape;
            this.initializer = initializer;
        }

        public long size() {
            long p = 1;
            for (int d : shape) p *= d;
            return p;
        }

        public Buffer value() { return value; }

        public Buffer gradient() { return gradient; }
    }

    /** The Keras class name shown by summary(), e.g. "LSTM". */
    public String typeName() { return getClass().getSimpleName(); }

    /** The Keras default name stem, e.g. "lstm", "simple_rnn", "time_distributed". */
    public String defaultNameStem() {
        return typeName().replaceAll("([a-z])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2").toLowerCase();
    }

    public String name() { return name; }

    /** Sets the layer's name (the model assigns Keras-style defaults: lstm, lstm_1, ...). */
    public Layer name(String name) {
        this.name = name;
        return this;
    }

    /** Per-sample input shape once built, else null. */
    public int[] inputShape() { return inputShape == null ? null : inputShape.clone(); }

    /** Per-sample output shape once built, else null. */
    public int[] outputShape() { return outputShape == null ? null : outputShape.clone(); }

    public boolean isBuilt() { return outputShape != null; }

    /**
     * Checks the per-sample input shape, declares the weights and returns the per-sample output shape.
     * Throws IllegalArgumentException naming the layer, the expected and the given shape.
     */
    public final int[] build(int[] inputShape) {
        if (isBuilt()) {
            if (!Arrays.equals(this.inputShape, inputShape)) {
                throw new IllegalArgumentException(label() + ": built for input " + shapeString(this.inputShape)
                        + ", got " + shapeString(inputShape));
            }
            return outputShape();
        }
        int[] out = doBuild(inputShape.clone());
        this.inputShape = inputShape.clone();
        this.outputShape = out.clone();
        return out.clone();
    }

    /** Subclass part of {@link #build}: validate, call {@link #addWeight}, return the output shape. */
    protected abstract int[] doBuild(int[] inputShape);

    /** The most values one weight, and one model's parameters, may hold (what a Java array or a buffer can index). */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /** Declares a weight, in Keras order; refuses (before anything is allocated) one larger than {@link #MAX_VALUES}. */
    protected final Weight addWeight(String weightName, Initializer init, int... shape) {
        long size = 1;
        for (int d : shape) {
            require(d >= 1, "weight '" + weightName + "' would have shape " + Arrays.toString(shape) + "; every dimension must be >= 1");
            size = Math.min(size * d, Long.MAX_VALUE / Integer.MAX_VALUE);   // saturates: no overflow
        }
        require(size <= MAX_VALUES, "weight '" + weightName + "' of shape " + Arrays.toString(shape) + " would hold " + size
                + " values; a weight holds at most " + MAX_VALUES);
        Weight w = new Weight(weightName, shape, init);
        weights.add(w);
        return w;
    }

    /** Layers wrapped by this one (TimeDistributed, Bidirectional), whose weights follow this layer's own. */
    protected List<Layer> children() { return List.of(); }

    /** All weights, own then children's, in Keras order (as Keras's get_weights lists them). */
    public List<Weight> weights() {
        List<Weight> all = new ArrayList<>(weights);
        for (Layer c : children()) all.addAll(c.weights());
        return all;
    }

    /** Keras parameter count. */
    public long countParams() {
        long n = 0;
        for (Weight w : weights()) n += w.size();
        return n;
    }

    /**
     * Points every weight at its slice of the model's flat parameter and gradient buffers, starting at
     * {@code offset}; returns the offset after the last weight.
     */
    public long bind(Buffer params, Buffer grads, long offset) {
        for (Weight w : weights()) {
            w.value = params.slice(offset, w.size());
            w.gradient = grads.slice(offset, w.size());
            offset += w.size();
        }
        return offset;
    }

    /** Writes Keras default initial values into the bound weights. */
    public void initialize(RandomGenerator rng) {
        for (Weight w : weights()) {
            requireBound(w);
            w.value.set(w.initializer.sample(w.shape, rng));
        }
    }

    /** The weights' values in Keras layout, one flat row-major array per weight, in Keras order. */
    public float[][] getWeights() {
        List<Weight> ws = weights();
        float[][] out = new float[ws.size()][];
        for (int i = 0; i < out.length; i++) out[i] = requireBound(ws.get(i)).value.toFloatArray();
        return out;
    }

    /** As {@link #getWeights()}, at the backend's precision (double on the reference backend). */
    public double[][] getWeightsAsDouble() {
        List<Weight> ws = weights();
        double[][] out = new double[ws.size()][];
        for (int i = 0; i < out.length; i++) out[i] = requireBound(ws.get(i)).value.toDoubleArray();
        return out;
    }

    /** Sets the weights from Keras-layout arrays, in Keras order; counts and sizes are checked. */
    public void setWeights(float[]... values) {
        List<Weight> ws = checkCount(values.length);
        for (int i = 0; i < values.length; i++) checkSize(ws.get(i), values[i].length).value.set(values[i]);
    }

    /** As {@link #setWeights(float[]...)} with double values (kept exactly by the reference backend). */
    public void setWeights(double[]... values) {
        List<Weight> ws = checkCount(values.length);
        for (int i = 0; i < values.length; i++) checkSize(ws.get(i), values[i].length).value.set(values[i]);
    }

    private List<Weight> checkCount(int given) {
        List<Weight> ws = weights();
        if (given != ws.size()) {
            StringBuilder names = new StringBuilder();
            for (Weight w : ws) names.append(names.length() == 0 ? "" : ", ").append(w.name).append(shapeString(w.shape));
            throw new IllegalArgumentException(label() + ": expected " + ws.size() + " weight arrays (" + names
                    + "), got " + given);
        }
        return ws;
    }

    private Weight checkSize(Weight w, int given) {
        requireBound(w);
        if (given != w.size()) {
            throw new IllegalArgumentException(label() + ": weight '" + w.name + "' of shape " + shapeString(w.shape)
                    + " needs " + w.size() + " values, got " + given);
        }
        return w;
    }

    private Weight requireBound(Weight w) {
        if (w.value == null) {
            throw new IllegalStateException(label() + ": weights do not exist until the layer is built"
                    + " (add it to a model and build or fit the model, or build it directly)");
        }
        return w;
    }

    /**
     * Forward pass on a batch. In a training step the layer keeps what {@link #backward} needs.
     * Buffers it creates are owned by {@code step}.
     */
    public abstract Act forward(Step step, Act input);

    /**
     * Backward pass for the latest training forward pass: writes this layer's weight gradients and
     * returns dL/d input (its data may be null when {@code needInputGradient} is false).
     */
    public abstract Act backward(Step step, Act outputGradient, boolean needInputGradient);

    /** "name (Type)" for messages. */
    public String label() { return (name == null ? defaultNameStem() : name) + " (" + typeName() + ")"; }

    /** A per-sample shape as Keras prints it: (None, 12, 1). */
    public static String shapeString(int[] shape) {
        if (shape == null) return "(unknown)";
        StringBuilder sb = new StringBuilder("(None");
        for (int d : shape) sb.append(", ").append(d < 0 ? "None" : Integer.toString(d));
        return sb.append(')').toString();
    }

    /** Throws with the layer's label when a condition on its configuration or input fails. */
    protected final void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(label() + ": " + message);
    }
}

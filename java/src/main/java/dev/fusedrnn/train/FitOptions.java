package dev.fusedrnn.train;

import dev.fusedrnn.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Options of {@code fit}, with Keras's defaults: 1 epoch, batch size 32, shuffle, verbose 1, no validation.
 * {@code validationSplit} takes the last fraction of the samples, before shuffling, as Keras does.
 */
public final class FitOptions {
    int epochs = 1;
    int batchSize = 32;
    double validationSplit;
    Tensor validationX, validationY;
    boolean shuffle = true;
    Long seed;
    int verbose = 1;
    final List<Callback> callbacks = new ArrayList<>();
    PrintStream out = System.out;
    float[] sampleWeight;
    Map<Integer, Double> classWeight;
    boolean checkFinite = true;

    public FitOptions epochs(int n) {
        if (n < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + n);
        this.epochs = n;
        return this;
    }

    public FitOptions batchSize(int n) {
        if (n < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + n);
        this.batchSize = n;
        return this;
    }

    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("validation split must be in [0, 1), got " + fraction);
        this.validationSplit = fraction;
        return this;
    }

    public FitOptions validationData(Tensor x, Tensor y) {
        if (x == null || y == null) throw new IllegalArgumentException("validation data needs both x and y");
        this.validationX = x;
        this.validationY = y;
        return this;
    }

    public FitOptions shuffle(boolean on) { this.shuffle = on; return this; }

    /** Seed for shuffling and dropout (default: the model's seed). */
    public FitOptions seed(long s) { this.seed = s; return this; }

    /** 0 silent, 1 progress bar (one line per epoch when not on a terminal), 2 one line per epoch. */
    public FitOptions verbose(int level) {
        if (level < 0 || level > 2) throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + level);
        this.verbose = level;
        return this;
    }

    public FitOptions callbacks(Callback... cs) {
        for (Callback c : cs) callbacks.add(c);
        return this;
    }

    /**
     * One weight per training sample, multiplying its loss (Keras's sample_weight): Keras divides the
     * weighted sum by the number of loss rows, not by the sum of the weights.
     */
    public FitOptions sampleWeight(float[] weights) { this.sampleWeight = weights.clone(); return this; }

    /** Weights per class id (Keras's class_weight), e.g. to balance rare classes; absent classes weigh 1. */
    public FitOptions classWeight(Map<Integer, Double> weights) { this.classWeight = Map.copyOf(weights); return this; }

    /**
     * Whether each training step checks that the loss and every gradient are finite (default on): a NaN or
     * infinity stops fit with a {@link NonFiniteException} naming the layer and the step, before that step's
     * update reaches the weights. The check costs a pass over the gradients and one over the parameters per step. Off, fit carries on
     * and reports NaN losses, as Keras does without {@code TerminateOnNaN}.
     */
    public FitOptions checkFinite(boolean on) { this.checkFinite = on; return this; }

    /** Where progress is printed (default System.out). */
    public FitOptions out(PrintStream stream) { this.out = stream; return this; }

    public int epochs() { return epochs; }

    public int batchSize() { return batchSize; }

    public int verbose() { return verbose; }

    public boolean shuffle() { return shuffle; }

    public double validationSplit() { return validationSplit; }

    public Tensor validationX() { return validationX; }

    public Tensor validationY() { return validationY; }

    public Long seed() { return seed; }

    public List<Callback> callbacks() { return callbacks; }

    public PrintStream out() { return out; }

    public float[] sampleWeight() { return sampleWeight; }

    public Map<Integer, Double> classWeight() { return classWeight; }

    public boolean checkFinite() { return checkFinite; }
}

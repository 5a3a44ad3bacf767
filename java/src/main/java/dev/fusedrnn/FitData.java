package dev.fusedrnn;

import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Shapes;
import dev.fusedrnn.train.Batch;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.Objective;

import java.util.Arrays;
import java.util.Iterator;
import java.util.random.RandomGenerator;

/**
 * Training data against a model: the checks every fit, evaluate and batch makes before anything reaches
 * a backend, per-sample weights from fit's options, and the shuffled batches of in-memory data.
 */
final class FitData {
    private FitData() { }

    /** Checks targets y against inputs x and the model's output and loss, naming the call. */
    static void checkTargets(Sequential model, Tensor x, Tensor y, String what) {
        if (y == null) throw new IllegalArgumentException(what + ": y must not be null");
        if (x.dim(0) == 0) throw new IllegalArgumentException(what + ": no samples (batch of size 0)");
        if (y.rank() == 0 || y.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException(what + ": x has " + x.dim(0) + " samples but y has "
                    + (y.rank() == 0 ? 0 : y.dim(0)) + " (they must have one target per sample)");
        }
        LossKind loss = model.objective().loss();
        Objective.checkTargets(what + ": loss " + loss.kerasName(), loss.sparseTargets(), model.outputShape(), sampleShape(y));
        Shapes.requireFinite(what, "x", x);
        Shapes.requireFinite(what, "y", y);
        if (loss.sparseTargets()) {
            int classes = model.outputShape()[model.outputShape().length - 1];
            float[] v = y.toArray();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= classes) {
                    throw new IllegalArgumentException(what + ": class id " + v[i] + " at " + y.indexOf(i)
                            + " is outside [0, " + classes + ") for a model with " + classes + " outputs");
                }
            }
        }
    }

    /** The per-sample weights of fit's options for targets y, or null: sampleWeight, or classWeight mapped. */
    static float[] sampleWeights(Sequential model, FitOptions o, Tensor y, String what) {
        if (o.sampleWeight() != null && o.classWeight() != null) {
            throw new IllegalArgumentException(what + ": give class weights or sample weights, not both (as Keras)");
        }
        if (o.sampleWeight() != null) {
            SampleWeights.check(o.sampleWeight(), y.dim(0), what);
            return o.sampleWeight();
        }
        if (o.classWeight() == null) return null;
        if (model.outputShape().length != 1) {
            throw new IllegalArgumentException(what + ": class weights need one prediction per sample (output "
                    + Layer.shapeString(model.outputShape()) + "); for sequences use sample weights");
        }
        return SampleWeights.fromClassWeights(o.classWeight(), y, model.objective().loss().sparseTargets());
    }

    /**
     * The batches of one pass over in-memory data; each pass (each call of iterator()) draws a new order
     * from {@code random} when shuffling.
     */
    static Iterable<Batch> batches(Tensor x, Tensor y, float[] weights, int batchSize, boolean shuffle, RandomGenerator random) {
        int count = x.dim(0);
        return () -> new Iterator<>() {
            private final int[] order = order(count, shuffle, random);
            private int from;

            @Override public boolean hasNext() { return from < count; }

            @Override
            public Batch next() {
                int[] idx = Arrays.copyOfRange(order, from, Math.min(count, from + batchSize));
                from += idx.length;
                return new Batch(x.gather(idx), y.gather(idx), weights == null ? null : gather(weights, idx));
            }
        };
    }

    static int[] sampleShape(Tensor t) { return Arrays.copyOfRange(t.shape(), 1, t.rank()); }

    private static int[] order(int n, boolean shuffle, RandomGenerator random) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }


    private static float[] gather(float[] v, int[] idx) {
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = v[idx[i]];
        return out;
    }
}

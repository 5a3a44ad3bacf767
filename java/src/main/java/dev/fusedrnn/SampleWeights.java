package dev.fusedrnn;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.layers.Act;
import dev.fusedrnn.layers.Step;

import java.util.Map;

/**
 * Keras's sample and class weights. A sample weight multiplies that sample's loss (and each of its
 * steps' losses for sequence outputs); Keras then divides by the number of loss rows — or, with a mask,
 * by the number of valid steps — not by the sum of the weights. The backend's loss is the weighted mean
 * Σ w·l / Σ w, so the caller rescales it (and its gradient) by Σ w / rows.
 */
final class SampleWeights {
    private SampleWeights() { }

    /** The weights of one batch's loss rows and the factor that turns the backend's mean into Keras's. */
    record Rows(Buffer weights, double scale) { }

    /**
     * Per-sample weights from a class-weight map (class id → weight; absent classes weigh 1): the class of a
     * sample is its label (sparse targets), the index of its largest target (one-hot), or its rounded
     * target (one binary output).
     */
    static float[] fromClassWeights(Map<Integer, Double> classWeight, Tensor y, boolean sparse) {
        int n = y.dim(0);
        int per = y.sampleSize();
        float[] v = y.toArray();
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int cls;
            if (sparse || per == 1) {
                cls = Math.round(v[i * per]);
            } else {
                cls = 0;
                for (int k = 1; k < per; k++) if (v[i * per + k] > v[i * per + cls]) cls = k;
            }
            w[i] = (float) classWeight.getOrDefault(cls, 1.0).doubleValue();
        }
        return w;
    }

    /** Checks user-given sample weights: one finite, non-negative value per sample. */
    static void check(float[] w, int samples, String what) {
        if (w.length != samples) {
            throw new IllegalArgumentException(what + ": sample weights need one value per sample (" + samples + "), got " + w.length);
        }
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Float.isInfinite(w[i])) {
                throw new IllegalArgumentException(what + ": sample weight " + w[i] + " at " + i + " must be finite and >= 0");
            }
        }
    }

    /**
     * The weights of the loss rows before any mask, to upload with the batch: sample weight i for each row of
     * sample i, {@code [N]} or, for a sequence output of sample shape {@code [T, K]}, {@code [N·T]}; null without
     * sample weights.
     */
    static float[] perRow(float[] sampleWeight, int[] outputSampleShape) {
        if (sampleWeight == null) return null;
        int steps = outputSampleShape.length == 2 ? outputSampleShape[0] : 1;
        float[] w = new float[Math.multiplyExact(sampleWeight.length, steps)];
        for (int i = 0; i < sampleWeight.length; i++) java.util.Arrays.fill(w, i * steps, (i + 1) * steps, sampleWeight[i]);
        return w;
    }

    /**
     * Row weights for a batch's output {@code out} ({@code [N, K]} or {@code [N, T, K]} with an optional
     * mask): the mask alone when there are no sample weights, else sample weight × mask per row, from
     * {@code rowWeights}, the batch's {@link #perRow} values on the backend.
     */
    static Rows rows(Step step, Act out, float[] sampleWeight, Buffer rowWeights) {
        boolean sequence = out.shape().length == 3;
        Buffer mask = sequence ? out.mask() : null;
        if (sampleWeight == null) return new Rows(mask, 1.0);
        int n = out.batch();
        int steps = sequence ? out.shape()[1] : 1;
        if (rowWeights == null || rowWeights.length() != (long) n * steps) {
            throw new IllegalStateException("row weights hold " + (rowWeights == null ? "nothing" : rowWeights.length() + " values")
                    + "; expected " + n * steps + " (" + n + " samples x " + steps + " steps)");
        }
        float[] m = mask == null ? null : mask.toFloatArray();
        double sum = 0;
        double valid = 0;
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                float keep = m == null ? 1f : m[i * steps + t];
                sum += sampleWeight[i] * keep;
                valid += keep;
            }
        }
        Buffer w = rowWeights;
        if (mask != null) {
            w = step.allocate(rowWeights.length());
            step.backend().multiply(rowWeights, mask, w);
        }
        return new Rows(w, valid == 0 ? 0.0 : sum / valid);
    }
}

package dev.fusedrnn.train;

import dev.fusedrnn.Tensor;

/**
 * One batch of training data for {@code fit} from a streaming source: inputs, targets and optional
 * per-sample weights ({@code null} for none).
 */
public record Batch(Tensor x, Tensor y, float[] sampleWeight) {
    public Batch(Tensor x, Tensor y) { this(x, y, null); }
}

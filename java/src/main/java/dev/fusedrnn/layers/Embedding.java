package dev.fusedrnn.layers;

import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Buffer;

/**
 * Keras Embedding: token ids {@code [N, T]} to vectors {@code [N, T, D]}. With maskZero, id 0 is padding:
 * it produces a mask that the following layers honour (as Keras's mask_zero=True).
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private boolean maskZero;
    private Weight table;
    private Act lastInput;

    /** @param inputDim vocabulary size (ids in [0, inputDim)), @param outputDim vector size D */
    public Embedding(int inputDim, int outputDim) {
        if (inputDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("embedding: inputDim and outputDim must be >= 1, got " + inputDim + ", " + outputDim);
        }
        if (inputDim > (1 << 24)) {
            throw new IllegalArgumentException("embedding: vocabularies up to 2^24 ids are supported (ids travel as"
                    + " exact float32 integers), got " + inputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    /** Treat id 0 as padding and mask it (default false, as Keras). */
    public Embedding maskZero(boolean on) { this.maskZero = on; return this; }

    public int inputDim() { return inputDim; }

    public int outputDim() { return outputDim; }

    public boolean isMaskZero() { return maskZero; }

    @Override
    protected int[] doBuild(int[] in) {
        require(in.length == 1, "expected token ids of shape (None, timesteps), got " + shapeString(in));
        table = addWeight("embeddings", Initializer.UNIFORM_005, inputDim, outputDim);
        return new int[] {in[0], outputDim};
    }

    /** Checks that every id is an integer in [0, inputDim) before anything reaches a backend. */
    public void checkIds(Tensor ids) {
        float[] v = ids.toArray();
        for (int i = 0; i < v.length; i++) {
            float id = v[i];
            if (id != Math.rint(id) || id < 0 || id >= inputDim) {
                throw new IllegalArgumentException(label() + ": token id " + id + " at " + ids.indexOf(i)
                        + " is outside the vocabulary [0, " + inputDim + ")");
            }
        }
    }

    @Override
    public Act forward(Step step, Act in) {
        int count = Math.toIntExact(in.size());
        Buffer out = step.allocate((long) count * outputDim);
        step.backend().embeddingForward(in.data(), count, table.value, inputDim, outputDim, out);
        Buffer mask = null;
        if (maskZero) {
            mask = step.allocate(count);
            step.backend().notEqualMask(in.data(), count, 1, 0.0, mask);
        }
        if (step.training()) lastInput = in;   // an inference pass writes nothing in the layer
        return new Act(out, new int[] {in.shape()[0], in.shape()[1], outputDim}, mask);
    }

    @Override
    public Act backward(Step step, Act dOut, boolean needInputGradient) {
        int count = Math.toIntExact(lastInput.size());
        step.backend().embeddingBackward(lastInput.data(), count, dOut.data(), inputDim, outputDim, table.gradient);
        return new Act(null, lastInput.shape(), null);   // ids are not differentiable
    }
}

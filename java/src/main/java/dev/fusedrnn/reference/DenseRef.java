package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;

/** STUB: Dense and Embedding, forward above backward. */
final class DenseRef {
    private DenseRef() { }

    static void forward(RefBuffer x, int rows, int in, int out, RefBuffer kernel, RefBuffer bias, Activation act, RefBuffer y) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backward(RefBuffer x, RefBuffer y, RefBuffer dy, int rows, int in, int out, RefBuffer kernel, Activation act,
                         RefBuffer dx, RefBuffer dKernel, RefBuffer dBias) {
        throw new UnsupportedOperationException("TODO");
    }

    static void embeddingForward(RefBuffer ids, int count, RefBuffer table, int vocab, int dim, RefBuffer out) {
        throw new UnsupportedOperationException("TODO");
    }

    static void embeddingBackward(RefBuffer ids, int count, RefBuffer dOut, int vocab, int dim, RefBuffer dTable) {
        throw new UnsupportedOperationException("TODO");
    }
}

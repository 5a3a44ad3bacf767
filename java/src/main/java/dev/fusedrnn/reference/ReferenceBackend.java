package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;
import dev.fusedrnn.backend.OptimizerSpec;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

/**
 * The oracle: plain Java loops computing in double, one file per concern, forward directly above
 * backward. Every other backend is tested against it. It is also the last fallback of {@code auto}.
 *
 * <p>Threads: thread-safe; it keeps no state, so concurrent calls may read the same buffers (a buffer being
 * written must not be used by another call meanwhile).
 */
public final class ReferenceBackend implements Backend {

    @Override public String name() { return "reference"; }

    @Override public boolean isDoublePrecision() { return true; }

    @Override public Buffer allocate(long length) { return new RefBuffer(length); }

    @Override
    public RnnTape rnnForward(RnnSpec spec, RnnBuffers b, boolean forTraining) {
        return RecurrentRef.forward(spec, b, forTraining);
    }

    @Override
    public void rnnBackward(RnnSpec spec, RnnBuffers b, RnnTape tape, RnnGrads g) {
        RecurrentRef.backward(spec, b, tape, g);
    }

    @Override
    public void denseForward(Buffer x, int rows, int in, int out, Buffer kernel, Buffer bias, Activation act, Buffer y) {
        DenseRef.forward(RefBuffer.of(x), rows, in, out, RefBuffer.of(kernel), RefBuffer.of(bias), act, RefBuffer.of(y));
    }

    @Override
    public void denseBackward(Buffer x, Buffer y, Buffer dy, int rows, int in, int out, Buffer kernel, Activation act,
                              Buffer dx, Buffer dKernel, Buffer dBias) {
        DenseRef.backward(RefBuffer.of(x), RefBuffer.of(y), RefBuffer.of(dy), rows, in, out, RefBuffer.of(kernel), act,
                RefBuffer.of(dx), RefBuffer.of(dKernel), RefBuffer.of(dBias));
    }

    @Override
    public void embeddingForward(Buffer ids, int count, Buffer table, int vocab, int dim, Buffer out) {
        DenseRef.embeddingForward(RefBuffer.of(ids), count, RefBuffer.of(table), vocab, dim, RefBuffer.of(out));
    }

    @Override
    public void embeddingBackward(Buffer ids, int count, Buffer dOut, int vocab, int dim, Buffer dTable) {
        DenseRef.embeddingBackward(RefBuffer.of(ids), count, RefBuffer.of(dOut), vocab, dim, RefBuffer.of(dTable));
    }

    @Override
    public void notEqualMask(Buffer x, int rows, int cols, double value, Buffer mask) {
        TensorOpsRef.notEqualMask(RefBuffer.of(x), rows, cols, value, RefBuffer.of(mask));
    }

    @Override
    public void scaleRows(Buffer x, Buffer s, int rows, int cols, Buffer out) {
        TensorOpsRef.scaleRows(RefBuffer.of(x), RefBuffer.of(s), rows, cols, RefBuffer.of(out));
    }

    @Override
    public void multiply(Buffer a, Buffer b, Buffer out) {
        TensorOpsRef.multiply(RefBuffer.of(a), RefBuffer.of(b), RefBuffer.of(out));
    }

    @Override
    public void axpby(double alpha, Buffer a, double beta, Buffer b, Buffer out) {
        TensorOpsRef.axpby(alpha, RefBuffer.of(a), beta, RefBuffer.of(b), RefBuffer.of(out));
    }

    @Override
    public void reverseTime(Buffer x, int batch, int time, int features, Buffer out) {
        TensorOpsRef.reverseTime(RefBuffer.of(x), batch, time, features, RefBuffer.of(out));
    }

    @Override
    public void concatColumns(Buffer a, int ka, Buffer b, int kb, int rows, Buffer out) {
        TensorOpsRef.concatColumns(RefBuffer.of(a), ka, RefBuffer.of(b), kb, rows, RefBuffer.of(out));
    }

    @Override
    public void splitColumns(Buffer in, int ka, int kb, int rows, Buffer a, Buffer b) {
        TensorOpsRef.splitColumns(RefBuffer.of(in), ka, kb, rows, RefBuffer.of(a), RefBuffer.of(b));
    }

    @Override
    public double loss(LossKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols, Buffer dPred) {
        return LossRef.loss(kind, RefBuffer.of(pred), RefBuffer.of(target), RefBuffer.of(weights), rows, cols,
                RefBuffer.of(dPred));
    }

    @Override
    public double[] metric(MetricKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols) {
        return LossRef.metric(kind, RefBuffer.of(pred), RefBuffer.of(target), RefBuffer.of(weights), rows, cols);
    }

    @Override
    public double sumOfSquares(Buffer x) { return OptimizerRef.sumOfSquares(RefBuffer.of(x)); }

    @Override
    public void clip(Buffer x, double lo, double hi) { OptimizerRef.clip(RefBuffer.of(x), lo, hi); }

    @Override
    public void optimizerStep(OptimizerSpec spec, Buffer params, Buffer grads, Buffer state, long iteration) {
        OptimizerRef.step(spec, RefBuffer.of(params), RefBuffer.of(grads), RefBuffer.of(state), iteration);
    }
}

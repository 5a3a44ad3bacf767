package dev.fusedrnn.backend;

import dev.fusedrnn.Activation;

/**
 * The backend SPI: sequence-level operations over backend-owned {@link Buffer}s. A model makes O(1)
 * calls per layer per batch, so a native backend keeps everything in its own memory and pays one JNI
 * crossing per call. Row-major layouts throughout; R rows, K columns.
 *
 * <p>Callers validate shapes before calling (the layers do, with messages naming the layer); backends
 * may assume valid arguments but must never crash on invalid ones.
 *
 * <p>Threads: every backend is thread-safe: any number of threads may call one instance at once, and two
 * calls may read the same buffers; a buffer written by a call must not be used by another call meanwhile.
 * {@link #close()} comes after all other calls (docs/threading.md).
 */
public interface Backend extends AutoCloseable {

    /** Backend name: reference, cpu, cuda, cuda-emulated. */
    String name();

    /** Whether buffers hold float64 (the reference) or float32. */
    boolean isDoublePrecision();

    /**
     * Whether buffers live in device memory (a GPU's), apart from the host: then a model keeps a host copy
     * of its parameters at every epoch end, so that a device failure leaves them readable.
     */
    default boolean keepsDataOnDevice() { return false; }

    /** A new zero-filled buffer of {@code length} elements. */
    Buffer allocate(long length);

    // ---------------------------------------------------------------- recurrent layers

    /**
     * Whole-sequence forward pass. Writes {@code b.output} (and {@code hLast}/{@code cLast} when given).
     * Returns the tape that {@link #rnnBackward} needs when {@code forTraining}, else {@code null}.
     */
    RnnTape rnnForward(RnnSpec spec, RnnBuffers b, boolean forTraining);

    /** Whole-sequence backward pass for the forward call that produced {@code tape} with the same buffers. */
    void rnnBackward(RnnSpec spec, RnnBuffers b, RnnTape tape, RnnGrads g);

    // ---------------------------------------------------------------- dense and embedding

    /** {@code y[R, out] = act(x[R, in] · kernel[in, out] + bias[out])}; bias may be null. */
    void denseForward(Buffer x, int rows, int in, int out, Buffer kernel, Buffer bias, Activation act, Buffer y);

    /**
     * Backward of {@link #denseForward} given its x and y and {@code dy}: writes {@code dKernel},
     * {@code dBias} (if not null) and {@code dx} (if not null).
     */
    void denseBackward(Buffer x, Buffer y, Buffer dy, int rows, int in, int out, Buffer kernel, Activation act,
                       Buffer dx, Buffer dKernel, Buffer dBias);

    /** {@code out[i, :] = table[ids[i], :]} for i < count; ids are exact integers in [0, vocab). */
    void embeddingForward(Buffer ids, int count, Buffer table, int vocab, int dim, Buffer out);

    /** {@code dTable} = zeros, then {@code dTable[ids[i], :] += dOut[i, :]} in order of i. */
    void embeddingBackward(Buffer ids, int count, Buffer dOut, int vocab, int dim, Buffer dTable);

    // ---------------------------------------------------------------- element-wise and layout

    /** {@code mask[r] = 1} if any {@code x[r, k] != value}, else 0. */
    void notEqualMask(Buffer x, int rows, int cols, double value, Buffer mask);

    /** {@code out[r, k] = x[r, k] · s[r]}. */
    void scaleRows(Buffer x, Buffer s, int rows, int cols, Buffer out);

    /** {@code out[i] = a[i] · b[i]} for the length of {@code out}. */
    void multiply(Buffer a, Buffer b, Buffer out);

    /** {@code out[i] = α·a[i] + β·b[i]}; {@code b} may be null when β = 0. */
    void axpby(double alpha, Buffer a, double beta, Buffer b, Buffer out);

    /** {@code out[n, t, :] = x[n, T−1−t, :]} for {@code x[N, T, F]}. */
    void reverseTime(Buffer x, int batch, int time, int features, Buffer out);

    /** {@code out[r, :] = [a[r, :ka], b[r, :kb]]}. */
    void concatColumns(Buffer a, int ka, Buffer b, int kb, int rows, Buffer out);

    /** Inverse of {@link #concatColumns}: splits {@code in[r, ka + kb]} into a and b. */
    void splitColumns(Buffer in, int ka, int kb, int rows, Buffer a, Buffer b);

    // ---------------------------------------------------------------- losses, metrics, optimizers

    /**
     * Mean loss {@code Σ_r w_r·l_r / Σ_r w_r} over rows of {@code pred[R, K]}; {@code target} is
     * {@code [R, K]}, or {@code [R]} class ids for sparse losses; {@code weights [R]} may be null (all 1).
     * When {@code dPred} is not null it receives d(mean loss)/d pred.
     */
    double loss(LossKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols, Buffer dPred);

    /** {@code {Σ w·m, Σ w}} of the per-row metric m, so batches can be combined exactly. */
    double[] metric(MetricKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols);

    /** Σ x² over the buffer (for clipnorm). */
    double sumOfSquares(Buffer x);

    /** Clamps every element into [lo, hi] in place (for clipvalue). */
    void clip(Buffer x, double lo, double hi);

    /**
     * One optimizer step over flat buffers: {@code params} and {@code grads} have the same length;
     * {@code state} holds {@link OptimizerSpec#stateSlots()} consecutive arrays of that length (may be
     * null when there are none); {@code iteration} counts from 0.
     */
    void optimizerStep(OptimizerSpec spec, Buffer params, Buffer grads, Buffer state, long iteration);

    /** Releases backend resources (thread pools, device memory). */
    @Override
    default void close() {}
}

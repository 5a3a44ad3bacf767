package dev.fusedrnn.backend;

/**
 * The tensors of one whole-sequence recurrent call, all backend buffers. Shapes use N batch, T steps,
 * C input features, H units, G gates. Inputs are read-only; outputs are overwritten. Optional tensors
 * are {@code null}.
 */
public final class RnnBuffers {
    /** N and T. */
    public int batch, time;

    /** Input {@code [N, T, C]}, batch-major, in the input's own time order (also under goBackwards). */
    public Buffer x;
    /** Optional {@code [N, T]} of 1 (valid) / 0 (masked), in the input's time order. */
    public Buffer mask;
    /** Optional initial state {@code [N, H]}; {@code null} means zeros. {@code c0} is LSTM only. */
    public Buffer h0, c0;
    /** Weights in Keras layout: {@code W[C, G·H]}, {@code U[H, G·H]}, bias {@code [G·H]} or {@code [2, 3H]}. */
    public Buffer kernel, recurrentKernel, bias;
    /**
     * Optional dropout keep-masks, already scaled by 1/(1−p): {@code [N, C]} multiplies x at every step,
     * {@code [N, H]} multiplies the previous h entering the recurrent product. One mask per sample per
     * batch, shared by the gates (Keras 3).
     */
    public Buffer inputDropout, recurrentDropout;

    /** Output: {@code [N, T, H]} in processing order when returnSequences, else the last output {@code [N, H]}. */
    public Buffer output;
    /** Optional outputs: final states {@code [N, H]} (after the last processed step). */
    public Buffer hLast, cLast;
}

package dev.fusedrnn.backend;

/**
 * Upstream gradients into, and gradients out of, one whole-sequence recurrent backward pass.
 * Optional tensors are {@code null}; a {@code null} output gradient is not computed.
 * Output gradients are overwritten, not accumulated.
 */
public final class RnnGrads {
    /** Upstream: dL/d output, shaped like {@link RnnBuffers#output}. */
    public Buffer dOutput;
    /** Upstream, optional: dL/d final states {@code [N, H]}. */
    public Buffer dhLast, dcLast;

    /** dL/dx {@code [N, T, C]} (optional: the first layer of a model needs none). */
    public Buffer dx;
    /** dL/d weights, Keras layout (required). */
    public Buffer dKernel, dRecurrentKernel, dBias;
    /** Optional dL/d initial state {@code [N, H]}. */
    public Buffer dh0, dc0;
}

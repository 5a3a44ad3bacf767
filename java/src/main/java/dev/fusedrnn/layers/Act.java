package dev.fusedrnn.layers;

import dev.fusedrnn.backend.Buffer;

import java.util.Arrays;

/**
 * An activation flowing between layers: a backend buffer, its full shape (batch first) and the Keras
 * mask that travels with it ({@code [N, T]} of 1/0, or {@code null}).
 */
public record Act(Buffer data, int[] shape, Buffer mask) {

    public Act {
        shape = shape.clone();
    }

    /** The full shape, batch first (a copy). */
    @Override
    public int[] shape() { return shape.clone(); }

    /** The batch size N. */
    public int batch() { return shape[0]; }

    /** Number of elements. */
    public long size() {
        long p = 1;
        for (int d : shape) p *= d;
        return p;
    }

    /** Size of the last dimension. */
    public int lastDim() { return shape[shape.length - 1]; }

    /** Product of all but the last dimension: the rows a per-row operation sees. */
    public int rows() { return Math.toIntExact(size() / Math.max(1, lastDim())); }

    /** The same data and mask with another shape of equal size. */
    public Act reshape(int... newShape) { return new Act(data, newShape, mask); }

    @Override
    public String toString() { return "Act" + Arrays.toString(shape); }
}

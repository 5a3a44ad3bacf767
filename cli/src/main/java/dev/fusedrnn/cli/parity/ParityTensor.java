package dev.fusedrnn.cli.parity;

import java.util.Arrays;

/**
 * One array of a parity case: its shape and its values in row-major (C) order, element
 * {@code [i, j, k]} of a {@code [d0, d1, d2]} array at {@code data[(i*d1 + j)*d2 + k]}.
 */
public record ParityTensor(int[] shape, double[] data) {

    public ParityTensor {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values, but the data has " + data.length);
        }
    }

    public int size() { return data.length; }

    /** Throws unless the shape is exactly {@code expected}; {@code what} names the tensor and its dims for the message. */
    public ParityTensor requireShape(String what, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(shape) + ", expected "
                    + Arrays.toString(expected));
        }
        return this;
    }

    /** Element {@code [n, time - 1, :]} of a {@code [batch, time, features]} tensor, as {@code [batch, features]}. */
    public double[] lastStep() {
        if (shape.length != 3) throw new IllegalStateException("lastStep needs a [batch, time, features] tensor, got " + Arrays.toString(shape));
        int batch = shape[0], time = shape[1], features = shape[2];
        double[] out = new double[batch * features];
        for (int n = 0; n < batch; n++) {
            System.arraycopy(data, (n * time + time - 1) * features, out, n * features, features);
        }
        return out;
    }

    @Override
    public String toString() { return "ParityTensor" + Arrays.toString(shape); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParityTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data); }
}

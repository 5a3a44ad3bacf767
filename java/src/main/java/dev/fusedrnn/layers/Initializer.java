package dev.fusedrnn.layers;

import java.util.random.RandomGenerator;

/**
 * Keras's default initializers. Shapes are Keras's: {@code [fanIn, fanOut]} for kernels.
 */
public enum Initializer {
    /** U(−l, l) with l = √(6 / (fanIn + fanOut)): Dense and recurrent kernels. */
    GLOROT_UNIFORM,
    /** A (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix: recurrent kernels. */
    ORTHOGONAL,
    ZEROS,
    /** Zeros, except ones in the LSTM forget-gate block (Keras unit_forget_bias). */
    UNIT_FORGET_BIAS,
    /** U(−0.05, 0.05): Keras's Embedding default. */
    UNIFORM_005;

    /** Values for a weight of the given shape, row-major. */
    public double[] sample(int[] shape, RandomGenerator rng) {
        int n = 1;
        for (int d : shape) n *= d;
        double[] w = new double[n];
        switch (this) {
            case GLOROT_UNIFORM: {
                int fanIn = shape[0];
                int fanOut = shape.length == 1 ? shape[0] : n / shape[0];
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < n; i++) w[i] = (2 * rng.nextDouble() - 1) * limit;
                return w;
            }
            case ORTHOGONAL:
                return orthogonal(shape[0], n / shape[0], rng);
            case UNIT_FORGET_BIAS: {
                int units = n / 4;
                for (int i = units; i < 2 * units; i++) w[i] = 1.0;
                return w;
            }
            case UNIFORM_005:
                for (int i = 0; i < n; i++) w[i] = (2 * rng.nextDouble() - 1) * 0.05;
                return w;
            default:
                return w;
        }
    }

    /**
     * Keras's Orthogonal: QR of a Gaussian matrix of shape (max(r, c), min(r, c)), Q's columns signed by
     * diag(R) so the distribution is uniform, transposed when r &lt; c. Modified Gram–Schmidt in double is
     * accurate enough for matrices this size (well-conditioned Gaussian inputs).
     */
    private static double[] orthogonal(int rows, int cols, RandomGenerator rng) {
        int m = Math.max(rows, cols);
        int k = Math.min(rows, cols);
        double[][] q = new double[k][m];          // k column vectors of length m
        for (int j = 0; j < k; j++) for (int i = 0; i < m; i++) q[j][i] = rng.nextGaussian();
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += q[p][i] * q[j][i];
                for (int i = 0; i < m; i++) q[j][i] -= dot * q[p][i];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) q[j][i] /= norm;   // R's diagonal is +norm: sign already positive
        }
        double[] w = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) w[r * cols + c] = rows >= cols ? q[c][r] : q[r][c];
        }
        return w;
    }
}

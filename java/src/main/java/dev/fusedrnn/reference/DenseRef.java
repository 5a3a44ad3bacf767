package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;

import static dev.fusedrnn.reference.TensorOpsRef.requireLength;

/**
 * Dense and Embedding in plain loops, accumulating in double, forward directly above backward.
 * Row-major throughout: x {@code [R, in]}, kernel {@code [in, out]} (Keras layout), bias {@code [out]},
 * y {@code [R, out]}. Outputs never alias inputs.
 */
final class DenseRef {
    private DenseRef() { }

    /** {@code y[r, o] = act(Σ_i x[r, i]·kernel[i, o] + bias[o])}; bias may be null; softmax is taken per row. */
    static void forward(RefBuffer x, int rows, int in, int out, RefBuffer kernel, RefBuffer bias, Activation act, RefBuffer y) {
        requireLength(x, (long) rows * in, "dense x [rows, in]");
        requireLength(kernel, (long) in * out, "dense kernel [in, out]");
        if (bias != null) requireLength(bias, out, "dense bias [out]");
        requireLength(y, (long) rows * out, "dense y [rows, out]");
        double[] z = new double[out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = bias == null ? 0.0 : bias.get(o);
                for (int i = 0; i < in; i++) s += x.get(r * in + i) * kernel.get(i * out + o);
                z[o] = s;
            }
            if (act == Activation.SOFTMAX) softmaxInPlace(z);
            else for (int o = 0; o < out; o++) z[o] = act.apply(z[o]);
            for (int o = 0; o < out; o++) y.put(r * out + o, z[o]);
        }
    }

    /**
     * Backward of {@link #forward} from its output y alone (the bias is not passed, so the pre-activation
     * is not recomputed). Overwrites dKernel {@code [in, out]}, dBias {@code [out]} and dx {@code [R, in]};
     * the last two may be null. Sums run over r in increasing order, so results are deterministic.
     */
    static void backward(RefBuffer x, RefBuffer y, RefBuffer dy, int rows, int in, int out, RefBuffer kernel, Activation act,
                         RefBuffer dx, RefBuffer dKernel, RefBuffer dBias) {
        requireLength(x, (long) rows * in, "dense x [rows, in]");
        requireLength(y, (long) rows * out, "dense y [rows, out]");
        requireLength(dy, (long) rows * out, "dense dy [rows, out]");
        requireLength(kernel, (long) in * out, "dense kernel [in, out]");
        requireLength(dKernel, (long) in * out, "dense dKernel [in, out]");
        if (dBias != null) requireLength(dBias, out, "dense dBias [out]");
        if (dx != null) requireLength(dx, (long) rows * in, "dense dx [rows, in]");

        // dz[r, o] = dL/d(pre-activation), [R, out]
        double[] dz = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            if (act == Activation.SOFTMAX) {
                // y = softmax(z): dz_j = y_j·(dy_j − Σ_k dy_k·y_k)
                double dot = 0.0;
                for (int o = 0; o < out; o++) dot += dy.get(r * out + o) * y.get(r * out + o);
                for (int o = 0; o < out; o++) {
                    double yo = y.get(r * out + o);
                    dz[r * out + o] = yo * (dy.get(r * out + o) - dot);
                }
            } else {
                for (int o = 0; o < out; o++) dz[r * out + o] = dy.get(r * out + o) * slopeFromOutput(act, y.get(r * out + o));
            }
        }

        // dKernel[i, o] = Σ_r x[r, i]·dz[r, o]
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                double s = 0.0;
                for (int r = 0; r < rows; r++) s += x.get(r * in + i) * dz[r * out + o];
                dKernel.put(i * out + o, s);
            }
        }
        // dBias[o] = Σ_r dz[r, o]
        if (dBias != null) {
            for (int o = 0; o < out; o++) {
                double s = 0.0;
                for (int r = 0; r < rows; r++) s += dz[r * out + o];
                dBias.put(o, s);
            }
        }
        // dx[r, i] = Σ_o dz[r, o]·kernel[i, o]
        if (dx != null) {
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < in; i++) {
                    double s = 0.0;
                    for (int o = 0; o < out; o++) s += dz[r * out + o] * kernel.get(i * out + o);
                    dx.put(r * in + i, s);
                }
            }
        }
    }

    /** Numerically stable softmax of one row: exp(z − max z) / Σ exp(z − max z). */
    private static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0.0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) z[k] /= sum;
    }

    /**
     * f'(z) from y = f(z) for the element-wise activations. relu: y > 0 exactly when z > 0. The hard
     * sigmoids have slope {@code act.derivative(0, ·)} strictly inside (0, 1) and 0 where saturated, the
     * same convention {@link Activation#derivative} uses at the kinks. linear, tanh, sigmoid read y only.
     */
    private static double slopeFromOutput(Activation act, double y) {
        switch (act) {
            case RELU: return act.derivative(y, y);
            case HARD_SIGMOID_KERAS2:
            case HARD_SIGMOID_KERAS3: return (y > 0.0 && y < 1.0) ? act.derivative(0.0, y) : 0.0;
            default: return act.derivative(Double.NaN, y);
        }
    }

    // ---------------------------------------------------------------- embedding

    /** {@code out[i, :] = table[ids[i], :]} for i < count; table {@code [vocab, dim]}, out {@code [count, dim]}. */
    static void embeddingForward(RefBuffer ids, int count, RefBuffer table, int vocab, int dim, RefBuffer out) {
        requireLength(ids, count, "embedding ids [count]");
        requireLength(table, (long) vocab * dim, "embedding table [vocab, dim]");
        requireLength(out, (long) count * dim, "embedding output [count, dim]");
        for (int i = 0; i < count; i++) {
            int id = tokenId(ids, i, vocab);
            for (int d = 0; d < dim; d++) out.put(i * dim + d, table.get(id * dim + d));
        }
    }

    /** {@code dTable} = 0, then {@code dTable[ids[i], :] += dOut[i, :]} for i = 0, 1, ... (repeated ids accumulate). */
    static void embeddingBackward(RefBuffer ids, int count, RefBuffer dOut, int vocab, int dim, RefBuffer dTable) {
        requireLength(ids, count, "embedding ids [count]");
        requireLength(dOut, (long) count * dim, "embedding dOut [count, dim]");
        requireLength(dTable, (long) vocab * dim, "embedding dTable [vocab, dim]");
        // Validate every id before touching dTable, so a bad id leaves it unchanged.
        for (int i = 0; i < count; i++) tokenId(ids, i, vocab);
        dTable.fill(0.0);
        for (int i = 0; i < count; i++) {
            int id = tokenId(ids, i, vocab);
            for (int d = 0; d < dim; d++) dTable.put(id * dim + d, dTable.get(id * dim + d) + dOut.get(i * dim + d));
        }
    }

    /** ids[i] as an int, which must be an exact integer in [0, vocab). */
    private static int tokenId(RefBuffer ids, int i, int vocab) {
        double v = ids.get(i);
        if (!(v >= 0 && v < vocab) || v != Math.rint(v)) {
            throw new IllegalArgumentException("embedding id " + v + " at position " + i
                    + " is not an integer in [0, " + vocab + "): check the tokenizer's vocabulary size against input_dim");
        }
        return (int) v;
    }
}

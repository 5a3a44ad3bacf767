package dev.fusedrnn.reference;

import dev.fusedrnn.backend.RnnSpec;

/**
 * One step of one sample, as the time loop in {@link RecurrentRef} hands it to a cell's step math
 * ({@link SimpleRnnRef}, {@link LstmRef}, {@link GruRef}). The loop fills the inputs, the cell computes,
 * the loop stores the results. One instance is reused for every (step, sample) of a call.
 *
 * <p>Shapes: C input features, H units, G gates; the weights are in Keras layout, {@code W[C, G·H]},
 * {@code U[H, G·H]}, bias {@code [G·H]} or {@code [2, G·H]} (GRU reset_after: input row, recurrent row).
 * Column {@code col} of W or U is the pre-activation of gate {@code col / H}, unit {@code col % H}.
 */
final class CellStep {
    final RnnSpec spec;
    /** C, H and G·H. */
    final int inputs, units, cols;
    final RefBuffer kernel, recurrentKernel, bias;

    /** Forward inputs. {@code x [C]} is x_t times the input dropout mask (1 without dropout). */
    final double[] x;
    /** {@code [H]}: h_{t-1} times the recurrent dropout mask, the h that enters the recurrent product. */
    final double[] hRec;
    /** {@code [H]}: h_{t-1} as carried, undropped (the GRU's {@code z·h_{t-1}} term uses this one). */
    final double[] hPrev;
    /** {@code [H]}: c_{t-1}, LSTM only. */
    final double[] cPrev;

    /** Forward outputs {@code [H]}: h_t and (LSTM) c_t. */
    final double[] hNew, cNew;
    /**
     * The cell's record of this step, {@code recordWidth} values from {@code recordOffset}: written by
     * forward, read by backward. Every cell starts it with its G·H pre-activations (the arguments of the
     * gate and candidate activations), in gate-column order.
     */
    double[] record;
    int recordOffset;

    /** Backward inputs {@code [H]}: dL/dh_t and dL/dc_t. */
    final double[] dhNew, dcNew;
    /** Backward outputs, zeroed by the loop before each step: dL/dx [C], dL/dhRec [H], dL/dc_{t-1} [H]. */
    final double[] dx, dhRec, dcPrev;
    /** {@code [H]}: dL/dh_{t-1} through paths that do not pass the recurrent dropout (GRU's z·h_{t-1}). */
    final double[] dhPrev;
    /** Weight gradients in Keras layout; backward accumulates into them. */
    RefBuffer dKernel, dRecurrentKernel, dBias;

    /** Scratch for the cells: {@code [G·H]} gate gradients and two {@code [H]} vectors. */
    final double[] dPre, tmp, dTmp;

    CellStep(RnnSpec spec, RefBuffer kernel, RefBuffer recurrentKernel, RefBuffer bias) {
        this.spec = spec;
        this.inputs = spec.inputSize();
        this.units = spec.units();
        this.cols = spec.gateColumns();
        this.kernel = kernel;
        this.recurrentKernel = recurrentKernel;
        this.bias = bias;
        int h = units;
        x = new double[inputs];
        hRec = new double[h];
        hPrev = new double[h];
        cPrev = new double[h];
        hNew = new double[h];
        cNew = new double[h];
        dhNew = new double[h];
        dcNew = new double[h];
        dx = new double[inputs];
        dhRec = new double[h];
        dcPrev = new double[h];
        dhPrev = new double[h];
        dPre = new double[cols];
        tmp = new double[h];
        dTmp = new double[h];
    }

    /** Σ_c x[c]·W[c, col]. */
    double inputDot(int col) {
        double s = 0;
        for (int c = 0; c < inputs; c++) s += x[c] * kernel.get(c * cols + col);
        return s;
    }

    /** Σ_k h[k]·U[k, col] for an {@code [H]} vector h. */
    double recurrentDot(double[] h, int col) {
        double s = 0;
        for (int k = 0; k < units; k++) s += h[k] * recurrentKernel.get(k * cols + col);
        return s;
    }

    /** Backward of {@link #inputDot} given g = dL/d(that dot): dW[:, col] += x·g, dx += W[:, col]·g. */
    void backInput(int col, double g) {
        for (int c = 0; c < inputs; c++) {
            int i = c * cols + col;
            dKernel.put(i, dKernel.get(i) + x[c] * g);
            dx[c] += kernel.get(i) * g;
        }
    }

    /** Backward of {@link #recurrentDot}: dU[:, col] += h·g, dh += U[:, col]·g. */
    void backRecurrent(double[] h, int col, double g, double[] dh) {
        for (int k = 0; k < units; k++) {
            int i = k * cols + col;
            dRecurrentKernel.put(i, dRecurrentKernel.get(i) + h[k] * g);
            dh[k] += recurrentKernel.get(i) * g;
        }
    }

    /** dBias[i] += g; i indexes the whole bias buffer (GRU reset_after: {@code cols + j} is recurrent bias j). */
    void backBias(int i, double g) {
        dBias.put(i, dBias.get(i) + g);
    }
}

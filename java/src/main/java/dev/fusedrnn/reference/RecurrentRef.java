package dev.fusedrnn.reference;

import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

import java.util.Arrays;

/**
 * The whole-sequence time loop shared by the reference cells: go_backwards, Keras masking, dropout masks
 * and the tape. Each cell's step math is in {@link SimpleRnnRef}, {@link LstmRef}, {@link GruRef}.
 *
 * <p>Processing step s reads input time t = s (or T-1-s under goBackwards); output step s is in that
 * processing order. At a step masked for sample n the state is carried unchanged and the output repeats
 * the previous output (zero before the first valid step), or is zero with zeroOutputForMask. Dropout
 * keep-masks are constants: {@code inputDropout [N, C]} multiplies x_t at every step, {@code recurrentDropout
 * [N, H]} multiplies h_{t-1} where it enters the recurrent product.
 */
final class RecurrentRef {
    private RecurrentRef() { }

    /**
     * What backward needs beyond the call's inputs: the state entering every step and each valid step's
     * cell record. Backward reads x, mask, weights and dropout masks again from the same buffers, which
     * must be unchanged since the forward pass.
     */
    static final class Tape implements RnnTape {
        final RnnSpec spec;
        final int batch, time, width;
        /** {@code [T+1, N, H]}: h (and c, LSTM only) before processing step s; index T holds the final state. */
        final double[] h, c;
        /** {@code [T, N, width]}: the cell's record of step s for sample n (untouched at masked steps). */
        final double[] record;
        boolean closed;

        Tape(RnnSpec spec, int batch, int time, int width) {
            this.spec = spec;
            this.batch = batch;
            this.time = time;
            this.width = width;
            long largest = Math.max((long) time * batch * width, ((long) time + 1) * batch * spec.units());
            if (largest > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(spec.cell().kerasName() + ": the reference tape for N=" + batch + ", T="
                        + time + " needs an array of " + largest + " values, more than Java allows (2^31 - 9);"
                        + " use a smaller batch or shorter sequences");
            }
            int nh = batch * spec.units();
            h = new double[(time + 1) * nh];
            c = spec.cell() == CellType.LSTM ? new double[(time + 1) * nh] : null;
            record = new double[time * batch * width];
        }

        /** Pre-activation j (0 ≤ j < G·H, the argument of gate j/H's activation) of step s, sample n. */
        double preActivation(int s, int n, int j) { return record[(s * batch + n) * width + j]; }

        @Override
        public void close() { closed = true; }
    }

    static int recordWidth(RnnSpec spec) {
        switch (spec.cell()) {
            case SIMPLE_RNN: return SimpleRnnRef.recordWidth(spec.units());
            case LSTM: return LstmRef.recordWidth(spec.units());
            default: return GruRef.recordWidth(spec.units(), spec.resetAfter());
        }
    }

    static RnnTape forward(RnnSpec spec, RnnBuffers b, boolean forTraining) {
        RecurrentChecks.forward(spec, b);
        int n = b.batch, time = b.time, units = spec.units(), width = recordWidth(spec);
        boolean lstm = spec.cell() == CellType.LSTM;
        RefBuffer x = RefBuffer.of(b.x), mask = RefBuffer.of(b.mask), out = RefBuffer.of(b.output);
        RefBuffer inDrop = RefBuffer.of(b.inputDropout), recDrop = RefBuffer.of(b.recurrentDropout);
        CellStep st = new CellStep(spec, RefBuffer.of(b.kernel), RefBuffer.of(b.recurrentKernel), RefBuffer.of(b.bias));
        Tape tape = forTraining ? new Tape(spec, n, time, width) : null;
        st.record = tape != null ? tape.record : new double[width];   // inference: one scratch record
        st.recordOffset = 0;

        // Running state [N, H] and the previous output of each sample, for repeats at masked steps.
        double[] h = initialState(RefBuffer.of(b.h0), n * units);
        double[] c = lstm ? initialState(RefBuffer.of(b.c0), n * units) : null;
        double[] prevOut = new double[n * units];
        double[] zeros = new double[units];
        for (int s = 0; s < time; s++) {
            int t = spec.goBackwards() ? time - 1 - s : s;
            if (tape != null) saveState(tape, s, h, c);
            for (int i = 0; i < n; i++) {
                int row = i * units;
                if (mask == null || mask.get(i * time + t) != 0) {
                    loadStep(st, x, inDrop, recDrop, h, c, i, t, time);
                    if (tape != null) st.recordOffset = (s * n + i) * width;
                    stepForward(st);
                    System.arraycopy(st.hNew, 0, h, row, units);
                    if (lstm) System.arraycopy(st.cNew, 0, c, row, units);
                    System.arraycopy(st.hNew, 0, prevOut, row, units);
                    writeOutput(spec, out, st.hNew, 0, i, s, time);
                } else if (spec.zeroOutputForMask()) {
                    writeOutput(spec, out, zeros, 0, i, s, time);
                } else {
                    writeOutput(spec, out, prevOut, row, i, s, time);
                }
            }
        }
        if (tape != null) saveState(tape, time, h, c);
        if (b.hLast != null) b.hLast.write(0, h, 0, h.length);
        if (b.cLast != null) b.cLast.write(0, c, 0, c.length);
        return tape;
    }

    static void backward(RnnSpec spec, RnnBuffers b, RnnTape rnnTape, RnnGrads g) {
        Tape tape = RecurrentChecks.backward(spec, b, rnnTape, g);
        int n = b.batch, time = b.time, units = spec.units(), inputs = spec.inputSize();
        boolean lstm = spec.cell() == CellType.LSTM;
        RefBuffer x = RefBuffer.of(b.x), mask = RefBuffer.of(b.mask), dOut = RefBuffer.of(g.dOutput);
        RefBuffer inDrop = RefBuffer.of(b.inputDropout), recDrop = RefBuffer.of(b.recurrentDropout);
        RefBuffer dx = RefBuffer.of(g.dx);
        CellStep st = new CellStep(spec, RefBuffer.of(b.kernel), RefBuffer.of(b.recurrentKernel), RefBuffer.of(b.bias));
        st.dKernel = RefBuffer.of(g.dKernel);
        st.dRecurrentKernel = RefBuffer.of(g.dRecurrentKernel);
        st.dBias = RefBuffer.of(g.dBias);
        st.dKernel.fill(0);
        st.dRecurrentKernel.fill(0);
        st.dBias.fill(0);
        st.record = tape.record;

        // dL/d(state after step s) [N, H], starting from the upstream gradients of the final states, and
        // the gradient that masked steps' repeated outputs send back to the step that produced them.
        double[] dh = initialState(RefBuffer.of(g.dhLast), n * units);
        double[] dc = lstm ? initialState(RefBuffer.of(g.dcLast), n * units) : null;
        double[] dRepeat = new double[n * units];
        double[] h = new double[n * units], c = lstm ? new double[n * units] : null;
        double[] dOutStep = new double[units];
        for (int s = time - 1; s >= 0; s--) {
            int t = spec.goBackwards() ? time - 1 - s : s;
            System.arraycopy(tape.h, s * n * units, h, 0, n * units);
            if (lstm) System.arraycopy(tape.c, s * n * units, c, 0, n * units);
            for (int i = 0; i < n; i++) {
                int row = i * units;
                for (int k = 0; k < units; k++) {
                    double up = spec.returnSequences() ? dOut.get((i * time + s) * units + k)
                            : s == time - 1 ? dOut.get(row + k) : 0;
                    dOutStep[k] = up + dRepeat[row + k];
                }
                if (mask != null && mask.get(i * time + t) == 0) {
                    // Carried state: dh and dc pass through. A repeated output sends its gradient on to
                    // the previous output; a zero output sends none. x_t was not read.
                    if (!spec.zeroOutputForMask()) System.arraycopy(dOutStep, 0, dRepeat, row, units);
                    if (dx != null) for (int k = 0; k < inputs; k++) dx.put((i * time + t) * inputs + k, 0);
                    continue;
                }
                loadStep(st, x, inDrop, recDrop, h, c, i, t, time);
                st.recordOffset = (s * n + i) * tape.width;
                for (int k = 0; k < units; k++) {
                    st.dhNew[k] = dh[row + k] + dOutStep[k];
                    st.dcNew[k] = lstm ? dc[row + k] : 0;
                    st.dhRec[k] = 0;
                    st.dhPrev[k] = 0;
                    st.dcPrev[k] = 0;
                    dRepeat[row + k] = 0;
                }
                Arrays.fill(st.dx, 0);
                stepBackward(st);
                for (int k = 0; k < units; k++) {
                    double keep = recDrop == null ? 1 : recDrop.get(row + k);
                    dh[row + k] = st.dhPrev[k] + st.dhRec[k] * keep;
                    if (lstm) dc[row + k] = st.dcPrev[k];
                }
                if (dx != null) {
                    for (int k = 0; k < inputs; k++) {
                        double keep = inDrop == null ? 1 : inDrop.get(i * inputs + k);
                        dx.put((i * time + t) * inputs + k, st.dx[k] * keep);
                    }
                }
            }
        }
        // What is left in dRepeat belongs to outputs before the first valid step: constant zeros.
        if (g.dh0 != null) g.dh0.write(0, dh, 0, dh.length);
        if (g.dc0 != null) g.dc0.write(0, dc, 0, dc.length);
    }

    private static void stepForward(CellStep st) {
        switch (st.spec.cell()) {
            case SIMPLE_RNN: SimpleRnnRef.forward(st); break;
            case LSTM: LstmRef.forward(st); break;
            default: GruRef.forward(st);
        }
    }

    private static void stepBackward(CellStep st) {
        switch (st.spec.cell()) {
            case SIMPLE_RNN: SimpleRnnRef.backward(st); break;
            case LSTM: LstmRef.backward(st); break;
            default: GruRef.backward(st);
        }
    }

    /** Fills the step's inputs for sample i at input time t from x [N, T, C] and the states h, c [N, H]. */
    private static void loadStep(CellStep st, RefBuffer x, RefBuffer inDrop, RefBuffer recDrop,
                                 double[] h, double[] c, int i, int t, int time) {
        int inputs = st.inputs, units = st.units;
        for (int k = 0; k < inputs; k++) {
            double keep = inDrop == null ? 1 : inDrop.get(i * inputs + k);
            st.x[k] = x.get((i * time + t) * inputs + k) * keep;
        }
        for (int k = 0; k < units; k++) {
            double hk = h[i * units + k];
            st.hPrev[k] = hk;
            st.hRec[k] = recDrop == null ? hk : hk * recDrop.get(i * units + k);
            st.cPrev[k] = c == null ? 0 : c[i * units + k];
        }
    }

    /** Writes sample i's output of step s: into [N, T, H] with returnSequences, else [N, H] at the last step. */
    private static void writeOutput(RnnSpec spec, RefBuffer out, double[] v, int from, int i, int s, int time) {
        int units = spec.units();
        if (spec.returnSequences()) {
            out.write((long) (i * time + s) * units, v, from, units);
        } else if (s == time - 1) {
            out.write((long) i * units, v, from, units);
        }
    }

    private static double[] initialState(RefBuffer given, int length) {
        double[] v = new double[length];
        if (given != null) given.read(0, v, 0, length);
        return v;
    }

    private static void saveState(Tape tape, int s, double[] h, double[] c) {
        System.arraycopy(h, 0, tape.h, s * h.length, h.length);
        if (c != null) System.arraycopy(c, 0, tape.c, s * c.length, c.length);
    }
}

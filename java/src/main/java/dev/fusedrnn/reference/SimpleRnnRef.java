package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;

/**
 * SimpleRNN step math (Keras): {@code h_t = act(x_t W + h_{t-1} U + b)}, act tanh or relu, G = 1.
 * The time loop, masking and dropout are in {@link RecurrentRef}; x and hRec arrive already dropped.
 */
final class SimpleRnnRef {
    private SimpleRnnRef() { }

    /** Record per step: {@code [pre H | h_t H]}. */
    static int recordWidth(int units) { return 2 * units; }

    static void forward(CellStep st) {
        int h = st.units;
        Activation act = st.spec.activation();
        double[] rec = st.record;
        int r0 = st.recordOffset;
        for (int k = 0; k < h; k++) {
            double pre = st.bias.get(k) + st.inputDot(k) + st.recurrentDot(st.hRec, k);
            double y = act.apply(pre);
            rec[r0 + k] = pre;
            rec[r0 + h + k] = y;
            st.hNew[k] = y;
        }
    }

    static void backward(CellStep st) {
        int h = st.units;
        Activation act = st.spec.activation();
        double[] rec = st.record;
        int r0 = st.recordOffset;
        for (int k = 0; k < h; k++) {
            double pre = rec[r0 + k], y = rec[r0 + h + k];
            double g = st.dhNew[k] * act.derivative(pre, y);
            st.backBias(k, g);
            st.backInput(k, g);
            st.backRecurrent(st.hRec, k, g, st.dhRec);
        }
    }
}

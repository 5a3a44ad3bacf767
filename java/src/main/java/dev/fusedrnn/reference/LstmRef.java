package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;

/**
 * LSTM step math (Keras, gate order i, f, c, o; G = 4; σ = recurrent activation, act = tanh):
 * <pre>
 *   i = σ(x W_i + h U_i + b_i)    f = σ(x W_f + h U_f + b_f)
 *   g = act(x W_c + h U_c + b_c)  o = σ(x W_o + h U_o + b_o)
 *   c_t = f·c_{t-1} + i·g         h_t = o·act(c_t)
 * </pre>
 * where h is hRec (h_{t-1} after recurrent dropout) and c_{t-1} is never dropped. The time loop,
 * masking and dropout are in {@link RecurrentRef}.
 */
final class LstmRef {
    private LstmRef() { }

    /** Record per step: {@code [pre 4H | i f g o 4H]}, the gates before and after their activation. */
    static int recordWidth(int units) { return 8 * units; }

    static void forward(CellStep st) {
        int h = st.units;
        Activation gate = st.spec.recurrentActivation(), act = st.spec.activation();
        double[] rec = st.record;
        int r0 = st.recordOffset, a0 = r0 + 4 * h;
        for (int j = 0; j < 4 * h; j++) {
            double pre = st.bias.get(j) + st.inputDot(j) + st.recurrentDot(st.hRec, j);
            rec[r0 + j] = pre;
            rec[a0 + j] = (j >= 2 * h && j < 3 * h) ? act.apply(pre) : gate.apply(pre);
        }
        for (int k = 0; k < h; k++) {
            double i = rec[a0 + k], f = rec[a0 + h + k], g = rec[a0 + 2 * h + k], o = rec[a0 + 3 * h + k];
            double c = f * st.cPrev[k] + i * g;
            st.cNew[k] = c;
            st.hNew[k] = o * act.apply(c);
        }
    }

    static void backward(CellStep st) {
        int h = st.units;
        Activation gate = st.spec.recurrentActivation(), act = st.spec.activation();
        double[] rec = st.record, dPre = st.dPre;
        int r0 = st.recordOffset, a0 = r0 + 4 * h;
        for (int k = 0; k < h; k++) {
            double i = rec[a0 + k], f = rec[a0 + h + k], g = rec[a0 + 2 * h + k], o = rec[a0 + 3 * h + k];
            // c_t recomputed with the forward's very expression, so it is bit-identical.
            double c = f * st.cPrev[k] + i * g;
            double tc = act.apply(c);
            double dc = st.dcNew[k] + st.dhNew[k] * o * act.derivative(c, tc);
            dPre[k] = dc * g * gate.derivative(rec[r0 + k], i);
            dPre[h + k] = dc * st.cPrev[k] * gate.derivative(rec[r0 + h + k], f);
            dPre[2 * h + k] = dc * i * act.derivative(rec[r0 + 2 * h + k], g);
            dPre[3 * h + k] = st.dhNew[k] * tc * gate.derivative(rec[r0 + 3 * h + k], o);
            st.dcPrev[k] = dc * f;
        }
        for (int j = 0; j < 4 * h; j++) {
            st.backBias(j, dPre[j]);
            st.backInput(j, dPre[j]);
            st.backRecurrent(st.hRec, j, dPre[j], st.dhRec);
        }
    }
}

package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;

/**
 * GRU step math (Keras, gate order z, r, h; G = 3; σ = recurrent activation, act = tanh). With
 * reset_after (Keras default; bias {@code [2, 3H]}: input row b, recurrent row rb):
 * <pre>
 *   z = σ(x W_z + b_z + h U_z + rb_z)     r = σ(x W_r + b_r + h U_r + rb_r)
 *   hh = act(x W_h + b_h + r·(h U_h + rb_h))
 * </pre>
 * without (bias {@code [3H]}): {@code z, r} as above with one bias, {@code hh = act(x W_h + (r·h) U_h + b_h)};
 * then in both {@code h_t = z·h_{t-1} + (1 - z)·hh}.
 *
 * <p>Dropout: h above is hRec (h_{t-1} after recurrent dropout), but the update {@code z·h_{t-1}} uses the
 * undropped h_{t-1}: in Keras 3's GRUCell.call the dropped copies ({@code h_tm1 * rec_dp_mask}) only feed
 * the recurrent matmuls (and, without reset_after, the product {@code r * h_tm1_h}), while the new state
 * is {@code z * h_tm1 + (1 - z) * hh} with the state as carried. The time loop is in {@link RecurrentRef}.
 */
final class GruRef {
    private GruRef() { }

    /**
     * Record per step: {@code [pre 3H | z r hh 3H]}, plus with reset_after {@code [hu H]} where
     * {@code hu = h U_h + rb_h}, the recurrent part of the candidate before the reset gate.
     */
    static int recordWidth(int units, boolean resetAfter) { return (resetAfter ? 7 : 6) * units; }

    static void forward(CellStep st) {
        int h = st.units, cols = st.cols;
        boolean resetAfter = st.spec.resetAfter();
        Activation gate = st.spec.recurrentActivation(), act = st.spec.activation();
        double[] rec = st.record;
        int r0 = st.recordOffset, a0 = r0 + 3 * h, u0 = r0 + 6 * h;
        for (int j = 0; j < 2 * h; j++) {
            double b = resetAfter ? st.bias.get(j) + st.bias.get(cols + j) : st.bias.get(j);
            double pre = b + st.inputDot(j) + st.recurrentDot(st.hRec, j);
            rec[r0 + j] = pre;
            rec[a0 + j] = gate.apply(pre);
        }
        if (!resetAfter) {
            for (int k = 0; k < h; k++) st.tmp[k] = rec[a0 + h + k] * st.hRec[k];   // r·h
        }
        for (int k = 0; k < h; k++) {
            int j = 2 * h + k;
            double r = rec[a0 + h + k], pre;
            if (resetAfter) {
                double hu = st.bias.get(cols + j) + st.recurrentDot(st.hRec, j);
                rec[u0 + k] = hu;
                pre = st.bias.get(j) + st.inputDot(j) + r * hu;
            } else {
                pre = st.bias.get(j) + st.inputDot(j) + st.recurrentDot(st.tmp, j);
            }
            double hh = act.apply(pre);
            rec[r0 + j] = pre;
            rec[a0 + j] = hh;
            double z = rec[a0 + k];
            st.hNew[k] = z * st.hPrev[k] + (1 - z) * hh;
        }
    }

    static void backward(CellStep st) {
        int h = st.units, cols = st.cols;
        boolean resetAfter = st.spec.resetAfter();
        Activation gate = st.spec.recurrentActivation(), act = st.spec.activation();
        double[] rec = st.record, dPre = st.dPre;
        int r0 = st.recordOffset, a0 = r0 + 3 * h, u0 = r0 + 6 * h;
        for (int k = 0; k < h; k++) {
            double z = rec[a0 + k], hh = rec[a0 + 2 * h + k], dh = st.dhNew[k];
            dPre[k] = dh * (st.hPrev[k] - hh) * gate.derivative(rec[r0 + k], z);
            dPre[2 * h + k] = dh * (1 - z) * act.derivative(rec[r0 + 2 * h + k], hh);
            st.dhPrev[k] = dh * z;
        }
        if (resetAfter) {
            for (int k = 0; k < h; k++) {
                double r = rec[a0 + h + k];
                dPre[h + k] = dPre[2 * h + k] * rec[u0 + k] * gate.derivative(rec[r0 + h + k], r);
            }
            for (int j = 0; j < 3 * h; j++) {
                st.backBias(j, dPre[j]);
                st.backInput(j, dPre[j]);
                // The candidate's recurrent part enters as r·hu: its gradient is scaled by r.
                double g = j < 2 * h ? dPre[j] : dPre[j] * rec[a0 + h + (j - 2 * h)];
                st.backBias(cols + j, g);
                st.backRecurrent(st.hRec, j, g, st.dhRec);
            }
            return;
        }
        // Without reset_after the candidate reads (r·h) U_h: first the gradient of r·h, then of r and h.
        for (int k = 0; k < h; k++) {
            st.tmp[k] = rec[a0 + h + k] * st.hRec[k];
            st.dTmp[k] = 0;
        }
        for (int j = 2 * h; j < 3 * h; j++) {
            st.backBias(j, dPre[j]);
            st.backInput(j, dPre[j]);
            st.backRecurrent(st.tmp, j, dPre[j], st.dTmp);
        }
        for (int k = 0; k < h; k++) {
            double r = rec[a0 + h + k];
            dPre[h + k] = st.dTmp[k] * st.hRec[k] * gate.derivative(rec[r0 + h + k], r);
            st.dhRec[k] += st.dTmp[k] * r;
        }
        for (int j = 0; j < 2 * h; j++) {
            st.backBias(j, dPre[j]);
            st.backInput(j, dPre[j]);
            st.backRecurrent(st.hRec, j, dPre[j], st.dhRec);
        }
    }
}

// LSTM on the CPU: one step forward and backward for a thread's unit blocks; the sequence loop,
// masking and the whole-sequence GEMMs are in core/rnn_cpu.cpp, the math in lstm.h.
#include "core/rnn_cpu.h"
#include "lstm/lstm.h"

namespace frnn {

// rec = h_rec U for the four gates of these units, then the gates, c_t and h_t of every valid row.
void lstm_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, GH = q.GH, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    step_product(q, q.h_rec(s), H, H, q.packed, lstm::kGates, 0, lstm::kGates, b0, b1, q.rec, GH);
    const float* bias = q.t->bias;
    for (int64_t n = 0; n < q.N; n++) {
        if (!q.valid(n, s)) continue;
        float* pre = q.pre.at(s) + n * GH;  // holds x W on entry
        float* act = q.act_v.at(s) + n * GH;
        const float* rec = q.rec + n * GH;
        const float* c0 = q.c.at(s) + n * H;
        float* c1 = q.c.at(s + 1) + n * H;
        float* h1 = q.h.at(s + 1) + n * H;
        for (int64_t k = u0; k < u1; k++) {
            float p[4], a[4];
            for (int g = 0; g < 4; g++) {
                const int64_t j = g * H + k;
                p[g] = pre[j] + rec[j] + bias[j];
                pre[j] = p[g];
            }
            lstm::forward_point(q.ract, q.act, p, c0[k], a, &c1[k], &h1[k]);
            for (int g = 0; g < 4; g++) act[g * H + k] = a[g];
        }
    }
}

// The gates' pre-activation gradients and dc_{t-1}; dh_{t-1} comes only through the recurrent product.
void lstm_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, GH = q.GH, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    for (int64_t n = 0; n < q.N; n++) {
        if (!q.valid(n, s)) continue;
        const float* pre = q.pre.at(s) + n * GH;
        const float* act = q.act_v.at(s) + n * GH;
        const float* c0 = q.c.at(s) + n * H;
        float* dpre = gr.dpre + (s * q.N + n) * GH;
        float* dh = gr.dh + n * H;
        float* dc = gr.dc + n * H;
        for (int64_t k = u0; k < u1; k++) {
            float p[4], a[4], d[4];
            for (int g = 0; g < 4; g++) {
                p[g] = pre[g * H + k];
                a[g] = act[g * H + k];
            }
            dc[k] = lstm::backward_point(q.ract, q.act, p, a, c0[k], dh[k], dc[k], d);
            dh[k] = 0.0f;
            for (int g = 0; g < 4; g++) dpre[g * H + k] = d[g];
        }
    }
}

}  // namespace frnn

// SimpleRNN on the CPU: one step forward and backward for a thread's unit blocks; the sequence loop,
// masking and the whole-sequence GEMMs are in core/rnn_cpu.cpp, the math in simple_rnn.h.
#include "core/rnn_cpu.h"
#include "simple_rnn/simple_rnn.h"

namespace frnn {

// rec = h_rec U for these units, then h_t = act(xW + rec + b) for every valid row.
void simple_rnn_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    step_product(q, q.h_rec(s), H, H, q.packed, 1, 0, 1, b0, b1, q.rec, H);
    const float* bias = q.t->bias;
    for (int64_t n = 0; n < q.N; n++) {
        if (!q.valid(n, s)) continue;
        float* pre = q.pre.at(s) + n * H;  // holds x W on entry
        float* act = q.act_v.at(s) + n * H;
        float* h1 = q.h.at(s + 1) + n * H;
        const float* rec = q.rec + n * H;
        for (int64_t k = u0; k < u1; k++) {
            simple_rnn::forward_point(q.act, pre[k], rec[k], bias[k], &pre[k], &h1[k]);
            act[k] = h1[k];
        }
    }
}

// dpre = dh act'(pre); nothing passes to h_{t-1} except through the recurrent product.
void simple_rnn_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    for (int64_t n = 0; n < q.N; n++) {
        if (!q.valid(n, s)) continue;
        const float* pre = q.pre.at(s) + n * H;
        const float* act = q.act_v.at(s) + n * H;
        float* dpre = gr.dpre + (s * q.N + n) * H;
        float* dh = gr.dh + n * H;
        for (int64_t k = u0; k < u1; k++) {
            dpre[k] = simple_rnn::backward_point(q.act, pre[k], act[k], dh[k]);
            dh[k] = 0.0f;
        }
    }
}

}  // namespace frnn

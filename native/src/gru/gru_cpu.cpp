// GRU on the CPU (reset_after true and false): one step forward and backward for a thread's unit
// blocks; the sequence loop, masking and the whole-sequence GEMMs are in core/rnn_cpu.cpp, the math in
// gru.h. Without reset_after the candidate's product reads r h_rec, which needs every unit's r: that
// step runs two products with a barrier between them.
#include "core/rnn_cpu.h"
#include "gru/gru.h"

namespace frnn {
namespace {

// h_{t-1} times the recurrent dropout mask, one element (backward reads the undropped tape state).
inline float h_rec_at(const Seq& q, int64_t s, int64_t n, int64_t k) {
    const float h = q.h.at(s)[n * q.H + k];
    return q.t->recurrent_dropout != nullptr ? h * q.t->recurrent_dropout[n * q.H + k] : h;
}

}  // namespace

void gru_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, GH = q.GH, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    const float* bias = q.t->bias;  // [3H], or [2, 3H] with reset_after (input row, recurrent row)
    const float* h_rec = q.h_rec(s);
    step_product(q, h_rec, H, H, q.packed, gru::kGates, 0, q.reset_after ? 3 : 2, b0, b1, q.rec, GH);
    for (int64_t n = 0; n < q.N; n++) {
        float* pre = q.pre.at(s) + n * GH;  // holds x W on entry
        float* act = q.act_v.at(s) + n * GH;
        float* aux = q.aux.at(s) + n * H;
        const float* rec = q.rec + n * GH;
        if (!q.valid(n, s)) {
            // rh of a masked row enters the candidate product and dU: keep it finite (zero).
            if (!q.reset_after)
                for (int64_t k = u0; k < u1; k++) aux[k] = 0.0f;
            continue;
        }
        const float* h0 = q.h.at(s) + n * H;
        float* h1 = q.h.at(s + 1) + n * H;
        for (int64_t k = u0; k < u1; k++) {
            const int64_t jz = k, jr = H + k, jh = 2 * H + k;
            const float bz = q.reset_after ? bias[jz] + bias[GH + jz] : bias[jz];
            const float br = q.reset_after ? bias[jr] + bias[GH + jr] : bias[jr];
            pre[jz] = pre[jz] + rec[jz] + bz;
            pre[jr] = pre[jr] + rec[jr] + br;
            gru::gates_forward(q.ract, pre[jz], pre[jr], &act[jz], &act[jr]);
            if (q.reset_after) {
                aux[k] = rec[jh] + bias[GH + jh];  // hu
                pre[jh] = gru::candidate_pre_reset_after(pre[jh], bias[jh], act[jr], aux[k]);
                gru::state_forward(q.act, pre[jh], act[jz], h0[k], &act[jh], &h1[k]);
            } else {
                aux[k] = act[jr] * h_rec[n * H + k];  // rh
            }
        }
    }
    if (q.reset_after) return;
    q.pool->barrier();  // rh complete for every unit
    step_product(q, q.aux.at(s), H, H, q.packed, gru::kGates, 2, 3, b0, b1, q.rec, GH);
    for (int64_t n = 0; n < q.N; n++) {
        if (!q.valid(n, s)) continue;
        float* pre = q.pre.at(s) + n * GH;
        float* act = q.act_v.at(s) + n * GH;
        const float* rec = q.rec + n * GH;
        const float* h0 = q.h.at(s) + n * H;
        float* h1 = q.h.at(s + 1) + n * H;
        for (int64_t k = u0; k < u1; k++) {
            const int64_t jh = 2 * H + k;
            pre[jh] = pre[jh] + rec[jh] + bias[jh];
            gru::state_forward(q.act, pre[jh], act[k], h0[k], &act[jh], &h1[k]);
        }
    }
}

void gru_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, GH = q.GH, N = q.N, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    float* dpre_s = gr.dpre + s * N * GH;
    float* drec_s = gr.drec + s * N * GH;
    for (int64_t n = 0; n < N; n++) {
        if (!q.valid(n, s)) continue;
        const float* pre = q.pre.at(s) + n * GH;
        const float* act = q.act_v.at(s) + n * GH;
        const float* aux = q.aux.at(s) + n * H;
        const float* h0 = q.h.at(s) + n * H;
        float* dpre = dpre_s + n * GH;
        float* drec = drec_s + n * GH;
        float* dh = gr.dh + n * H;
        for (int64_t k = u0; k < u1; k++) {
            const int64_t jz = k, jr = H + k, jh = 2 * H + k;
            dh[k] = gru::state_backward(q.ract, q.act, pre[jz], act[jz], pre[jh], act[jh], h0[k], dh[k], &dpre[jz],
                                        &dpre[jh]);
            if (q.reset_after) {
                dpre[jr] = gru::reset_backward_after(q.ract, pre[jr], act[jr], aux[k], dpre[jh], &drec[jh]);
                drec[jz] = dpre[jz];
                drec[jr] = dpre[jr];
            }
        }
    }
    if (q.reset_after) return;  // the driver adds drec(s) U^T to dh

    // Without reset_after: d(rh) = dpre_h U_h^T, then dpre_r, then dh_rec = dpre_zr U_zr^T + d(rh) r.
    q.pool->barrier();  // dpre_h complete for every unit
    const float* packed_h = q.packed;                          // U_h^T panels, k = H
    const float* packed_zr = q.packed + q.blocks() * q.ki.nr * H;  // U_zr^T panels, k = 2H
    step_product(q, dpre_s + 2 * H, GH, H, packed_h, 1, 0, 1, b0, b1, gr.scratch, H);
    for (int64_t n = 0; n < N; n++) {
        const bool valid = q.valid(n, s);
        const float* pre = q.pre.at(s) + n * GH;
        const float* act = q.act_v.at(s) + n * GH;
        float* dpre = dpre_s + n * GH;
        for (int64_t k = u0; k < u1; k++) {
            float dh_rec = 0.0f;
            if (valid)
                dpre[H + k] = gru::reset_backward_before(q.ract, pre[H + k], act[H + k], h_rec_at(q, s, n, k),
                                                         gr.scratch[n * H + k], &dh_rec);
            gr.scratch2[n * H + k] = dh_rec;
        }
    }
    q.pool->barrier();  // dpre_r complete for every unit
    step_product(q, dpre_s, GH, 2 * H, packed_zr, 1, 0, 1, b0, b1, q.rec, H);
    for (int64_t n = 0; n < N; n++) {
        const float* keep = q.t->recurrent_dropout != nullptr ? q.t->recurrent_dropout + n * H : nullptr;
        for (int64_t k = u0; k < u1; k++) {
            const float d = q.rec[n * H + k] + gr.scratch2[n * H + k];
            gr.dh[n * H + k] += keep != nullptr ? d * keep[k] : d;
        }
    }
}

}  // namespace frnn

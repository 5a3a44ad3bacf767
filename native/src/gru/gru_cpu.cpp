// GRU on the CPU (reset_after true and false): one step forward and backward for a thread's unit
// blocks; the sequence loop, masking and the whole-sequence GEMMs are in core/rnn_cpu.cpp, the math in
// gru.h (its row loops run on the ISA path's vector policy). Without reset_after the candidate's product
// reads r h_rec, which needs every unit's r: that step runs two products with a barrier between them.
#include "core/rnn_cpu.h"
#include "gru/gru.h"

namespace frnn {
namespace {

const gru::RowFns& rows(Isa isa) {
    static constexpr gru::RowFns kScalar = gru::row_fns<ScalarPolicy>();
    return isa == Isa::kAvx512 ? gru::kRowsAvx512 : isa == Isa::kAvx2 ? gru::kRowsAvx2 : kScalar;
}

}  // namespace

void gru_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, GH = q.GH, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    const gru::RowFns& f = rows(q.isa);
    const float* bias = q.t->bias;  // [3H], or [2, 3H] with reset_after (input row, recurrent row)
    const float* h_rec = q.h_rec(s);
    for_row_blocks(q, [&](int64_t n0, int64_t n1) {
        step_product(q, h_rec, H, H, q.packed, gru::kGates, 0, q.reset_after ? 3 : 2, b0, b1, q.rec, GH, n0, n1);
        for (int64_t n = n0; n < n1; n++) {
            float* pre = q.pre.at(s) + n * GH;  // holds x W on entry
            float* act = q.act_v.at(s) + n * GH;
            float* aux = q.aux.at(s) + n * H;
            if (!q.valid(n, s)) {
                // rh of a masked row enters the candidate product and dU: keep it finite (zero).
                if (!q.reset_after)
                    for (int64_t k = u0; k < u1; k++) aux[k] = 0.0f;
                continue;
            }
            if (q.reset_after)
                f.forward_after(q.ract, q.act, H, u0, u1, pre, q.rec + n * GH, bias, act, aux, q.h.at(s) + n * H,
                                q.h.at(s + 1) + n * H);
            else
                f.forward_gates(q.ract, H, u0, u1, pre, q.rec + n * GH, bias, act, aux, h_rec + n * H);
        }
    });
    if (q.reset_after) return;
    q.pool->barrier();  // rh complete for every unit
    for_row_blocks(q, [&](int64_t n0, int64_t n1) {
        step_product(q, q.aux.at(s), H, H, q.packed, gru::kGates, 2, 3, b0, b1, q.rec, GH, n0, n1);
        for (int64_t n = n0; n < n1; n++) {
            if (!q.valid(n, s)) continue;
            f.forward_candidate(q.act, H, u0, u1, q.pre.at(s) + n * GH, q.rec + n * GH, bias,
                                q.act_v.at(s) + n * GH, q.h.at(s) + n * H, q.h.at(s + 1) + n * H);
        }
    });
}

void gru_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, GH = q.GH, N = q.N, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    const gru::RowFns& f = rows(q.isa);
    float* dpre_s = gr.dpre + s * N * GH;
    float* drec_s = gr.drec + s * N * GH;
    for (int64_t n = 0; n < N; n++) {
        if (!q.valid(n, s)) continue;
        f.backward_state(q.ract, q.act, q.reset_after, H, u0, u1, q.pre.at(s) + n * GH, q.act_v.at(s) + n * GH,
                         q.aux.at(s) + n * H, q.h.at(s) + n * H, gr.dh + n * H, dpre_s + n * GH, drec_s + n * GH);
    }
    if (q.reset_after) return;  // the driver adds drec(s) U^T to dh

    // Without reset_after: d(rh) = dpre_h U_h^T, then dpre_r, then dh_rec = dpre_zr U_zr^T + d(rh) r.
    q.pool->barrier();  // dpre_h complete for every unit
    const float* packed_h = q.packed;                              // U_h^T panels, k = H
    const float* packed_zr = q.packed + q.blocks() * q.ki.nr * H;  // U_zr^T panels, k = 2H
    step_product(q, dpre_s + 2 * H, GH, H, packed_h, 1, 0, 1, b0, b1, gr.scratch, H);
    const float* keep_all = q.t->recurrent_dropout;
    for (int64_t n = 0; n < N; n++) {
        float* dhx = gr.scratch2 + n * H;
        if (!q.valid(n, s)) {
            for (int64_t k = u0; k < u1; k++) dhx[k] = 0.0f;
            continue;
        }
        f.backward_reset(q.ract, H, u0, u1, q.pre.at(s) + n * GH, q.act_v.at(s) + n * GH, q.h.at(s) + n * H,
                         keep_all != nullptr ? keep_all + n * H : nullptr, gr.scratch + n * H, dpre_s + n * GH, dhx);
    }
    q.pool->barrier();  // dpre_r complete for every unit
    step_product(q, dpre_s, GH, 2 * H, packed_zr, 1, 0, 1, b0, b1, q.rec, H);
    for (int64_t n = 0; n < N; n++) {
        const float* keep = keep_all != nullptr ? keep_all + n * H : nullptr;
        for (int64_t k = u0; k < u1; k++) {
            const float d = q.rec[n * H + k] + gr.scratch2[n * H + k];
            gr.dh[n * H + k] += keep != nullptr ? d * keep[k] : d;
        }
    }
}

}  // namespace frnn

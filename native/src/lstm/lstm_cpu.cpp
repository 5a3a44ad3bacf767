// LSTM on the CPU: one step forward and backward for a thread's unit blocks; the sequence loop,
// masking and the whole-sequence GEMMs are in core/rnn_cpu.cpp, the math in lstm.h (its row loops run
// on the ISA path's vector policy).
#include "core/rnn_cpu.h"
#include "lstm/lstm.h"

namespace frnn {
namespace {

const lstm::RowFns& rows(Isa isa) {
    static constexpr lstm::RowFns kScalar = lstm::row_fns<ScalarPolicy>();
    return isa == Isa::kAvx512 ? lstm::kRowsAvx512 : isa == Isa::kAvx2 ? lstm::kRowsAvx2 : kScalar;
}

}  // namespace

// rec = h_rec U for the four gates of these units, then the gates, c_t and h_t of every valid row.
void lstm_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, GH = q.GH, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    const lstm::RowFns& f = rows(q.isa);
    for_row_blocks(q, [&](int64_t n0, int64_t n1) {
        step_product(q, q.h_rec(s), H, H, q.packed, lstm::kGates, 0, lstm::kGates, b0, b1, q.rec, GH, n0, n1);
        for (int64_t n = n0; n < n1; n++) {
            if (!q.valid(n, s)) continue;
            f.forward(q.ract, q.act, H, u0, u1, q.pre.at(s) + n * GH, q.rec + n * GH, q.t->bias,
                      q.act_v.at(s) + n * GH, q.c.at(s) + n * H, q.c.at(s + 1) + n * H, q.h.at(s + 1) + n * H);
        }
    });
}

// The gates' pre-activation gradients and dc_{t-1}; dh_{t-1} comes only through the recurrent product.
void lstm_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, GH = q.GH, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    const lstm::RowFns& f = rows(q.isa);
    for (int64_t n = 0; n < q.N; n++) {
        if (!q.valid(n, s)) continue;
        f.backward(q.ract, q.act, H, u0, u1, q.pre.at(s) + n * GH, q.act_v.at(s) + n * GH, q.c.at(s) + n * H,
                   gr.dh + n * H, gr.dc + n * H, gr.dpre + (s * q.N + n) * GH);
    }
}

}  // namespace frnn

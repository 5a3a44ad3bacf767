// SimpleRNN on the CPU: one step forward and backward for a thread's unit blocks; the sequence loop,
// masking and the whole-sequence GEMMs are in core/rnn_cpu.cpp, the math in simple_rnn.h (its row loops
// run on the ISA path's vector policy).
#include "core/rnn_cpu.h"
#include "simple_rnn/simple_rnn.h"

namespace frnn {
namespace {

const simple_rnn::RowFns& rows(Isa isa) {
    static constexpr simple_rnn::RowFns kScalar = simple_rnn::row_fns<ScalarPolicy>();
    return isa == Isa::kAvx512 ? simple_rnn::kRowsAvx512 : isa == Isa::kAvx2 ? simple_rnn::kRowsAvx2 : kScalar;
}

}  // namespace

// rec = h_rec U for these units, then h_t = act(xW + rec + b) for every valid row.
void simple_rnn_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    const simple_rnn::RowFns& f = rows(q.isa);
    for_row_blocks(q, [&](int64_t n0, int64_t n1) {
        step_product(q, q.h_rec(s), H, H, q.packed, 1, 0, 1, b0, b1, q.rec, H, n0, n1);
        for (int64_t n = n0; n < n1; n++) {
            if (!q.valid(n, s)) continue;
            f.forward(q.act, u0, u1, q.pre.at(s) + n * H, q.rec + n * H, q.t->bias, q.act_v.at(s) + n * H,
                      q.h.at(s + 1) + n * H);
        }
    });
}

// dpre = dh act'(pre); nothing passes to h_{t-1} except through the recurrent product.
void simple_rnn_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1) {
    const int64_t H = q.H, u0 = q.unit_at(b0), u1 = q.unit_at(b1);
    const simple_rnn::RowFns& f = rows(q.isa);
    for (int64_t n = 0; n < q.N; n++) {
        if (!q.valid(n, s)) continue;
        f.backward(q.act, u0, u1, q.pre.at(s) + n * H, q.act_v.at(s) + n * H, gr.dh + n * H,
                   gr.dpre + (s * q.N + n) * H);
    }
}

}  // namespace frnn

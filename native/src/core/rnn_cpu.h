// The recurrent sequence driver shared by the CPU cells: the tape layout, the time loop on a context's
// persistent workers, masking, dropout, go_backwards, outputs and the whole-sequence GEMMs (input
// projection; dW, dU, dx; deterministic db). Each cell's file (<cell>/<cell>_cpu.cpp) supplies one step
// forward and one step backward for a range of units; their math comes from <cell>/<cell>.h.
//
// Work split: thread tid owns the unit blocks [b0, b1) (NR units each, NR the micro-kernel's width) for
// the whole call. At each step it computes the recurrent product's columns of its units for every gate
// (U packed once per call into NR-wide panels, which stay in that core's cache), then their pointwise
// pass, so one barrier per step suffices: the next product reads every unit of h. Each output element
// is computed by the same code in the same order whatever the thread count: results are bit-identical
// for any number of threads.
#pragma once

#include <cstdint>

#include "core/context.h"
#include "core/gemm_cpu.h"
#include "fusedrnn/frnn.h"

namespace frnn {

// Gates per cell: 1, 4, 3.
int rnn_gates(int cell);

// Floats of the tape for a checked desc, N and T. Layout, steps in processing order s:
//   pre [T, N, GH]  the gate pre-activations (Keras gate-column order; GRU's candidate column holds the
//                   argument of act)            act [T, N, GH]  their activations
//   h [T+1, N, H]   the state entering step s (index T: the final state)
//   c [T+1, N, H]   LSTM only, likewise
//   aux [T, N, H]   GRU only: hu = h_rec U_h + rb_h with reset_after, else rh = r h_rec
int64_t rnn_tape_floats(const frnn_rnn_desc& d, int64_t batch, int64_t time);

// One call's shapes, options and buffers. The per-step views point into the tape when training, or into
// rotating workspace slots for inference, so the cells never see the difference.
struct Seq {
    struct View {  // slot(s) = base + (s % slots) * size
        float* base = nullptr;
        int64_t slots = 1, size = 0;
        float* at(int64_t s) const { return base + (s % slots) * size; }
    };

    int64_t N, T, C, H, G, GH;
    int cell, act, ract;
    bool reset_after, go_backwards, return_sequences, zero_output;
    const frnn_rnn_tensors* t;
    Isa isa;
    KernelInfo ki;
    ThreadPool* pool;

    View pre, act_v, h, c, aux, hrec;
    float* rec = nullptr;      // [N, GH] (forward) or [N, H] (backward): this step's recurrent product
    float* prev_out = nullptr; // [N, H]: each sample's last output, repeated at masked steps
    float* packed = nullptr;   // the recurrent kernel packed into NR-wide panels for this call
    bool fuse_rows = true;     // forward: multiply and finish one row block at a time (see for_row_blocks)

    int64_t input_time(int64_t s) const { return go_backwards ? T - 1 - s : s; }
    bool valid(int64_t n, int64_t s) const { return t->mask == nullptr || t->mask[n * T + input_time(s)] != 0.0f; }
    // h_{t-1} where it enters the recurrent product: the state times the recurrent dropout mask.
    const float* h_rec(int64_t s) const { return t->recurrent_dropout != nullptr ? hrec.at(s) : h.at(s); }
    int64_t blocks() const { return (H + ki.nr - 1) / ki.nr; }
    // The first unit of block b (H past the last block).
    int64_t unit_at(int64_t b) const { return b * ki.nr < H ? b * ki.nr : H; }
};

// Backward state the cells' step functions share.
struct SeqGrad {
    const frnn_rnn_grads* g;
    float* dpre;      // [T, N, GH]: gradients of the pre-activations (zero rows at masked steps)
    float* drec;      // [T, N, GH]: gradients of the recurrent product's columns (== dpre but for GRU reset_after)
    float* dh;        // [N, H]: dL/dh of the state leaving the current step, then of the one entering it
    float* dc;        // [N, H]: LSTM: likewise for c
    float* scratch;   // [N, H] per-step scratch
    float* scratch2;  // [N, H] per-step scratch
};

// C[n, g*H + unit] (ldc) = A[n, :k] (row-major, lda) times the packed panels, for rows [n0, n1), unit
// blocks [b0, b1) and gates [g0, g1). Panel (b, g) is at packed + (b * gates + g) * k * NR.
void step_product(const Seq& q, const float* a, int64_t lda, int64_t k, const float* packed, int gates, int g0,
                  int g1, int64_t b0, int64_t b1, float* c, int64_t ldc, int64_t n0, int64_t n1);
inline void step_product(const Seq& q, const float* a, int64_t lda, int64_t k, const float* packed, int gates,
                         int g0, int g1, int64_t b0, int64_t b1, float* c, int64_t ldc) {
    step_product(q, a, lda, k, packed, gates, g0, g1, b0, b1, c, ldc, 0, q.N);
}

// Calls f(n0, n1) for consecutive row blocks of the micro-kernel's height: a forward step multiplies one
// block and runs its pointwise pass at once, while the block's product is still in L1. That re-reads the
// thread's panels of U for every row block, which pays only while they stay in L1 (q.fuse_rows: small H);
// otherwise f gets all rows at once and each panel is read once per step.
template <class F>
void for_row_blocks(const Seq& q, F&& f) {
    const int64_t step = q.fuse_rows ? q.ki.mr : q.N;
    for (int64_t n0 = 0; n0 < q.N; n0 += step) f(n0, n0 + step < q.N ? n0 + step : q.N);
}
// Packs panel (b, g) of op(B) for unit blocks [b0, b1): columns g*H + b*NR .. of op(B) rows [k0, k0 + k),
// op(B) = U (trans false) or U^T (trans true, gates = 1).
void pack_gate_panels(const Seq& q, bool trans, int64_t k0, int64_t k, int gates, int64_t b0, int64_t b1,
                      float* dst);

// Cell steps for unit blocks [b0, b1), all rows. Forward: the recurrent product and pointwise pass of
// valid rows, writing pre, act, aux, h(s+1) and c(s+1). Backward (valid rows; dh already holds the output
// gradient): the step's dpre and drec columns of these units, dh = the part of dL/dh_{t-1} not passing
// through the recurrent product (z dh for GRU, 0 otherwise), dc = dL/dc_{t-1}. GRU without reset_after
// also does its recurrent product and barriers itself.
void simple_rnn_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1);
void simple_rnn_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1);
void lstm_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1);
void lstm_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1);
void gru_step_forward(const Seq& q, int64_t s, int64_t b0, int64_t b1);
void gru_step_backward(const Seq& q, const SeqGrad& gr, int64_t s, int64_t b0, int64_t b1);

// The whole-sequence calls; desc and tensors are already checked (api_rnn.cpp).
void rnn_forward(frnn_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t, float* tape);
void rnn_backward(frnn_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t, const float* tape,
                  const frnn_rnn_grads& g);

}  // namespace frnn

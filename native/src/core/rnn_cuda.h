// The recurrent sequence driver of the CUDA backend (core/rnn_cuda.cu), shared by the cells' kernels
// (<cell>/<cell>_cuda.cu). The cuDNN/haste split: forward = one GEMM for the input projection of all
// T*N rows, then per step the recurrent GEMM and one fused pointwise kernel (gates, state update, masking,
// outputs); backward = per step (in reverse) one fused pointwise kernel and the recurrent GEMM for dh,
// then GEMMs over all steps for dW, dU and dx and a fixed-order column sum for db (no atomics). Nothing
// synchronises with the host inside a sequence.
//
// The tape has frnn_rnn_tape_floats' layout, the same as the CPU backend's (core/rnn_cpu.h): pre, act
// [T, N, GH], h [T+1, N, H], LSTM c [T+1, N, H], GRU aux [T, N, H], steps in processing order.
#pragma once

#include <stdint.h>

#include "core/cuda_api.h"
#include "core/hd.h"
#include "fusedrnn/frnn.h"

namespace frnn::cuda {

int rnn_gates(int cell);
int64_t rnn_tape_floats(const frnn_rnn_desc& d, int64_t batch, int64_t time);

// slot(s) = base + (s % slots) * size: the tape's per-step arrays, or a few rotating slots for inference.
struct View {
    float* base = nullptr;
    int64_t slots = 1, size = 0;
    FRNN_HD float* at(int64_t s) const { return base + (s % slots) * size; }
};

// One call's shapes, options and device pointers, passed by value to the kernels.
struct Seq {
    int64_t N, T, C, H, G, GH;
    int act, ract;
    bool reset_after, go_backwards, return_sequences, zero_output;
    // the call's tensors (device memory; optional ones may be null)
    const float* x;
    const float* mask;
    const float* bias;
    const float* recurrent_kernel;
    const float* input_dropout;
    const float* recurrent_dropout;
    float* output;
    // the tape's views and the workspace
    View pre, act_v, h, c, aux, hrec;
    float* rec;       // [N, GH]: this step's recurrent product (backward: [N, H])
    float* prev_out;  // [N, H]: forward: each sample's last output; backward: the gradient of repeated outputs

    FRNN_HD int64_t input_time(int64_t s) const { return go_backwards ? T - 1 - s : s; }
    FRNN_HD bool valid(int64_t n, int64_t s) const { return mask == nullptr || mask[n * T + input_time(s)] != 0.0f; }
    // h_{t-1} where it enters the recurrent product (times the recurrent dropout mask when there is one).
    FRNN_HD const float* h_rec(int64_t s) const { return recurrent_dropout != nullptr ? hrec.at(s) : h.at(s); }
};

// Backward state shared by the cells' kernels (device memory).
struct SeqGrad {
    const float* d_output;  // [N, T, H] or [N, H]
    float* dpre;            // [T, N, GH]: gradients of the pre-activations (zero at masked steps)
    float* drec;            // [T, N, GH]: of the recurrent product's columns (== dpre but for GRU reset_after)
    float* dh;              // [N, H]
    float* dc;              // [N, H] (LSTM)
    float* scratch;         // [N, H]
    float* scratch2;        // [N, H]
};

// After the cell math of element (n, k) at step s: a masked row carries the state, every row writes its
// output (the state, the repeated previous output, or zero) and the next step's h_rec.
FRNN_HD inline void finish_point(const Seq& q, int64_t s, int64_t n, int64_t k) {
    const int64_t i = n * q.H + k;
    float* h1 = q.h.at(s + 1) + i;
    const bool valid = q.valid(n, s);
    if (valid) {
        q.prev_out[i] = *h1;
    } else {
        *h1 = q.h.at(s)[i];
        if (q.G == 4) q.c.at(s + 1)[i] = q.c.at(s)[i];
    }
    if (q.return_sequences || s == q.T - 1) {
        float* out = q.output + (q.return_sequences ? (n * q.T + s) * q.H + k : i);
        *out = valid ? *h1 : (q.zero_output ? 0.0f : q.prev_out[i]);
    }
    if (q.recurrent_dropout != nullptr) q.hrec.at(s + 1)[i] = *h1 * q.recurrent_dropout[i];
}

// Before the cell's backward math of element (n, k) at step s: the output gradient joins dh at a valid
// step; a masked step passes it on to the output it repeated and has zero pre-activation gradients.
// Returns whether the step is valid for sample n.
FRNN_HD inline bool backward_prologue(const Seq& q, const SeqGrad& g, int64_t s, int64_t n, int64_t k) {
    const int64_t i = n * q.H + k;
    float dout = 0.0f;
    if (q.return_sequences) dout = g.d_output[(n * q.T + s) * q.H + k];
    else if (s == q.T - 1) dout = g.d_output[i];
    if (q.valid(n, s)) {
        g.dh[i] += dout + q.prev_out[i];
        q.prev_out[i] = 0.0f;
        return true;
    }
    if (!q.zero_output) q.prev_out[i] += dout;
    float* dpre = g.dpre + (s * q.N + n) * q.GH;
    float* drec = g.drec + (s * q.N + n) * q.GH;
    for (int64_t gi = 0; gi < q.G; gi++) {
        dpre[gi * q.H + k] = 0.0f;
        drec[gi * q.H + k] = 0.0f;
    }
    return false;
}

// The cells' steps (<cell>/<cell>_cuda.cu), enqueued on `stream`. Forward: the recurrent product(s) and the
// fused pointwise kernel of step s, writing pre, act, aux, h(s+1), c(s+1), the output and h_rec(s+1).
// Backward: the step's dpre and drec, dc = dL/dc_{t-1}, and dh = dL/dh_{t-1} complete (the cells add the
// recurrent product's part themselves).
void simple_rnn_step_forward(const Seq& q, int64_t s, cudaStream_t stream);
void simple_rnn_step_backward(const Seq& q, const SeqGrad& g, int64_t s, cudaStream_t stream);
void lstm_step_forward(const Seq& q, int64_t s, cudaStream_t stream);
void lstm_step_backward(const Seq& q, const SeqGrad& g, int64_t s, cudaStream_t stream);
void gru_step_forward(const Seq& q, int64_t s, cudaStream_t stream);
void gru_step_backward(const Seq& q, const SeqGrad& g, int64_t s, cudaStream_t stream);

// dh += (drec(s) U^T) * recurrent dropout, for the cells whose dh_{t-1} passes only through the full
// recurrent product (SimpleRNN, LSTM, GRU reset_after). Uses q.rec [N, H] as scratch.
void add_recurrent_gradient(const Seq& q, const SeqGrad& g, int64_t s, cudaStream_t stream);

// The whole-sequence calls; desc and tensors already checked (api_cuda_rnn.cpp); device pointers.
void rnn_forward(frnn_cuda_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t, float* tape);
void rnn_backward(frnn_cuda_context* ctx, const frnn_rnn_desc& d, const frnn_rnn_tensors& t, const float* tape,
                  const frnn_rnn_grads& g);

}  // namespace frnn::cuda

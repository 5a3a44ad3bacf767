// LSTM on CUDA: one step forward and backward (the recurrent GEMM and one fused pointwise kernel); the
// sequence loop and the whole-sequence GEMMs are in core/rnn_cuda.cu, the math in lstm.h.
#include "core/cuda_context.h"
#include "core/cuda_status.h"
#include "core/gemm_cuda.h"
#include "core/rnn_cuda.h"
#include "lstm/lstm.h"

namespace frnn::cuda {
namespace {

// Element (n, k) of step s: the four gates, c_t and h_t of a valid row, then masking and outputs.
__global__ void forward_kernel(Seq q, int64_t s) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const int64_t n = i / q.H, k = i % q.H;
        if (q.valid(n, s)) {
            float* pre = q.pre.at(s) + n * q.GH;  // holds x W on entry
            float* act = q.act_v.at(s) + n * q.GH;
            const float* rec = q.rec + n * q.GH;
            float p[4], a[4];
            for (int g = 0; g < 4; g++) {
                const int64_t j = g * q.H + k;
                p[g] = pre[j] + rec[j] + q.bias[j];
                pre[j] = p[g];
            }
            const int64_t e = n * q.H + k;
            lstm::forward_point<ScalarPolicy>(q.ract, q.act, p, q.c.at(s)[e], a, q.c.at(s + 1) + e, q.h.at(s + 1) + e);
            for (int g = 0; g < 4; g++) act[g * q.H + k] = a[g];
        }
        finish_point(q, s, n, k);
    }
}

// The gates' pre-activation gradients and dc_{t-1}; dh_{t-1} comes only through the recurrent product.
__global__ void backward_kernel(Seq q, SeqGrad g, int64_t s) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const int64_t n = i / q.H, k = i % q.H;
        if (!backward_prologue(q, g, s, n, k)) continue;
        const float* pre = q.pre.at(s) + n * q.GH;
        const float* act = q.act_v.at(s) + n * q.GH;
        float* dpre = g.dpre + (s * q.N + n) * q.GH;
        float p[4], a[4], d[4];
        for (int gi = 0; gi < 4; gi++) {
            p[gi] = pre[gi * q.H + k];
            a[gi] = act[gi * q.H + k];
        }
        const int64_t e = n * q.H + k;
        g.dc[e] = lstm::backward_point<ScalarPolicy>(q.ract, q.act, p, a, q.c.at(s)[e], g.dh[e], g.dc[e], d);
        g.dh[e] = 0.0f;
        for (int gi = 0; gi < 4; gi++) dpre[gi * q.H + k] = d[gi];
    }
}

}  // namespace

void lstm_step_forward(const Seq& q, int64_t s, cudaStream_t stream) {
    gemm(stream, false, false, q.N, q.GH, q.H, 1.0f, q.h_rec(s), q.H, q.recurrent_kernel, q.GH, 0.0f, q.rec, q.GH);
    FRNN_LAUNCH(blocks_for(q.N * q.H), kThreads, stream, forward_kernel)(q, s);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

void lstm_step_backward(const Seq& q, const SeqGrad& g, int64_t s, cudaStream_t stream) {
    FRNN_LAUNCH(blocks_for(q.N * q.H), kThreads, stream, backward_kernel)(q, g, s);
    FRNN_CUDA_CHECK(cudaGetLastError());
    add_recurrent_gradient(q, g, s, stream);
}

}  // namespace frnn::cuda

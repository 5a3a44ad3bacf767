// SimpleRNN on CUDA: one step forward and backward (the recurrent GEMM and one fused pointwise kernel);
// the sequence loop and the whole-sequence GEMMs are in core/rnn_cuda.cu, the math in simple_rnn.h.
#include "core/cuda_context.h"
#include "core/cuda_status.h"
#include "core/gemm_cuda.h"
#include "core/rnn_cuda.h"
#include "simple_rnn/simple_rnn.h"

namespace frnn::cuda {
namespace {

// Element (n, k) of step s: h_t = act(xW + rec + b) for a valid row, then masking and outputs.
__global__ void forward_kernel(Seq q, int64_t s) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const int64_t n = i / q.H, k = i % q.H;
        if (q.valid(n, s)) {
            float* pre = q.pre.at(s) + n * q.H;  // holds x W on entry
            float* h1 = q.h.at(s + 1) + n * q.H;
            h1[k] = simple_rnn::forward_point<ScalarPolicy>(q.act, pre[k], q.rec[n * q.H + k], q.bias[k], &pre[k]);
            q.act_v.at(s)[n * q.H + k] = h1[k];
        }
        finish_point(q, s, n, k);
    }
}

// dpre = dh act'(pre); nothing reaches h_{t-1} but through the recurrent product.
__global__ void backward_kernel(Seq q, SeqGrad g, int64_t s) {
    FRNN_GRID_LOOP(i, q.N * q.H) {
        const int64_t n = i / q.H, k = i % q.H;
        if (!backward_prologue(q, g, s, n, k)) continue;
        const int64_t j = n * q.H + k;
        g.dpre[s * q.N * q.H + j] = simple_rnn::backward_point<ScalarPolicy>(q.act, q.pre.at(s)[j], q.act_v.at(s)[j], g.dh[j]);
        g.dh[j] = 0.0f;
    }
}

}  // namespace

void simple_rnn_step_forward(const Seq& q, int64_t s, cudaStream_t stream) {
    gemm(stream, false, false, q.N, q.H, q.H, 1.0f, q.h_rec(s), q.H, q.recurrent_kernel, q.H, 0.0f, q.rec, q.H);
    FRNN_LAUNCH(blocks_for(q.N * q.H), kThreads, stream, forward_kernel)(q, s);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

void simple_rnn_step_backward(const Seq& q, const SeqGrad& g, int64_t s, cudaStream_t stream) {
    FRNN_LAUNCH(blocks_for(q.N * q.H), kThreads, stream, backward_kernel)(q, g, s);
    FRNN_CUDA_CHECK(cudaGetLastError());
    add_recurrent_gradient(q, g, s, stream);
}

}  // namespace frnn::cuda

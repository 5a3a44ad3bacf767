// Device kernels of the non-recurrent operations: the CUDA twins of ops_cpu.h, with the same semantics
// (dev.fusedrnn.reference is the oracle). Arguments are checked by native/src/api_cuda_ops.cpp; pointers
// are device memory unless a parameter says "host". Everything is enqueued on ctx->stream; functions
// returning host values wait for it.
#pragma once

#include <stdint.h>

#include "core/cuda_context.h"

namespace frnn::cuda::ops {

// ---- reductions (reduce_cuda.cu): one block, each thread a strided partial sum in increasing index
// order, then a fixed tree: deterministic, no atomics.
enum class Check { kMask01, kIdBelow, kClassBelow };
// The first index i < n where x[i] fails the check (kMask01: 0 or 1; kIdBelow / kClassBelow: an exact
// integer in [0, bound)), or -1. Waits for the stream.
int64_t first_bad(frnn_cuda_context* ctx, Check check, const float* x, int64_t n, int64_t bound);
// out[0] (device) = sum of v[i] for i < n, in double.
void sum_doubles(frnn_cuda_context* ctx, const double* v, int64_t n, double* out);
// out[0] (device) = sum of x[i] (squares = false) or x[i]^2 (true), in double.
void sum_floats(frnn_cuda_context* ctx, const float* x, int64_t n, bool squares, double* out);
// One device value to the host, waiting for the stream.
double read_double(frnn_cuda_context* ctx, const double* device_value);
float read_float(frnn_cuda_context* ctx, const float* device_value);

// ---- dense (dense_cuda.cu)
void dense_forward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x, const float* kernel,
                   const float* bias, int activation, float* y);
void dense_backward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x, const float* y,
                    const float* dy, const float* kernel, int activation, float* dx, float* d_kernel, float* d_bias);

// ---- embedding (embedding_cuda.cu); ids already checked
void embedding_forward(frnn_cuda_context* ctx, int64_t count, const float* ids, const float* table, int64_t dim,
                       float* out);
void embedding_backward(frnn_cuda_context* ctx, int64_t count, const float* ids, const float* d_out, int64_t vocab,
                        int64_t dim, float* d_table);

// ---- element-wise and layout (elementwise_cuda.cu)
void fill(frnn_cuda_context* ctx, int64_t n, float value, float* x);
void not_equal_mask(frnn_cuda_context* ctx, int64_t rows, int64_t cols, const float* x, double value, float* mask);
void scale_rows(frnn_cuda_context* ctx, int64_t rows, int64_t cols, const float* x, const float* s, float* out);
void multiply(frnn_cuda_context* ctx, int64_t n, const float* a, const float* b, float* out);
void axpby(frnn_cuda_context* ctx, int64_t n, double alpha, const float* a, double beta, const float* b, float* out);
void reverse_time(frnn_cuda_context* ctx, int64_t batch, int64_t time, int64_t features, const float* x, float* out);
void concat_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb, const float* a, const float* b,
                    float* out);
void split_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb, const float* in, float* a, float* b);

// ---- losses and metrics (loss_cuda.cu); sparse class ids already checked. Results on the host.
double loss(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
            const float* weights, float* d_pred);
void metric(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
            const float* weights, double result[2]);

// ---- optimizer and clipping (optimizer_cuda.cu)
double sum_of_squares(frnn_cuda_context* ctx, int64_t n, const float* x);
void clip(frnn_cuda_context* ctx, int64_t n, double lo, double hi, float* x);
struct OptimizerParams {
    int kind;
    double learning_rate, beta1, beta2, epsilon, momentum, rho;
    bool nesterov;
};
int optimizer_state_slots(const OptimizerParams& p);
void optimizer_step(frnn_cuda_context* ctx, const OptimizerParams& p, int64_t n, float* params, const float* grads,
                    float* state, int64_t iteration);

}  // namespace frnn::cuda::ops

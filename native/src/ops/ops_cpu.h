// Host kernels of the non-recurrent operations (dense, embedding, element-wise and layout, losses,
// metrics, optimizer updates). Arguments are checked by native/src/api_ops.cpp before these run; each
// kernel documents only what it assumes. Shapes are row-major; the math mirrors the Java reference
// backend (dev.fusedrnn.reference), which is the oracle the tests compare against.
#pragma once

#include <stdint.h>

#include "fusedrnn/frnn.h"

namespace frnn::ops {

// ---- dense (dense_cpu.cpp): y[R, out] = act(x[R, in] . kernel[in, out] + bias[out])
void dense_forward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x, const float* kernel,
                   const float* bias, int activation, float* y);
void dense_backward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x, const float* y,
                    const float* dy, const float* kernel, int activation, float* dx, float* d_kernel, float* d_bias);

// ---- embedding (embedding_cpu.cpp); ids already checked to be exact integers in [0, vocab)
void embedding_forward(int64_t count, const float* ids, const float* table, int64_t dim, float* out);
void embedding_backward(int64_t count, const float* ids, const float* d_out, int64_t vocab, int64_t dim,
                        float* d_table);
// The index of the first id that is not an exact integer in [0, vocab), or -1 when all are.
int64_t first_bad_id(int64_t count, const float* ids, int64_t vocab);

// ---- element-wise and layout (elementwise_cpu.cpp)
void fill(int64_t n, float value, float* x);
void not_equal_mask(int64_t rows, int64_t cols, const float* x, double value, float* mask);
void scale_rows(int64_t rows, int64_t cols, const float* x, const float* s, float* out);
void multiply(int64_t n, const float* a, const float* b, float* out);
void axpby(int64_t n, double alpha, const float* a, double beta, const float* b, float* out);
void reverse_time(int64_t batch, int64_t time, int64_t features, const float* x, float* out);
void concat_columns(int64_t rows, int64_t ka, int64_t kb, const float* a, const float* b, float* out);
void split_columns(int64_t rows, int64_t ka, int64_t kb, const float* in, float* a, float* b);

// ---- losses and metrics (loss_cpu.cpp); sparse class ids already checked
double loss(int kind, int64_t rows, int64_t cols, const float* pred, const float* target, const float* weights,
            float* d_pred);
void metric(int kind, int64_t rows, int64_t cols, const float* pred, const float* target, const float* weights,
            double result[2]);

// ---- optimizer and clipping (optimizer_cpu.cpp)
double sum_of_squares(int64_t n, const float* x);
void clip(int64_t n, double lo, double hi, float* x);
struct OptimizerParams {
    int kind;
    double learning_rate, beta1, beta2, epsilon, momentum, rho;
    bool nesterov;
};
// Slots of state per parameter: 0, 1 or 2 (see frnn_optimizer_step).
int optimizer_state_slots(const OptimizerParams& p);
void optimizer_step(const OptimizerParams& p, int64_t n, float* params, const float* grads, float* state,
                    int64_t iteration);

}  // namespace frnn::ops

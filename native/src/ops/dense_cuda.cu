// Dense layer on the device: the product through the tiled GEMM, then bias and activation (softmax
// one row per thread, its sum in double); backward forms dz once and feeds two GEMMs (dKernel, dx) and a
// fixed-order column sum in double (dBias). The CUDA twin of ops/dense_cpu.cpp.
#include <math.h>

#include "core/activations.h"
#include "core/cuda_status.h"
#include "core/gemm_cuda.h"
#include "ops/ops_cuda.h"

namespace frnn::cuda::ops {
namespace {

// y[r, o] = act(y[r, o] + bias[o]) for element-wise activations; softmax rows are done by softmax_kernel.
__global__ void bias_activation_kernel(int64_t rows, int64_t out, const float* bias, int activation, float* y) {
    FRNN_GRID_LOOP(i, rows * out) {
        float v = y[i];
        if (bias != nullptr) v += bias[i % out];
        if (activation != FRNN_DENSE_SOFTMAX && activation != FRNN_ACT_LINEAR) v = activation_forward(activation, v);
        y[i] = v;
    }
}

// One row per thread: exp(z - max) / sum, the sum accumulated in double, as dense_cpu.cpp.
__global__ void softmax_kernel(int64_t rows, int64_t out, float* y) {
    FRNN_GRID_LOOP(r, rows) {
        float* z = y + r * out;
        float max = z[0];
        for (int64_t o = 1; o < out; o++) max = z[o] > max ? z[o] : max;
        double sum = 0.0;
        for (int64_t o = 0; o < out; o++) {
            z[o] = expf(z[o] - max);
            sum += z[o];
        }
        const double inv = 1.0 / sum;
        for (int64_t o = 0; o < out; o++) z[o] = static_cast<float>(z[o] * inv);
    }
}

// f'(z) from y = f(z), as DenseRef.slopeFromOutput (see dense_cpu.cpp).
__device__ float slope_from_output(int activation, float y) {
    switch (activation) {
        case FRNN_ACT_RELU: return y > 0.0f ? 1.0f : 0.0f;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: return (y > 0.0f && y < 1.0f) ? 0.2f : 0.0f;
        case FRNN_ACT_HARD_SIGMOID_KERAS3: return (y > 0.0f && y < 1.0f) ? 1.0f / 6.0f : 0.0f;
        default: return activation_derivative(activation, NAN, y);
    }
}

// dz[r, :] from dy and y, one row per thread (softmax: dz_j = y_j (dy_j - sum_k dy_k y_k), dot in double).
__global__ void dz_kernel(int64_t rows, int64_t out, const float* y, const float* dy, int activation, float* dz) {
    FRNN_GRID_LOOP(r, rows) {
        const float* yr = y + r * out;
        const float* dyr = dy + r * out;
        float* dzr = dz + r * out;
        if (activation == FRNN_DENSE_SOFTMAX) {
            double dot = 0.0;
            for (int64_t o = 0; o < out; o++) dot += static_cast<double>(dyr[o]) * yr[o];
            for (int64_t o = 0; o < out; o++) dzr[o] = static_cast<float>(yr[o] * (dyr[o] - dot));
        } else {
            for (int64_t o = 0; o < out; o++) dzr[o] = dyr[o] * slope_from_output(activation, yr[o]);
        }
    }
}

// d_bias[o] = sum over rows in increasing order of dz[r, o], in double, one thread per column.
__global__ void column_sum_kernel(int64_t rows, int64_t out, const float* dz, float* d_bias) {
    FRNN_GRID_LOOP(o, out) {
        double acc = 0.0;
        for (int64_t r = 0; r < rows; r++) acc += dz[r * out + o];
        d_bias[o] = static_cast<float>(acc);
    }
}

}  // namespace

void dense_forward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x, const float* kernel,
                   const float* bias, int activation, float* y) {
    if (rows == 0) return;
    gemm(ctx->stream, false, false, rows, out, in, 1.0f, x, in, kernel, out, 0.0f, y, out);
    FRNN_LAUNCH(blocks_for(rows * out), kThreads, ctx->stream, bias_activation_kernel)(rows, out, bias, activation, y);
    FRNN_CUDA_CHECK(cudaGetLastError());
    if (activation == FRNN_DENSE_SOFTMAX) {
        FRNN_LAUNCH(blocks_for(rows), kThreads, ctx->stream, softmax_kernel)(rows, out, y);
        FRNN_CUDA_CHECK(cudaGetLastError());
    }
}

void dense_backward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x, const float* y,
                    const float* dy, const float* kernel, int activation, float* dx, float* d_kernel, float* d_bias) {
    if (rows == 0) {  // no rows: every sum is empty
        fill(ctx, in * out, 0.0f, d_kernel);
        if (d_bias != nullptr) fill(ctx, out, 0.0f, d_bias);
        return;
    }
    float* dz = ctx->reserve(rows * out);
    FRNN_LAUNCH(blocks_for(rows), kThreads, ctx->stream, dz_kernel)(rows, out, y, dy, activation, dz);
    FRNN_CUDA_CHECK(cudaGetLastError());
    gemm(ctx->stream, true, false, in, out, rows, 1.0f, x, in, dz, out, 0.0f, d_kernel, out);
    if (d_bias != nullptr) {
        FRNN_LAUNCH(blocks_for(out), kThreads, ctx->stream, column_sum_kernel)(rows, out, dz, d_bias);
        FRNN_CUDA_CHECK(cudaGetLastError());
    }
    if (dx != nullptr) gemm(ctx->stream, false, true, rows, in, out, 1.0f, dz, out, kernel, out, 0.0f, dx, in);
}

}  // namespace frnn::cuda::ops

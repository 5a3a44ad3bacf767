// Element-wise and layout operations on the device, one thread per element (per row for the mask). An
// output may be one of the inputs (element i is read before it is written, by the same thread); partial
// overlaps are rejected by the ABI, except for reverse_time, which copies an overlapping input first.
// The CUDA twin of ops/elementwise_cpu.cpp.
#include "core/cuda_status.h"
#include "ops/ops_cuda.h"

namespace frnn::cuda::ops {
namespace {

__global__ void fill_kernel(int64_t n, float value, float* x) {
    FRNN_GRID_LOOP(i, n) x[i] = value;
}

// mask[r] = 1 when any x[r, k] != value, compared in double (NaN never equal).
__global__ void not_equal_mask_kernel(int64_t rows, int64_t cols, const float* x, double value, float* mask) {
    FRNN_GRID_LOOP(r, rows) {
        bool any = false;
        for (int64_t k = 0; k < cols && !any; k++) any = static_cast<double>(x[r * cols + k]) != value;
        mask[r] = any ? 1.0f : 0.0f;
    }
}

__global__ void scale_rows_kernel(int64_t rows, int64_t cols, const float* x, const float* s, float* out) {
    FRNN_GRID_LOOP(i, rows * cols) out[i] = x[i] * s[i / cols];
}

__global__ void multiply_kernel(int64_t n, const float* a, const float* b, float* out) {
    FRNN_GRID_LOOP(i, n) out[i] = a[i] * b[i];
}

// alpha a + beta b in double, rounded once; b is not read when beta == 0.
__global__ void axpby_kernel(int64_t n, double alpha, const float* a, double beta, const float* b, float* out) {
    FRNN_GRID_LOOP(i, n) {
        out[i] = beta == 0.0 ? static_cast<float>(alpha * a[i]) : static_cast<float>(alpha * a[i] + beta * b[i]);
    }
}

__global__ void reverse_time_kernel(int64_t batch, int64_t time, int64_t features, const float* x, float* out) {
    FRNN_GRID_LOOP(i, batch * time * features) {
        const int64_t b = i / (time * features), t = i / features % time, f = i % features;
        out[i] = x[(b * time + (time - 1 - t)) * features + f];
    }
}

// out[r, :] = [a[r, :ka], b[r, :kb]] (split: the other way round).
__global__ void concat_kernel(int64_t rows, int64_t ka, int64_t kb, const float* a, const float* b, float* out) {
    const int64_t k = ka + kb;
    FRNN_GRID_LOOP(i, rows * k) {
        const int64_t r = i / k, c = i % k;
        out[i] = c < ka ? a[r * ka + c] : b[r * kb + (c - ka)];
    }
}

__global__ void split_kernel(int64_t rows, int64_t ka, int64_t kb, const float* in, float* a, float* b) {
    const int64_t k = ka + kb;
    FRNN_GRID_LOOP(i, rows * k) {
        const int64_t r = i / k, c = i % k;
        if (c < ka) a[r * ka + c] = in[i];
        else b[r * kb + (c - ka)] = in[i];
    }
}

}  // namespace

// Launches one thread per element of n (nothing when n == 0) and checks the launch.
template <class Kernel, class... Args>
void launch_elementwise(frnn_cuda_context* ctx, int64_t n, Kernel kernel, Args... args) {
    if (n == 0) return;
    FRNN_LAUNCH(blocks_for(n), kThreads, ctx->stream, kernel)(args...);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

void fill(frnn_cuda_context* ctx, int64_t n, float value, float* x) {
    launch_elementwise(ctx, n, fill_kernel, n, value, x);
}

void not_equal_mask(frnn_cuda_context* ctx, int64_t rows, int64_t cols, const float* x, double value, float* mask) {
    launch_elementwise(ctx, rows, not_equal_mask_kernel, rows, cols, x, value, mask);
}

void scale_rows(frnn_cuda_context* ctx, int64_t rows, int64_t cols, const float* x, const float* s, float* out) {
    launch_elementwise(ctx, rows * cols, scale_rows_kernel, rows, cols, x, s, out);
}

void multiply(frnn_cuda_context* ctx, int64_t n, const float* a, const float* b, float* out) {
    launch_elementwise(ctx, n, multiply_kernel, n, a, b, out);
}

void axpby(frnn_cuda_context* ctx, int64_t n, double alpha, const float* a, double beta, const float* b, float* out) {
    launch_elementwise(ctx, n, axpby_kernel, n, alpha, a, beta, b, out);
}

void reverse_time(frnn_cuda_context* ctx, int64_t batch, int64_t time, int64_t features, const float* x, float* out) {
    const int64_t n = batch * time * features;
    if (n == 0) return;
    const uintptr_t xa = reinterpret_cast<uintptr_t>(x), oa = reinterpret_cast<uintptr_t>(out);
    const uintptr_t bytes = static_cast<uintptr_t>(n) * sizeof(float);
    if (xa < oa + bytes && oa < xa + bytes) {  // overlapping: read from a copy
        float* copy = ctx->reserve(n);
        FRNN_CUDA_CHECK(cudaMemcpyAsync(copy, x, bytes, cudaMemcpyDeviceToDevice, ctx->stream));
        x = copy;
    }
    launch_elementwise(ctx, n, reverse_time_kernel, batch, time, features, x, out);
}

void concat_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb, const float* a, const float* b,
                    float* out) {
    launch_elementwise(ctx, rows * (ka + kb), concat_kernel, rows, ka, kb, a, b, out);
}

void split_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb, const float* in, float* a, float* b) {
    launch_elementwise(ctx, rows * (ka + kb), split_kernel, rows, ka, kb, in, a, b);
}

}  // namespace frnn::cuda::ops

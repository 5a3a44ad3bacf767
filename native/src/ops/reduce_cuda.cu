// Deterministic reductions and data checks on the device (see ops_cuda.h): one block of kReduceThreads
// threads; thread t takes elements t, t + kReduceThreads, ... in order, then a fixed-shape tree in
// shared memory combines the partial results. The same inputs always give the same bits.
#include <math.h>

#include "core/cuda_status.h"
#include "ops/ops_cuda.h"

namespace frnn::cuda::ops {
namespace {

constexpr int kReduceThreads = 128;

template <class T>
__device__ double term(const T* v, int64_t i, bool squares) {
    const double d = static_cast<double>(v[i]);
    return squares ? d * d : d;
}

template <class T>
__global__ void sum_kernel(const T* v, int64_t n, bool squares, double* out) {
    __shared__ double partial[kReduceThreads];
    const int t = static_cast<int>(threadIdx.x);
    double acc = 0.0;
    for (int64_t i = t; i < n; i += kReduceThreads) acc += term(v, i, squares);
    partial[t] = acc;
    __syncthreads();
    for (int width = kReduceThreads / 2; width > 0; width /= 2) {
        if (t < width) partial[t] += partial[t + width];
        __syncthreads();
    }
    if (t == 0) *out = partial[0];
}

__device__ bool passes(Check check, float v, int64_t bound) {
    if (check == Check::kMask01) return v == 0.0f || v == 1.0f;
    // !(v >= 0) also catches NaN; rintf(v) != v catches fractions (and infinities fail v < bound).
    return v >= 0.0f && static_cast<double>(v) < static_cast<double>(bound) && rintf(v) == v;
}

// first[0] = the smallest failing index, or -1 (as a double: exact for any index below 2^53).
__global__ void first_bad_kernel(Check check, const float* x, int64_t n, int64_t bound, double* first) {
    __shared__ int64_t best[kReduceThreads];
    const int t = static_cast<int>(threadIdx.x);
    int64_t mine = -1;
    for (int64_t i = t; i < n && mine < 0; i += kReduceThreads)
        if (!passes(check, x[i], bound)) mine = i;
    best[t] = mine;
    __syncthreads();
    for (int width = kReduceThreads / 2; width > 0; width /= 2) {
        if (t < width) {
            const int64_t o = best[t + width];
            if (o >= 0 && (best[t] < 0 || o < best[t])) best[t] = o;
        }
        __syncthreads();
    }
    if (t == 0) *first = static_cast<double>(best[0]);
}

}  // namespace

double read_double(frnn_cuda_context* ctx, const double* device_value) {
    double v = 0.0;
    FRNN_CUDA_CHECK(cudaMemcpyAsync(&v, device_value, sizeof v, cudaMemcpyDeviceToHost, ctx->stream));
    FRNN_CUDA_CHECK(cudaStreamSynchronize(ctx->stream));
    return v;
}

float read_float(frnn_cuda_context* ctx, const float* device_value) {
    float v = 0.0f;
    FRNN_CUDA_CHECK(cudaMemcpyAsync(&v, device_value, sizeof v, cudaMemcpyDeviceToHost, ctx->stream));
    FRNN_CUDA_CHECK(cudaStreamSynchronize(ctx->stream));
    return v;
}

int64_t first_bad(frnn_cuda_context* ctx, Check check, const float* x, int64_t n, int64_t bound) {
    if (n == 0) return -1;
    double* result = reinterpret_cast<double*>(ctx->reserve(2));
    FRNN_LAUNCH_SYNC(1, kReduceThreads, ctx->stream, first_bad_kernel)(check, x, n, bound, result);
    FRNN_CUDA_CHECK(cudaGetLastError());
    return static_cast<int64_t>(read_double(ctx, result));
}

void sum_doubles(frnn_cuda_context* ctx, const double* v, int64_t n, double* out) {
    FRNN_LAUNCH_SYNC(1, kReduceThreads, ctx->stream, sum_kernel<double>)(v, n, false, out);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

void sum_floats(frnn_cuda_context* ctx, const float* x, int64_t n, bool squares, double* out) {
    FRNN_LAUNCH_SYNC(1, kReduceThreads, ctx->stream, sum_kernel<float>)(x, n, squares, out);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

}  // namespace frnn::cuda::ops

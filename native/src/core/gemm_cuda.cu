// The tiled GEMM kernel (see gemm_cuda.h). Each block stages a kGemmTile x kGemmTile tile of op(A) and
// of op(B) in shared memory per step of k, so every element read from global memory serves kGemmTile
// products; the transposes are folded into the tile loads.
#include "core/gemm_cuda.h"

#include <math.h>

#include "core/cublas.h"
#include "core/cuda_status.h"

namespace frnn::cuda {
namespace {

constexpr int T = kGemmTile;

__global__ void gemm_kernel(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                            const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                            int64_t ldc) {
    __shared__ float as[T][T + 1];  // as[i][p] = op(A)(row0 + i, p0 + p); +1 avoids bank conflicts
    __shared__ float bs[T][T + 1];  // bs[p][j] = op(B)(p0 + p, col0 + j)
    const int tx = static_cast<int>(threadIdx.x), ty = static_cast<int>(threadIdx.y);
    const int64_t row = static_cast<int64_t>(blockIdx.y) * T + ty;
    const int64_t col = static_cast<int64_t>(blockIdx.x) * T + tx;
    float acc = 0.0f;
    for (int64_t p0 = 0; p0 < k; p0 += T) {
        const int64_t pa = p0 + tx, pb = p0 + ty;
        as[ty][tx] = (row < m && pa < k) ? (trans_a ? a[pa * lda + row] : a[row * lda + pa]) : 0.0f;
        bs[ty][tx] = (pb < k && col < n) ? (trans_b ? b[col * ldb + pb] : b[pb * ldb + col]) : 0.0f;
        __syncthreads();
        const int steps = k - p0 < T ? static_cast<int>(k - p0) : T;
        for (int p = 0; p < steps; p++) acc = fmaf(as[ty][p], bs[p][tx], acc);
        __syncthreads();
    }
    if (row < m && col < n) {
        float* out = c + row * ldc + col;
        *out = beta == 0.0f ? alpha * acc : alpha * acc + beta * *out;
    }
}

}  // namespace

GemmEngine gemm_engine_for(int64_t m, int64_t n, int64_t k) {
    const int64_t threshold = cublas_min_macs();
    if (threshold < 0 || k == 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) return GemmEngine::kOwn;
    // in double: m * n * k may overflow int64 for extreme sizes
    const double macs = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
    if (macs < static_cast<double>(threshold)) return GemmEngine::kOwn;
    return cublas_available() ? GemmEngine::kCublas : GemmEngine::kOwn;
}

void gemm(cudaStream_t stream, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
    gemm_with(gemm_engine_for(m, n, k), stream, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm_with(GemmEngine engine, cudaStream_t stream, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k,
               float alpha, const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
               int64_t ldc) {
    if (m == 0 || n == 0) return;
    if (engine == GemmEngine::kCublas) {
        gemm_cublas(stream, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    const dim3 grid(static_cast<unsigned>((n + T - 1) / T), static_cast<unsigned>((m + T - 1) / T));
    FRNN_REQUIRE((m + T - 1) / T <= 65535, "GEMM with m = %lld rows exceeds the grid's y limit",
                 static_cast<long long>(m));
    FRNN_LAUNCH_SYNC(grid, dim3(T, T), stream, gemm_kernel)(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta,
                                                            c, ldc);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

}  // namespace frnn::cuda

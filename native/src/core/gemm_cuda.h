// Single-precision matrix product on the device, the one GEMM every CUDA kernel driver calls (large
// products go to cuBLAS when it is loaded, see gemm_engine_for):
//   C[m, n] = alpha * op(A)[m, k] * op(B)[k, n] + beta * C[m, n]
// Row-major with leading dimensions, op(X) = X or X^T, as gemm_cpu.h. With beta == 0, C is overwritten
// (its old contents, even NaN, are ignored). The own kernel is deterministic: each C element is one
// thread's fused multiply-add chain over k in increasing order, so the result does not depend on the grid.
#pragma once

#include <stdint.h>

#include "core/cuda_api.h"

namespace frnn::cuda {

// Tile edge of the kernel: blocks of kGemmTile x kGemmTile threads, each computing one element of C.
constexpr int kGemmTile = 16;

// Which code computes a product: the own tiled kernel below, or cuBLAS (core/cublas.h).
enum class GemmEngine { kOwn = 1, kCublas = 2 };

// The engine gemm() uses for these sizes: cuBLAS when it is loaded and m * n * k reaches
// cublas_min_macs() (k == 0 and sizes beyond 32 bits stay on the own kernel), else the own kernel.
GemmEngine gemm_engine_for(int64_t m, int64_t n, int64_t k);

// Enqueues the product on `stream` with the engine gemm_engine_for chooses; all pointers are device
// memory. m, n or k == 0 is allowed (k == 0 gives beta * C).
void gemm(cudaStream_t stream, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// As gemm, on a given engine (kCublas needs cublas_available()); for the selftest's comparison.
void gemm_with(GemmEngine engine, cudaStream_t stream, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k,
               float alpha, const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
               int64_t ldc);

}  // namespace frnn::cuda

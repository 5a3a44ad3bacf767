// Single-precision matrix product on the device, the one GEMM every CUDA kernel driver calls:
//   C[m, n] = alpha * op(A)[m, k] * op(B)[k, n] + beta * C[m, n]
// Row-major with leading dimensions, op(X) = X or X^T, as gemm_cpu.h. With beta == 0, C is overwritten
// (its old contents, even NaN, are ignored). Deterministic: each C element is one thread's fused
// multiply-add chain over k in increasing order, so the result does not depend on the grid.
#pragma once

#include <stdint.h>

#include "core/cuda_api.h"

namespace frnn::cuda {

// Tile edge of the kernel: blocks of kGemmTile x kGemmTile threads, each computing one element of C.
constexpr int kGemmTile = 16;

// Enqueues the product on `stream`; all pointers are device memory. m, n or k == 0 is allowed (k == 0
// gives beta * C).
void gemm(cudaStream_t stream, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

}  // namespace frnn::cuda

// Single-precision matrix product on the host, the one GEMM every CPU kernel calls:
//   C[m, n] = alpha * op(A)[m, k] * op(B)[k, n] + beta * C[m, n]
// Row-major with leading dimensions (elements between rows); op(X) = X or its transpose. With
// beta == 0, C is overwritten and its old contents (even NaN) are ignored. Deterministic: each C
// element is accumulated over k in a fixed order, whatever the thread count.
#pragma once

#include <cstdint>

#include "fusedrnn/frnn.h"

namespace frnn {

void gemm(frnn_context* ctx, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

}  // namespace frnn

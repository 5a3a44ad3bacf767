// Single-precision matrix product on the host, the one GEMM every CPU kernel calls:
//   C[m, n] = alpha * op(A)[m, k] * op(B)[k, n] + beta * C[m, n]
// Row-major with leading dimensions (elements between rows); op(X) = X or its transpose. With
// beta == 0, C is overwritten and its old contents (even NaN) are ignored. Deterministic: each C
// element is accumulated over k in a fixed order (k blocks of a fixed size, each summed in order by
// the same micro-kernel code), whatever the thread count.
//
// Inside: B is packed into panels of NR columns ([k][NR], zero padded), a transposed A into slivers of MR rows
// ([k][MR]), and a per-ISA micro-kernel (AVX-512 8x32, AVX2 6x16, scalar 4x8) computes an MR x NR block.
// The recurrent drivers use the packed pieces directly (micro_kernel, pack_b_panel) to keep their
// weights packed once per call.
#pragma once

#include <cstdint>

#include "core/isa.h"
#include "fusedrnn/frnn.h"

namespace frnn {

// Threads over ctx's pool (ctx may be NULL: one thread, the ISA path of cpu_isa()). Must not be called
// from inside a ThreadPool::run of the same context.
void gemm(frnn_context* ctx, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
          const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// One product of several that share op(B): op(A) = A or A^T with rows [m0, m1) of C = op(A) op(B).
struct GemmRows {
    const float* a;
    int64_t lda, m0, m1;
    float* c;
    int64_t ldc;
};

// C_i = alpha * op(A_i)[m_i, k] * op(B)[k, n] + beta * C_i for each of `count` parts, packing every block of
// op(B) once for all of them: dU = h^T dpre and dW = x^T dpre read dpre (T*N x G*H) from memory once. Each
// C_i is the bits gemm() would give. Threads split the columns.
void gemm_shared_b(frnn_context* ctx, bool trans_a, bool trans_b, const GemmRows* parts, int count, int64_t n,
                   int64_t k, float alpha, const float* b, int64_t ldb, float beta);

// The part of gemm() that one thread computes: rows [m0, m1) and columns [n0, n1) of C, with `pack`
// holding at least gemm_pack_floats(isa) floats. m0 must be a multiple of the ISA's mr, n0 of its nr
// (so that the result does not depend on how the work is split).
void gemm_block(Isa isa, bool trans_a, bool trans_b, int64_t m0, int64_t m1, int64_t n0, int64_t n1, int64_t k,
                float alpha, const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                int64_t ldc, float* pack);
int64_t gemm_pack_floats(Isa isa);

// One micro-kernel call: for i < mr (<= MR) and j < nc (<= NR),
//   C[i*ldc + j] = alpha * sum_{p<k} A(i, p) * bp[p*NR + j]  +  (beta == 0 ? 0 : beta * C[i*ldc + j])
// where A(i, p) = a[i*rs_a + p*cs_a] (a packed sliver has rs_a = 1, cs_a = MR; a row-major matrix rs_a =
// lda, cs_a = 1) and bp is one packed panel [k][NR]. The sum runs over p in order, one fused multiply-add
// per p on the vector paths.
using MicroKernel = void (*)(int64_t k, const float* a, int64_t rs_a, int64_t cs_a, int mr, const float* bp,
                             float* c, int64_t ldc, int nc, float alpha, float beta);

struct KernelInfo {
    int mr, nr;
    MicroKernel kernel;
};
const KernelInfo& kernel_info(Isa isa);

// Packs columns [col0, col0 + width) of op(B)[k, :] (rows [k0, k0 + k) of op(B)) into one panel
// dst[k][nr], zero padding columns width .. nr-1. op(B)(p, j) = trans_b ? b[j*ldb + p] : b[p*ldb + j].
void pack_b_panel(bool trans_b, const float* b, int64_t ldb, int64_t k0, int64_t k, int64_t col0, int width,
                  int nr, float* dst);

// Per-ISA kernels (defined in gemm_avx2.cpp / gemm_avx512.cpp, compiled with those ISA flags; only
// called after cpu_isa() allows them).
extern const KernelInfo kKernelAvx2;
extern const KernelInfo kKernelAvx512;

}  // namespace frnn

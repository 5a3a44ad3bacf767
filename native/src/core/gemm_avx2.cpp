// The AVX2+FMA micro-kernel: a 6 x 16 block of C in 12 ymm accumulators (two per row), one broadcast of
// A and two loads of the packed B panel per k. Compiled with the AVX2 flags; reached only when cpu_isa()
// is avx2 or higher. Columns past nc are computed (B is zero padded) but C is loaded and stored masked.
#include <immintrin.h>

#include "core/gemm_cpu.h"

namespace frnn {
namespace {

constexpr int kMr = 6, kNr = 16;

// Lane mask for the first n of 8 lanes (n may be <= 0 or >= 8).
inline __m256i lanes(int n) {
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), idx);
}

// Every loop over the rows is unrolled, so the accumulators stay in registers (see gemm_avx512.cpp).
template <int MR>
void kernel_rows(int64_t k, const float* a, int64_t rs_a, int64_t cs_a, const float* bp, float* c, int64_t ldc,
                 int nc, float alpha, float beta) {
    __m256 acc0[MR], acc1[MR];
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
        acc0[i] = _mm256_setzero_ps();
        acc1[i] = _mm256_setzero_ps();
    }
    const float* ap[MR];
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) ap[i] = a + i * rs_a;
    for (int64_t p = 0; p < k; p++) {
        const __m256 b0 = _mm256_load_ps(bp + p * kNr);
        const __m256 b1 = _mm256_load_ps(bp + p * kNr + 8);
#pragma GCC unroll 8
        for (int i = 0; i < MR; i++) {
            const __m256 av = _mm256_broadcast_ss(ap[i] + p * cs_a);
            acc0[i] = _mm256_fmadd_ps(av, b0, acc0[i]);
            acc1[i] = _mm256_fmadd_ps(av, b1, acc1[i]);
        }
    }
    const __m256i m0 = lanes(nc), m1 = lanes(nc - 8);
    const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
        float* ci = c + i * ldc;
        __m256 r0 = _mm256_mul_ps(va, acc0[i]), r1 = _mm256_mul_ps(va, acc1[i]);
        if (beta != 0.0f) {
            r0 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(ci, m0), r0);
            r1 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(ci + 8, m1), r1);
        }
        _mm256_maskstore_ps(ci, m0, r0);
        _mm256_maskstore_ps(ci + 8, m1, r1);
    }
}

void kernel(int64_t k, const float* a, int64_t rs_a, int64_t cs_a, int mr, const float* bp, float* c, int64_t ldc,
            int nc, float alpha, float beta) {
    switch (mr) {
        case 6: kernel_rows<6>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 5: kernel_rows<5>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 4: kernel_rows<4>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 3: kernel_rows<3>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 2: kernel_rows<2>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        default: kernel_rows<1>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
    }
}

}  // namespace

const KernelInfo kKernelAvx2 = {kMr, kNr, kernel};

}  // namespace frnn

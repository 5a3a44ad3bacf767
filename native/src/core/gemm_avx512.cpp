// The AVX-512 micro-kernel: an 8 x 32 block of C in 16 zmm accumulators (two per row), one broadcast of
// A per row and two loads of the packed B panel per k. Eight rows divide the usual batch sizes (16, 32,
// 64), so a recurrent step's product has no narrow remainder block, whose few accumulators would leave
// the FMA pipes waiting on their latency. Compiled with the AVX-512 flags; reached only when
// cpu_isa() is avx512. Columns past nc are computed (B is zero padded) but never loaded or stored:
// loads and stores of C are masked.
#include <immintrin.h>

#include "core/gemm_cpu.h"

namespace frnn {
namespace {

constexpr int kMr = 8, kNr = 32;

template <int MR>
void kernel_rows(int64_t k, const float* a, int64_t rs_a, int64_t cs_a, const float* bp, float* c, int64_t ldc,
                 int nc, float alpha, float beta) {
    // Every loop over the rows is unrolled, so the accumulators live in registers from start to end (else
    // GCC zeroes them in memory and spills them after the k loop, a sizable cost per call at k = 64..256).
    __m512 acc0[MR], acc1[MR];
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
        acc0[i] = _mm512_setzero_ps();
        acc1[i] = _mm512_setzero_ps();
    }
    const float* ap[MR];
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) ap[i] = a + i * rs_a;
    for (int64_t p = 0; p < k; p++) {
        const __m512 b0 = _mm512_load_ps(bp + p * kNr);
        const __m512 b1 = _mm512_load_ps(bp + p * kNr + 16);
#pragma GCC unroll 8
        for (int i = 0; i < MR; i++) {
            const __m512 av = _mm512_set1_ps(ap[i][p * cs_a]);
            acc0[i] = _mm512_fmadd_ps(av, b0, acc0[i]);
            acc1[i] = _mm512_fmadd_ps(av, b1, acc1[i]);
        }
    }
    const __mmask16 m0 = nc >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << nc) - 1);
    const __mmask16 m1 = nc >= 32 ? static_cast<__mmask16>(0xFFFF)
                                  : nc <= 16 ? static_cast<__mmask16>(0) : static_cast<__mmask16>((1u << (nc - 16)) - 1);
    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
        float* ci = c + i * ldc;
        __m512 r0 = _mm512_mul_ps(va, acc0[i]), r1 = _mm512_mul_ps(va, acc1[i]);
        if (beta != 0.0f) {
            r0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m0, ci), r0);
            r1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, ci + 16), r1);
        }
        _mm512_mask_storeu_ps(ci, m0, r0);
        _mm512_mask_storeu_ps(ci + 16, m1, r1);
    }
}

void kernel(int64_t k, const float* a, int64_t rs_a, int64_t cs_a, int mr, const float* bp, float* c, int64_t ldc,
            int nc, float alpha, float beta) {
    switch (mr) {
        case 8: kernel_rows<8>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 7: kernel_rows<7>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 6: kernel_rows<6>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 5: kernel_rows<5>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 4: kernel_rows<4>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 3: kernel_rows<3>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        case 2: kernel_rows<2>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
        default: kernel_rows<1>(k, a, rs_a, cs_a, bp, c, ldc, nc, alpha, beta); break;
    }
}

}  // namespace

const KernelInfo kKernelAvx512 = {kMr, kNr, kernel};

}  // namespace frnn

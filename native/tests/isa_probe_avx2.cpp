#if !defined(__AVX2__) || !defined(__FMA__)
#error "this file must be compiled with FRNN_ISA_AVX2_FLAGS (frnn_isa_sources(AVX2 ...))"
#endif
#include <immintrin.h>

#include "isa_probe.h"

float isa_probe_dot8_avx2(const float* a, const float* b) {
    const __m256 products = _mm256_fmadd_ps(_mm256_loadu_ps(a), _mm256_loadu_ps(b), _mm256_setzero_ps());
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, products);
    float sum = 0.0f;
    for (float v : lanes) sum += v;
    return sum;
}

#if !defined(__AVX512F__) || !defined(__AVX512BW__) || !defined(__AVX512DQ__) || !defined(__AVX512VL__)
#error "this file must be compiled with FRNN_ISA_AVX512_FLAGS (frnn_isa_sources(AVX512 ...))"
#endif
#include <immintrin.h>

#include "isa_probe.h"

float isa_probe_dot16_avx512(const float* a, const float* b) {
    const __m512 products = _mm512_fmadd_ps(_mm512_loadu_ps(a), _mm512_loadu_ps(b), _mm512_setzero_ps());
    // Stored and summed rather than _mm512_reduce_add_ps, which trips GCC 12's -Wuninitialized
    // inside its own header (GCC bug 105593).
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, products);
    float sum = 0.0f;
    for (float v : lanes) sum += v;
    return sum;
}

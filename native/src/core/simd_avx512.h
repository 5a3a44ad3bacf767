// The AVX-512 policy for the cells' pointwise passes (see simd.h): 16 floats per value. Include only
// from *_avx512.cpp files (compiled with the AVX-512 flags). Everything here has internal linkage, so
// no AVX-512 code can stand in for a baseline function of the same name at link time.
//
// exp, the logistic function and tanh are evaluated with the classic range reduction and minimax
// polynomials (about 1-2 ulp, against 1 ulp for libm's): x = n ln2 + r, |r| <= ln2/2,
// exp(r) = 1 + r + r^2 P(r), scaled by 2^n; tanh(x) = x + x^3 Q(x^2) for |x| < 0.625, else
// sign(x) (1 - 2 / (exp(2|x|) + 1)). The logistic function uses the overflow-free form of activations.h.
// Reciprocals use the hardware estimate and one Newton step.
#pragma once

// GCC 12's AVX-512 min/max/roundscale/scalef start from _mm512_undefined_ps() and trip
// -Wmaybe-uninitialized inside its own header (GCC bug 105593); the warning is silenced for that header only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <cmath>

#include "fusedrnn/frnn.h"

namespace frnn {
namespace {

struct V16 {
    __m512 v;
    V16() = default;
    V16(__m512 x) : v(x) {}
    V16(float x) : v(_mm512_set1_ps(x)) {}
};
inline V16 operator+(V16 a, V16 b) { return _mm512_add_ps(a.v, b.v); }
inline V16 operator-(V16 a, V16 b) { return _mm512_sub_ps(a.v, b.v); }
inline V16 operator*(V16 a, V16 b) { return _mm512_mul_ps(a.v, b.v); }
inline V16 operator+(float a, V16 b) { return V16(a) + b; }
inline V16 operator-(float a, V16 b) { return V16(a) - b; }
inline V16 operator*(float a, V16 b) { return V16(a) * b; }

struct Avx512Policy {
    using V = V16;
    static constexpr int W = 16;

    static __mmask16 mask(int n) { return n >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << n) - 1); }
    static V load(const float* p, int n) { return _mm512_maskz_loadu_ps(mask(n), p); }
    static void store(float* p, V x, int n) { _mm512_mask_storeu_ps(p, mask(n), x.v); }

    static __m512 exp(__m512 x) {
        x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-88.0f)), _mm512_set1_ps(88.0f));
        const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                              _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
        r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
        __m512 p = _mm512_set1_ps(1.9875691500e-4f);
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
        const __m512 e = _mm512_add_ps(_mm512_fmadd_ps(_mm512_mul_ps(p, r), r, r), _mm512_set1_ps(1.0f));
        return _mm512_scalef_ps(e, n);
    }
    // 1 / d from the hardware estimate refined by one Newton step, r (2 - d r): a few ulp, where a division
    // would cost 10-20 cycles of throughput per vector.
    static __m512 recip(__m512 d) {
        const __m512 r = _mm512_rcp14_ps(d);
        return _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, _mm512_set1_ps(2.0f)));
    }
    static __m512 abs(__m512 x) { return _mm512_abs_ps(x); }
    static __m512 sigmoid(__m512 x) {
        const __m512 e = exp(_mm512_sub_ps(_mm512_setzero_ps(), abs(x)));  // exp(-|x|) <= 1
        const __m512 s = recip(_mm512_add_ps(_mm512_set1_ps(1.0f), e));
        const __mmask16 neg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
        return _mm512_mask_mul_ps(s, neg, e, s);  // x < 0: exp(x) / (1 + exp(x))
    }
    static __m512 tanh(__m512 x) {
        const __m512 a = abs(x);
        const __m512 z = _mm512_mul_ps(x, x);
        __m512 q = _mm512_set1_ps(-5.70498872745e-3f);
        q = _mm512_fmadd_ps(q, z, _mm512_set1_ps(2.06390887954e-2f));
        q = _mm512_fmadd_ps(q, z, _mm512_set1_ps(-5.37397155531e-2f));
        q = _mm512_fmadd_ps(q, z, _mm512_set1_ps(1.33314422036e-1f));
        q = _mm512_fmadd_ps(q, z, _mm512_set1_ps(-3.33332819422e-1f));
        const __m512 small = _mm512_fmadd_ps(_mm512_mul_ps(q, z), x, x);
        const __m512 e2 = exp(_mm512_add_ps(a, a));
        __m512 big = _mm512_sub_ps(_mm512_set1_ps(1.0f),
                                   _mm512_mul_ps(_mm512_set1_ps(2.0f), recip(_mm512_add_ps(e2, _mm512_set1_ps(1.0f)))));
        big = _mm512_or_ps(big, _mm512_and_ps(x, _mm512_set1_ps(-0.0f)));  // sign of x
        return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, _mm512_set1_ps(0.625f), _CMP_LT_OQ), big, small);
    }
    static __m512 clip01(__m512 x) { return _mm512_min_ps(_mm512_max_ps(x, _mm512_setzero_ps()), _mm512_set1_ps(1.0f)); }
    // 1 where lo < x < hi, else 0, times d.
    static __m512 inside(__m512 x, float lo, float hi, float d) {
        const __mmask16 in = _mm512_cmp_ps_mask(x, _mm512_set1_ps(lo), _CMP_GT_OQ) &
                             _mm512_cmp_ps_mask(x, _mm512_set1_ps(hi), _CMP_LT_OQ);
        return _mm512_maskz_mov_ps(in, _mm512_set1_ps(d));
    }

    static V act(int id, V x) {
        switch (id) {
            case FRNN_ACT_TANH: return tanh(x.v);
            case FRNN_ACT_SIGMOID: return sigmoid(x.v);
            case FRNN_ACT_RELU: return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(x.v, _mm512_setzero_ps(), _CMP_GT_OQ), x.v);
            case FRNN_ACT_HARD_SIGMOID_KERAS2:
                return clip01(_mm512_add_ps(_mm512_mul_ps(_mm512_set1_ps(0.2f), x.v), _mm512_set1_ps(0.5f)));
            case FRNN_ACT_HARD_SIGMOID_KERAS3:
                return clip01(_mm512_add_ps(_mm512_div_ps(x.v, _mm512_set1_ps(6.0f)), _mm512_set1_ps(0.5f)));
            default: return x;
        }
    }
    static V deriv(int id, V x, V y) {
        switch (id) {
            case FRNN_ACT_TANH: return 1.0f - y * y;
            case FRNN_ACT_SIGMOID: return y * (1.0f - y);
            case FRNN_ACT_RELU:
                return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(x.v, _mm512_setzero_ps(), _CMP_GT_OQ), _mm512_set1_ps(1.0f));
            case FRNN_ACT_HARD_SIGMOID_KERAS2: return inside(x.v, -2.5f, 2.5f, 0.2f);
            case FRNN_ACT_HARD_SIGMOID_KERAS3: return inside(x.v, -3.0f, 3.0f, 1.0f / 6.0f);
            default: return 1.0f;
        }
    }
};

}  // namespace
}  // namespace frnn

// The AVX2+FMA policy for the cells' pointwise passes (see simd.h): 8 floats per value. Include only
// from *_avx2.cpp files (compiled with the AVX2 flags). Everything here has internal linkage, so
// no AVX2 code can stand in for a baseline function of the same name at link time.
//
// exp, the logistic function and tanh are evaluated with the classic range reduction and minimax
// polynomials as in simd_avx512.h (about 1-2 ulp, against 1 ulp for libm's): x = n ln2 + r, |r| <= ln2/2,
// exp(r) = 1 + r + r^2 P(r), scaled by 2^n; tanh(x) = x + x^3 Q(x^2) for |x| < 0.625, else
// sign(x) (1 - 2 / (exp(2|x|) + 1)). The logistic function uses the overflow-free form of activations.h.
// Reciprocals use the hardware estimate and one Newton step.
#pragma once

#include <immintrin.h>

#include <cmath>

#include "fusedrnn/frnn.h"

namespace frnn {
namespace {

struct V8 {
    __m256 v;
    V8() = default;
    V8(__m256 x) : v(x) {}
    V8(float x) : v(_mm256_set1_ps(x)) {}
};
inline V8 operator+(V8 a, V8 b) { return _mm256_add_ps(a.v, b.v); }
inline V8 operator-(V8 a, V8 b) { return _mm256_sub_ps(a.v, b.v); }
inline V8 operator*(V8 a, V8 b) { return _mm256_mul_ps(a.v, b.v); }
inline V8 operator+(float a, V8 b) { return V8(a) + b; }
inline V8 operator-(float a, V8 b) { return V8(a) - b; }
inline V8 operator*(float a, V8 b) { return V8(a) * b; }

struct Avx2Policy {
    using V = V8;
    static constexpr int W = 8;

    static __m256i mask(int n) {
        return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    }
    static V load(const float* p, int n) { return n >= 8 ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask(n)); }
    static void store(float* p, V x, int n) {
        if (n >= 8) _mm256_storeu_ps(p, x.v);
        else _mm256_maskstore_ps(p, mask(n), x.v);
    }
    static __m256 where(__m256 cond, __m256 yes, __m256 no) { return _mm256_blendv_ps(no, yes, cond); }

    static __m256 exp(__m256 x) {
        // Clamped so that 2^n stays a normal float, built in its exponent bits: n in [-126, 127].
        x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.0f));
        const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                         _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
        r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
        __m256 p = _mm256_set1_ps(1.9875691500e-4f);
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
        const __m256 e = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), _mm256_set1_ps(1.0f));
        const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
        return _mm256_mul_ps(e, _mm256_castsi256_ps(bits));
    }
    // 1 / d from the hardware estimate refined by one Newton step, r (2 - d r): a few ulp, where a division
    // would cost 10-20 cycles of throughput per vector.
    static __m256 recip(__m256 d) {
        const __m256 r = _mm256_rcp_ps(d);
        return _mm256_mul_ps(r, _mm256_fnmadd_ps(d, r, _mm256_set1_ps(2.0f)));
    }
    static __m256 abs(__m256 x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }
    static __m256 sigmoid(__m256 x) {
        const __m256 e = exp(_mm256_sub_ps(_mm256_setzero_ps(), abs(x)));  // exp(-|x|) <= 1
        const __m256 s = recip(_mm256_add_ps(_mm256_set1_ps(1.0f), e));
        const __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
        return where(neg, _mm256_mul_ps(e, s), s);  // x < 0: exp(x) / (1 + exp(x))
    }
    static __m256 tanh(__m256 x) {
        const __m256 a = abs(x);
        const __m256 z = _mm256_mul_ps(x, x);
        __m256 q = _mm256_set1_ps(-5.70498872745e-3f);
        q = _mm256_fmadd_ps(q, z, _mm256_set1_ps(2.06390887954e-2f));
        q = _mm256_fmadd_ps(q, z, _mm256_set1_ps(-5.37397155531e-2f));
        q = _mm256_fmadd_ps(q, z, _mm256_set1_ps(1.33314422036e-1f));
        q = _mm256_fmadd_ps(q, z, _mm256_set1_ps(-3.33332819422e-1f));
        const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(q, z), x, x);
        const __m256 e2 = exp(_mm256_add_ps(a, a));
        __m256 big = _mm256_sub_ps(_mm256_set1_ps(1.0f),
                                   _mm256_mul_ps(_mm256_set1_ps(2.0f), recip(_mm256_add_ps(e2, _mm256_set1_ps(1.0f)))));
        big = _mm256_or_ps(big, _mm256_and_ps(x, _mm256_set1_ps(-0.0f)));  // sign of x
        return where(_mm256_cmp_ps(a, _mm256_set1_ps(0.625f), _CMP_LT_OQ), small, big);
    }
    static __m256 clip01(__m256 x) { return _mm256_min_ps(_mm256_max_ps(x, _mm256_setzero_ps()), _mm256_set1_ps(1.0f)); }
    // 1 where lo < x < hi, else 0, times d.
    static __m256 inside(__m256 x, float lo, float hi, float d) {
        const __m256 in = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_set1_ps(lo), _CMP_GT_OQ),
                                        _mm256_cmp_ps(x, _mm256_set1_ps(hi), _CMP_LT_OQ));
        return _mm256_and_ps(in, _mm256_set1_ps(d));
    }

    static V act(int id, V x) {
        switch (id) {
            case FRNN_ACT_TANH: return tanh(x.v);
            case FRNN_ACT_SIGMOID: return sigmoid(x.v);
            case FRNN_ACT_RELU: return _mm256_and_ps(_mm256_cmp_ps(x.v, _mm256_setzero_ps(), _CMP_GT_OQ), x.v);
            case FRNN_ACT_HARD_SIGMOID_KERAS2:
                return clip01(_mm256_add_ps(_mm256_mul_ps(_mm256_set1_ps(0.2f), x.v), _mm256_set1_ps(0.5f)));
            case FRNN_ACT_HARD_SIGMOID_KERAS3:
                return clip01(_mm256_add_ps(_mm256_div_ps(x.v, _mm256_set1_ps(6.0f)), _mm256_set1_ps(0.5f)));
            default: return x;
        }
    }
    static V deriv(int id, V x, V y) {
        switch (id) {
            case FRNN_ACT_TANH: return 1.0f - y * y;
            case FRNN_ACT_SIGMOID: return y * (1.0f - y);
            case FRNN_ACT_RELU:
                return _mm256_and_ps(_mm256_cmp_ps(x.v, _mm256_setzero_ps(), _CMP_GT_OQ), _mm256_set1_ps(1.0f));
            case FRNN_ACT_HARD_SIGMOID_KERAS2: return inside(x.v, -2.5f, 2.5f, 0.2f);
            case FRNN_ACT_HARD_SIGMOID_KERAS3: return inside(x.v, -3.0f, 3.0f, 1.0f / 6.0f);
            default: return 1.0f;
        }
    }
};

}  // namespace
}  // namespace frnn

// LSTM: the equations and the pointwise forward and backward, the single C++ home of the cell's math
// (mirrors dev.fusedrnn.reference.LstmRef). Keras gate order i, f, c, o (G = 4); sigma the recurrent
// activation, act = tanh:
//   i = sigma(x W_i + h U_i + b_i)    f = sigma(x W_f + h U_f + b_f)
//   g = act(x W_c + h U_c + b_c)      o = sigma(x W_o + h U_o + b_o)
//   c_t = f c_{t-1} + i g             h_t = o act(c_t)
// where h is h_rec (h_{t-1} after recurrent dropout); c_{t-1} is never dropped. Written once over a
// vector policy P (core/simd.h): ScalarPolicy is the scalar path; AVX2/AVX-512 run 8/16 units at once.
#pragma once

#include <cstdint>

#include "core/simd.h"

namespace frnn::lstm {

constexpr int kGates = 4;

// One unit (or P::W units) of one sample. pre[4] holds the pre-activations (i, f, c, o), a[4] receives
// the activations, *c_new and *h_new the new states.
template <class P, class V = typename P::V>
FRNN_HD inline void forward_point(int ract, int act, const V pre[4], V c_prev, V a[4], V* c_new, V* h_new) {
    a[0] = P::act(ract, pre[0]);
    a[1] = P::act(ract, pre[1]);
    a[2] = P::act(act, pre[2]);
    a[3] = P::act(ract, pre[3]);
    const V c = a[1] * c_prev + a[0] * a[2];
    *c_new = c;
    *h_new = a[3] * P::act(act, c);
}

// Backward of forward_point given dh = dL/dh_t and dc = dL/dc_t (from the next step): writes dpre[4] and
// returns dL/dc_{t-1}. c_t is recomputed with the forward's expression, so it is bit-identical.
template <class P, class V = typename P::V>
FRNN_HD inline V backward_point(int ract, int act, const V pre[4], const V a[4], V c_prev, V dh, V dc, V dpre[4]) {
    const V c = a[1] * c_prev + a[0] * a[2];
    const V tc = P::act(act, c);
    const V dct = dc + dh * a[3] * P::deriv(act, c, tc);
    dpre[0] = dct * a[2] * P::deriv(ract, pre[0], a[0]);
    dpre[1] = dct * c_prev * P::deriv(ract, pre[1], a[1]);
    dpre[2] = dct * a[0] * P::deriv(act, pre[2], a[2]);
    dpre[3] = dh * tc * P::deriv(ract, pre[3], a[3]);
    return dct * a[1];
}

// Units [u0, u1) of one sample's row ([4H] gate rows, [H] state rows). pre holds x W on entry and the
// pre-activations on exit (x W + h_rec U + b); rec is h_rec U.
template <class P>
void forward_row(int ract, int act, int64_t H, int64_t u0, int64_t u1, float* pre, const float* rec,
                 const float* bias, float* a, const float* c0, float* c1, float* h1) {
    using V = typename P::V;
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        V p[4], av[4], c, h;
        for (int g = 0; g < 4; g++) {
            const int64_t j = g * H + k;
            p[g] = P::load(pre + j, n) + P::load(rec + j, n) + P::load(bias + j, n);
            P::store(pre + j, p[g], n);
        }
        forward_point<P>(ract, act, p, P::load(c0 + k, n), av, &c, &h);
        for (int g = 0; g < 4; g++) P::store(a + g * H + k, av[g], n);
        P::store(c1 + k, c, n);
        P::store(h1 + k, h, n);
    }
}

// The gates' pre-activation gradients dpre and dc <- dL/dc_{t-1} for units [u0, u1) of one row; dh is
// cleared (h_{t-1} gets its gradient only through the recurrent product).
template <class P>
void backward_row(int ract, int act, int64_t H, int64_t u0, int64_t u1, const float* pre, const float* a,
                  const float* c0, float* dh, float* dc, float* dpre) {
    using V = typename P::V;
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        V p[4], av[4], d[4];
        for (int g = 0; g < 4; g++) {
            p[g] = P::load(pre + g * H + k, n);
            av[g] = P::load(a + g * H + k, n);
        }
        const V dcp = backward_point<P>(ract, act, p, av, P::load(c0 + k, n), P::load(dh + k, n), P::load(dc + k, n), d);
        P::store(dc + k, dcp, n);
        P::store(dh + k, V(0.0f), n);
        for (int g = 0; g < 4; g++) P::store(dpre + g * H + k, d[g], n);
    }
}

struct RowFns {
    void (*forward)(int, int, int64_t, int64_t, int64_t, float*, const float*, const float*, float*, const float*,
                    float*, float*);
    void (*backward)(int, int, int64_t, int64_t, int64_t, const float*, const float*, const float*, float*, float*,
                     float*);
};
template <class P>
constexpr RowFns row_fns() {
    return {&forward_row<P>, &backward_row<P>};
}
extern const RowFns kRowsAvx2, kRowsAvx512;  // cells_avx2.cpp, cells_avx512.cpp

}  // namespace frnn::lstm

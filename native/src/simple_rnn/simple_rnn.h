// SimpleRNN: the equations and the pointwise forward and backward, the single C++ home of the cell's
// math (mirrors dev.fusedrnn.reference.SimpleRnnRef). G = 1, act tanh or relu:
//   pre = x_t W + h_rec U + b        h_t = act(pre)
// where h_rec is h_{t-1} times the recurrent dropout mask and x_t already carries the input dropout.
// Written once over a vector policy P (core/simd.h): P = ScalarPolicy is the scalar path, the AVX2 and
// AVX-512 policies run the same lines 8 or 16 units at a time.
#pragma once

#include <cstdint>

#include "core/simd.h"

namespace frnn::simple_rnn {

constexpr int kGates = 1;

// One unit (or P::W units) of one sample. xw = x_t W, hu = h_rec U. Returns h_t; *pre gets the
// pre-activation.
template <class P, class V = typename P::V>
FRNN_HD inline V forward_point(int act, V xw, V hu, V b, V* pre) {
    *pre = xw + hu + b;
    return P::act(act, *pre);
}

// Backward of forward_point given dh = dL/dh_t: dL/dpre (the gradient of every product and the bias).
template <class P, class V = typename P::V>
FRNN_HD inline V backward_point(int act, V pre, V h_new, V dh) {
    return dh * P::deriv(act, pre, h_new);
}

// Units [u0, u1) of one sample's row. pre holds x W on entry and the pre-activations on exit; rec is
// h_rec U; a (the activation record) and h1 receive h_t.
template <class P>
void forward_row(int act, int64_t u0, int64_t u1, float* pre, const float* rec, const float* bias, float* a,
                 float* h1) {
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        typename P::V p;
        const typename P::V h = forward_point<P>(act, P::load(pre + k, n), P::load(rec + k, n), P::load(bias + k, n), &p);
        P::store(pre + k, p, n);
        P::store(a + k, h, n);
        P::store(h1 + k, h, n);
    }
}

// dpre = dh act'(pre) for units [u0, u1) of one row; dh is then cleared (h_{t-1} gets its gradient only
// through the recurrent product).
template <class P>
void backward_row(int act, int64_t u0, int64_t u1, const float* pre, const float* a, float* dh, float* dpre) {
    for (int64_t k = u0; k < u1; k += P::W) {
        const int n = lanes<P>(k, u1);
        P::store(dpre + k, backward_point<P>(act, P::load(pre + k, n), P::load(a + k, n), P::load(dh + k, n)), n);
        P::store(dh + k, typename P::V(0.0f), n);
    }
}

struct RowFns {
    void (*forward)(int, int64_t, int64_t, float*, const float*, const float*, float*, float*);
    void (*backward)(int, int64_t, int64_t, const float*, const float*, float*, float*);
};
template <class P>
constexpr RowFns row_fns() {
    return {&forward_row<P>, &backward_row<P>};
}
extern const RowFns kRowsAvx2, kRowsAvx512;  // cells_avx2.cpp, cells_avx512.cpp

}  // namespace frnn::simple_rnn

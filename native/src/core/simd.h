// Vector policies for the cells' pointwise passes: the cell headers (<cell>/<cell>.h) write their math
// once over a policy P, with values of type P::V, and run it here one float at a time (ScalarPolicy,
// the baseline path and the reference for the others) or 16 / 8 floats at a time (simd_avx512.h and
// simd_avx2.h, included only by *_avx512.cpp / *_avx2.cpp files). A policy provides:
//   V                      the value type, constructible from a float (broadcast), with + - * (also
//                          mixed with float)
//   W                      lanes per value
//   load(p, n), store(p, v, n)   the first n <= W floats at p (the rest of the lanes are zero / untouched)
//   act(id, x), deriv(id, x, y)  the frnn_activation id's f(x) and f'(x) given y = f(x), as activations.h
#pragma once

#include <cstdint>

#include "core/activations.h"

namespace frnn {

struct ScalarPolicy {
    using V = float;
    static constexpr int W = 1;
    // Host and device: the CUDA kernels run the cells' point functions with this policy.
    FRNN_HD static V load(const float* p, int) { return *p; }
    FRNN_HD static void store(float* p, V v, int) { *p = v; }
    FRNN_HD static V act(int id, V x) { return activation_forward(id, x); }
    FRNN_HD static V deriv(int id, V x, V y) { return activation_derivative(id, x, y); }
};

// Lanes of the chunk starting at unit k of a range ending at u1.
template <class P>
inline int lanes(int64_t k, int64_t u1) {
    return u1 - k < P::W ? static_cast<int>(u1 - k) : P::W;
}

// The optional multiplier m (a dropout mask; NULL = 1) at p, as a value.
template <class P>
inline typename P::V load_or_one(const float* p, int n) {
    return p != nullptr ? P::load(p, n) : typename P::V(1.0f);
}

}  // namespace frnn

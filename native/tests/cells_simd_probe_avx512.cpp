#include "core/simd_avx512.h"
#include "cells_simd_probe.h"

void cells_simd_probe_avx512(int activation, int n, const float* x, float* y, float* d) {
    using P = frnn::Avx512Policy;
    for (int i = 0; i < n; i += P::W) {
        const int lanes = n - i < P::W ? n - i : P::W;
        const P::V xv = P::load(x + i, lanes), yv = P::act(activation, xv);
        P::store(y + i, yv, lanes);
        P::store(d + i, P::deriv(activation, xv, yv), lanes);
    }
}

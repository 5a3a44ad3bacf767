// The vector activations of the cells' pointwise passes (core/simd_avx2.h, core/simd_avx512.h) against
// double precision and against the scalar path (core/activations.h), on every ISA path this CPU has,
// over a dense grid and the edge values (0, the hard sigmoids' kinks, saturation, partial vectors).
//
// Bounds: the polynomial logistic function and tanh are within 8 float spacings (ulp) of the exact value,
// or within 2^-100 absolutely (the logistic function below x = -87 returns exp(-87)-sized values where the
// exact one is smaller still: nothing a float32 layer can observe). The piecewise linear ones (relu, hard
// sigmoids) use the scalar path's float expression and, compiled without contraction into FMA like the
// cells, must match it exactly; so must every derivative, given the same (x, y).
#include <cmath>
#include <vector>

#include "cells_simd_probe.h"
#include "check.h"
#include "core/activations.h"
#include "fusedrnn/frnn.h"

namespace {

double exact(int a, double x) {
    switch (a) {
        case FRNN_ACT_TANH: return std::tanh(x);
        case FRNN_ACT_SIGMOID: return 1.0 / (1.0 + std::exp(-x));
        default: return frnn::activation_forward(a, static_cast<float>(x));
    }
}

void check_path(const char* name, void (*probe)(int, int, const float*, float*, float*)) {
    std::vector<float> x;
    for (int i = -40000; i <= 40000; i++) x.push_back(static_cast<float>(i) * 5e-4f);  // [-20, 20]
    for (float v : {0.0f, -0.0f, 2.5f, -2.5f, 3.0f, -3.0f, 0.625f, -0.625f, 1e-30f, -1e-30f, 40.0f, -40.0f, 90.0f,
                    -90.0f, 1e30f, -1e30f, 87.0f, -87.0f})
        x.push_back(v);
    x.push_back(0.3f);  // makes the count odd: the last vector is partial
    const int n = static_cast<int>(x.size());
    std::vector<float> y(n), d(n);
    for (int a : {FRNN_ACT_TANH, FRNN_ACT_SIGMOID, FRNN_ACT_RELU, FRNN_ACT_HARD_SIGMOID_KERAS2,
                  FRNN_ACT_HARD_SIGMOID_KERAS3}) {
        probe(a, n, x.data(), y.data(), d.data());
        int bad = 0;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            const double want = exact(a, x[i]);
            const float w = std::fabs(static_cast<float>(want));
            const double spacing = static_cast<double>(std::nextafter(w, INFINITY)) - w;
            const double err = std::fabs(y[i] - want) / spacing;
            const bool smooth = a == FRNN_ACT_TANH || a == FRNN_ACT_SIGMOID;
            const bool close = err <= 8 || std::fabs(y[i] - want) <= std::ldexp(1.0, -100);
            const bool ok = (smooth ? close : y[i] == frnn::activation_forward(a, x[i])) &&
                            d[i] == frnn::activation_derivative(a, x[i], y[i]);
            if (std::fabs(want) > std::ldexp(1.0, -100)) worst = std::fmax(worst, err);
            if (!ok && bad++ < 3)
                fprintf(stderr, "    %s act %d: x = %.9g: y = %.9g (want %.9g, %.1f spacings), d = %.9g (want %.9g)\n",
                        name, a, x[i], y[i], want, err, d[i], frnn::activation_derivative(a, x[i], y[i]));
        }
        CHECK(bad == 0);
        printf("cells_simd_test: %s activation %d: worst %.2f spacings (values above 2^-100)\n", name, a, worst);
    }
}

}  // namespace

int main() {
    const int f = frnn_cpu_features();
    if ((f & FRNN_CPU_AVX2) && (f & FRNN_CPU_FMA)) check_path("avx2", cells_simd_probe_avx2);
    else printf("cells_simd_test: no AVX2+FMA here; path not run\n");
    const int avx512 = FRNN_CPU_AVX512F | FRNN_CPU_AVX512BW | FRNN_CPU_AVX512DQ | FRNN_CPU_AVX512VL | FRNN_CPU_FMA;
    if ((f & avx512) == avx512) check_path("avx512", cells_simd_probe_avx512);
    else printf("cells_simd_test: no AVX-512 here; path not run\n");
    return check::report("cells_simd_test");
}

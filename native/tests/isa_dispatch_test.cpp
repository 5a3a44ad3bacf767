// The per-ISA flags reach their translation units (compile-time #error there otherwise), this file
// is compiled for the baseline ISA, and the ISA paths run when frnn_cpu_features() reports them.
// Inputs are small integers, so every path's sum is exact and must equal the scalar one.
#if defined(__AVX2__) || defined(__AVX512F__)
#error "the dispatching translation unit must be compiled for the baseline ISA"
#endif
#include "check.h"
#include "fusedrnn/frnn.h"
#include "isa_probe.h"

int main() {
    float a[16], b[16];
    float dot8 = 0.0f, dot16 = 0.0f;
    for (int i = 0; i < 16; ++i) {
        a[i] = static_cast<float>(i - 7);
        b[i] = static_cast<float>(3 * i + 1);
        if (i < 8) dot8 += a[i] * b[i];
        dot16 += a[i] * b[i];
    }
    const int features = frnn_cpu_features();
    if ((features & FRNN_CPU_AVX2) && (features & FRNN_CPU_FMA)) {
        CHECK(isa_probe_dot8_avx2(a, b) == dot8);
    } else {
        printf("isa_dispatch_test: no AVX2+FMA here; AVX2 path not run\n");
    }
    const int avx512 = FRNN_CPU_AVX512F | FRNN_CPU_AVX512BW | FRNN_CPU_AVX512DQ | FRNN_CPU_AVX512VL;
    if ((features & avx512) == avx512) {
        CHECK(isa_probe_dot16_avx512(a, b) == dot16);
    } else {
        printf("isa_dispatch_test: no AVX-512 F/BW/DQ/VL here; AVX-512 path not run\n");
    }
    return check::report("isa_dispatch_test");
}

#include "core/isa.h"

#include <stdlib.h>
#include <string.h>

#include <string>

#include "core/cpu_features.h"
#include "core/error.h"

namespace frnn {
namespace {

struct Choice {
    Isa isa;
    std::string problem;  // why FRNN_CPU_ISA was not honoured, or ""
};

Choice choose() {
    const Isa best = best_isa();
    const char* env = getenv("FRNN_CPU_ISA");
    if (env == nullptr || *env == '\0') return {best, ""};
    Isa wanted;
    if (strcmp(env, "avx512") == 0) {
        wanted = Isa::kAvx512;
    } else if (strcmp(env, "avx2") == 0) {
        wanted = Isa::kAvx2;
    } else if (strcmp(env, "scalar") == 0) {
        wanted = Isa::kScalar;
    } else {
        return {best, format("FRNN_CPU_ISA='%s' is not a path name; use avx512, avx2 or scalar, or unset it "
                             "(running %s)", env, isa_name(best))};
    }
    // A path above the CPU's is capped to the best one it has (frnn.h: never a higher path).
    if (static_cast<int>(wanted) > static_cast<int>(best)) return {best, ""};
    return {wanted, ""};
}

const Choice& choice() {
    static const Choice c = choose();  // thread-safe one-time initialisation
    return c;
}

}  // namespace

Isa best_isa() {
    const int f = cpu_features();
    const int avx512 = FRNN_CPU_AVX512F | FRNN_CPU_AVX512BW | FRNN_CPU_AVX512DQ | FRNN_CPU_AVX512VL | FRNN_CPU_FMA;
    const int avx2 = FRNN_CPU_AVX2 | FRNN_CPU_FMA;
    if ((f & avx512) == avx512 && (f & avx2) == avx2) return Isa::kAvx512;
    if ((f & avx2) == avx2) return Isa::kAvx2;
    return Isa::kScalar;
}

Isa cpu_isa() { return choice().isa; }

const char* cpu_isa_env_problem() { return choice().problem.c_str(); }

const char* isa_name(Isa isa) {
    switch (isa) {
        case Isa::kAvx512: return "avx512";
        case Isa::kAvx2: return "avx2";
        default: return "scalar";
    }
}

}  // namespace frnn

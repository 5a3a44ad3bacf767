#include "core/cpu_features.h"

#include "fusedrnn/frnn.h"

namespace frnn {
namespace {

// One row per FRNN_CPU_* bit: the bit, its /proc/cpuinfo name, and whether this CPU has it.
// __builtin_cpu_supports takes a literal, so each row evaluates its own call. GCC's checks include
// the operating system's support for the AVX and AVX-512 register state (XGETBV).
struct Feature {
    int bit;
    const char* name;
};

constexpr Feature kFeatures[] = {
    {FRNN_CPU_AVX2, "avx2"},         {FRNN_CPU_FMA, "fma"},
    {FRNN_CPU_AVX512F, "avx512f"},   {FRNN_CPU_AVX512CD, "avx512cd"},
    {FRNN_CPU_AVX512BW, "avx512bw"}, {FRNN_CPU_AVX512DQ, "avx512dq"},
    {FRNN_CPU_AVX512VL, "avx512vl"}, {FRNN_CPU_AVX512VNNI, "avx512_vnni"},
    {FRNN_CPU_AVX512BF16, "avx512_bf16"},
};
static_assert(sizeof(kFeatures) / sizeof(kFeatures[0]) == FRNN_CPU_FEATURE_BITS,
              "one name per FRNN_CPU_* bit");

int detect() {
    __builtin_cpu_init();
    int mask = 0;
    if (__builtin_cpu_supports("avx2")) mask |= FRNN_CPU_AVX2;
    if (__builtin_cpu_supports("fma")) mask |= FRNN_CPU_FMA;
    if (__builtin_cpu_supports("avx512f")) mask |= FRNN_CPU_AVX512F;
    if (__builtin_cpu_supports("avx512cd")) mask |= FRNN_CPU_AVX512CD;
    if (__builtin_cpu_supports("avx512bw")) mask |= FRNN_CPU_AVX512BW;
    if (__builtin_cpu_supports("avx512dq")) mask |= FRNN_CPU_AVX512DQ;
    if (__builtin_cpu_supports("avx512vl")) mask |= FRNN_CPU_AVX512VL;
    if (__builtin_cpu_supports("avx512vnni")) mask |= FRNN_CPU_AVX512VNNI;
    if (__builtin_cpu_supports("avx512bf16")) mask |= FRNN_CPU_AVX512BF16;
    return mask;
}

}  // namespace

int cpu_features() {
    static const int mask = detect();  // thread-safe one-time initialisation
    return mask;
}

const char* cpu_feature_name(int bit) {
    for (const Feature& f : kFeatures)
        if (f.bit == bit) return f.name;
    return nullptr;
}

}  // namespace frnn

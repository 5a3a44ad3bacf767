// Runtime CPU feature detection for choosing an ISA path. Compiled for the baseline x86-64 ISA so
// that it runs on every x86-64 CPU, including those without AVX.
#pragma once

namespace frnn {

// The FRNN_CPU_* bits (frnn.h) supported by this CPU and enabled by the operating system; detected
// once per process.
int cpu_features();

// The /proc/cpuinfo flag name of one FRNN_CPU_* bit, or nullptr when `bit` is not exactly one
// defined bit.
const char* cpu_feature_name(int bit);

}  // namespace frnn

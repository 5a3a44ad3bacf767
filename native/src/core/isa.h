// The instruction-set path of the CPU kernels, chosen at run time: AVX-512 -> AVX2+FMA -> scalar.
// Compiled for the baseline x86-64 ISA (no AVX), like everything that runs before the choice is made.
#pragma once

namespace frnn {

enum class Isa { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

// The best path this CPU and operating system support (AVX-512 needs F, BW, DQ and VL; AVX2 needs FMA).
Isa best_isa();

// The path the kernels run: best_isa(), lowered by the environment variable FRNN_CPU_ISA (avx512 | avx2 |
// scalar); a path above best_isa() is capped to it. Read once per process.
Isa cpu_isa();

// Non-empty when FRNN_CPU_ISA holds an unknown name (frnn_context_create then fails with this message,
// which says what and what to try). Static storage.
const char* cpu_isa_env_problem();

// "avx512", "avx2" or "scalar".
const char* isa_name(Isa isa);

}  // namespace frnn

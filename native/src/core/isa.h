// The instruction-set path of the CPU kernels, chosen at run time: AVX-512 -> AVX2+FMA -> scalar.
// Compiled for the baseline x86-64 ISA (no AVX), like everything that runs before the choice is made.
#pragma once

namespace frnn {

enum class Isa { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

// The best path this CPU and operating system support (AVX-512 needs F, BW, DQ and VL; AVX2 needs FMA).
Isa best_isa();

// The path the kernels run: best_isa(), lowered by the environment variable FRNN_CPU_ISA (avx512 | avx2 |
// scalar) when set to a path not above the best one. Read once per process.
Isa cpu_isa();

// Non-empty when FRNN_CPU_ISA is set to something cpu_isa() could not honour (an unknown name, or a path
// this CPU lacks): the message says what and what to try. Static storage.
const char* cpu_isa_env_problem();

// "avx512", "avx2" or "scalar".
const char* isa_name(Isa isa);

}  // namespace frnn

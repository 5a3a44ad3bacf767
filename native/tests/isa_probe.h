// Probes of the per-ISA build flags (cmake/FrnnCpu.cmake): each function lives in a translation unit
// compiled with one ISA's flags and may be called only after frnn_cpu_features() reports that ISA.
#pragma once

// a[0..7] . b[0..7] with AVX2 + FMA instructions.
float isa_probe_dot8_avx2(const float* a, const float* b);

// a[0..15] . b[0..15] with AVX-512F instructions.
float isa_probe_dot16_avx512(const float* a, const float* b);

// Entry points into the vector policies of the cells' pointwise passes (core/simd_avx2.h,
// core/simd_avx512.h), each compiled in its own file with that ISA's flags: y[i] = f(x[i]) and
// d[i] = f'(x[i]) given y, for n floats, computed a vector at a time (the last one partial).
#pragma once

void cells_simd_probe_avx2(int activation, int n, const float* x, float* y, float* d);
void cells_simd_probe_avx512(int activation, int n, const float* x, float* y, float* d);

// Element-wise and layout operations on the host. Plain loops in increasing index order without
// restrict, so an output that overlaps an input gives the sequential result the reference gives (the
// compiler vectorises behind its own overlap checks). Mirrors dev.fusedrnn.reference.TensorOpsRef.
#include <stdint.h>
#include <string.h>

#include "ops/ops_cpu.h"
#include "ops/scratch.h"

namespace frnn::ops {

void fill(int64_t n, float value, float* x) {
    for (int64_t i = 0; i < n; i++) x[i] = value;
}

// mask[r] = 1 when any x[r, k] != value, compared in double like the reference (NaN never equal).
void not_equal_mask(int64_t rows, int64_t cols, const float* x, double value, float* mask) {
    for (int64_t r = 0; r < rows; r++) {
        bool any = false;
        for (int64_t k = 0; k < cols && !any; k++) any = static_cast<double>(x[r * cols + k]) != value;
        mask[r] = any ? 1.0f : 0.0f;
    }
}

void scale_rows(int64_t rows, int64_t cols, const float* x, const float* s, float* out) {
    for (int64_t r = 0; r < rows; r++) {
        const float sr = s[r];
        for (int64_t k = 0; k < cols; k++) out[r * cols + k] = x[r * cols + k] * sr;
    }
}

// A product of two floats is exact in double, so float multiplication rounds exactly as the reference.
void multiply(int64_t n, const float* a, const float* b, float* out) {
    for (int64_t i = 0; i < n; i++) out[i] = a[i] * b[i];
}

// alpha a + beta b in double, rounded once; b is not read when beta == 0 (so 0 * inf cannot leak in).
void axpby(int64_t n, double alpha, const float* a, double beta, const float* b, float* out) {
    if (beta == 0.0) {
        for (int64_t i = 0; i < n; i++) out[i] = static_cast<float>(alpha * a[i]);
        return;
    }
    for (int64_t i = 0; i < n; i++) out[i] = static_cast<float>(alpha * a[i] + beta * b[i]);
}

// memcpy of whole rows; a zero-width side is skipped (its pointer may be NULL).
static inline void copy_floats(float* dst, const float* src, int64_t n) {
    if (n > 0) memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
}

// out[b, t, :] = x[b, T-1-t, :]; when out overlaps x the input is first copied to scratch.
void reverse_time(int64_t batch, int64_t time, int64_t features, const float* x, float* out) {
    const int64_t n = batch * time * features;
    const uintptr_t xa = reinterpret_cast<uintptr_t>(x), oa = reinterpret_cast<uintptr_t>(out);
    const uintptr_t bytes = static_cast<uintptr_t>(n) * sizeof(float);
    const bool overlap = xa < oa + bytes && oa < xa + bytes;
    if (overlap) {
        float* copy = thread_scratch<float, 1>(static_cast<size_t>(n));
        memcpy(copy, x, static_cast<size_t>(n) * sizeof(float));
        x = copy;
    }
    for (int64_t b = 0; b < batch; b++)
        for (int64_t t = 0; t < time; t++)
            copy_floats(out + (b * time + t) * features, x + (b * time + (time - 1 - t)) * features, features);
}

void concat_columns(int64_t rows, int64_t ka, int64_t kb, const float* a, const float* b, float* out) {
    const int64_t k = ka + kb;
    for (int64_t r = 0; r < rows; r++) {
        copy_floats(out + r * k, a + r * ka, ka);
        copy_floats(out + r * k + ka, b + r * kb, kb);
    }
}

void split_columns(int64_t rows, int64_t ka, int64_t kb, const float* in, float* a, float* b) {
    const int64_t k = ka + kb;
    for (int64_t r = 0; r < rows; r++) {
        copy_floats(a + r * ka, in + r * k, ka);
        copy_floats(b + r * kb, in + r * k + ka, kb);
    }
}

}  // namespace frnn::ops

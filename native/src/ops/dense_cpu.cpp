// Dense layer on the host: the product through the shared GEMM, then bias and activation in one pass
// per row; backward forms dz once and feeds it to two GEMMs (dKernel, dx) and a fixed-order column sum
// (dBias). Mirrors dev.fusedrnn.reference.DenseRef, evaluated in float32 (sums of a row in double).
#include <math.h>

#include "core/activations.h"
#include "core/gemm_cpu.h"
#include "ops/ops_cpu.h"
#include "ops/scratch.h"

namespace frnn::ops {

// One row z[out] -> softmax in place: exp(z - max) / sum, the sum accumulated in double.
static void softmax_row(int64_t out, float* z) {
    float max = z[0];
    for (int64_t o = 1; o < out; o++) max = z[o] > max ? z[o] : max;
    double sum = 0.0;
    for (int64_t o = 0; o < out; o++) {
        z[o] = expf(z[o] - max);
        sum += z[o];
    }
    const double inv = 1.0 / sum;
    for (int64_t o = 0; o < out; o++) z[o] = static_cast<float>(z[o] * inv);
}

// y = x . kernel (GEMM, y overwritten), then per row: + bias, activation.
void dense_forward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x, const float* kernel,
                   const float* bias, int activation, float* y) {
    if (rows == 0) return;
    gemm(ctx, false, false, rows, out, in, 1.0f, x, in, kernel, out, 0.0f, y, out);
    for (int64_t r = 0; r < rows; r++) {
        float* yr = y + r * out;
        if (bias != nullptr)
            for (int64_t o = 0; o < out; o++) yr[o] += bias[o];
        if (activation == FRNN_DENSE_SOFTMAX) {
            softmax_row(out, yr);
        } else if (activation != FRNN_ACT_LINEAR) {
            for (int64_t o = 0; o < out; o++) yr[o] = activation_forward(activation, yr[o]);
        }
    }
}

// f'(z) from y = f(z), as DenseRef.slopeFromOutput: relu from y > 0; hard sigmoids their slope where
// 0 < y < 1 (strictly inside the linear region) and 0 where saturated; the others from y alone.
static inline float slope_from_output(int activation, float y) {
    switch (activation) {
        case FRNN_ACT_RELU: return y > 0.0f ? 1.0f : 0.0f;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: return (y > 0.0f && y < 1.0f) ? 0.2f : 0.0f;
        case FRNN_ACT_HARD_SIGMOID_KERAS3: return (y > 0.0f && y < 1.0f) ? 1.0f / 6.0f : 0.0f;
        default: return activation_derivative(activation, NAN, y);
    }
}

// dz[R, out] from dy and y; then dKernel = x^T dz, dBias = column sums of dz, dx = dz kernel^T.
void dense_backward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x, const float* y,
                    const float* dy, const float* kernel, int activation, float* dx, float* d_kernel, float* d_bias) {
    if (rows == 0) {  // no rows: every sum is empty
        fill(in * out, 0.0f, d_kernel);
        if (d_bias != nullptr) fill(out, 0.0f, d_bias);
        return;
    }
    float* dz = thread_scratch<float, 0>(static_cast<size_t>(rows * out));
    for (int64_t r = 0; r < rows; r++) {
        const float* yr = y + r * out;
        const float* dyr = dy + r * out;
        float* dzr = dz + r * out;
        if (activation == FRNN_DENSE_SOFTMAX) {
            double dot = 0.0;  // sum_k dy_k y_k
            for (int64_t o = 0; o < out; o++) dot += static_cast<double>(dyr[o]) * yr[o];
            for (int64_t o = 0; o < out; o++) dzr[o] = static_cast<float>(yr[o] * (dyr[o] - dot));
        } else {
            for (int64_t o = 0; o < out; o++) dzr[o] = dyr[o] * slope_from_output(activation, yr[o]);
        }
    }
    gemm(ctx, true, false, in, out, rows, 1.0f, x, in, dz, out, 0.0f, d_kernel, out);
    if (d_bias != nullptr) {
        // Rows in increasing order into double accumulators: deterministic and as accurate as the GEMMs.
        double* acc = thread_scratch<double, 0>(static_cast<size_t>(out));
        for (int64_t o = 0; o < out; o++) acc[o] = 0.0;
        for (int64_t r = 0; r < rows; r++)
            for (int64_t o = 0; o < out; o++) acc[o] += dz[r * out + o];
        for (int64_t o = 0; o < out; o++) d_bias[o] = static_cast<float>(acc[o]);
    }
    if (dx != nullptr) gemm(ctx, false, true, rows, in, out, 1.0f, dz, out, kernel, out, 0.0f, dx, in);
}

}  // namespace frnn::ops

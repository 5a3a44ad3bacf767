// Optimizer updates and gradient clipping on the device, the CUDA twin of ops/optimizer_cpu.cpp: Keras
// 3's update rules in the same order of operations, each element in double from its float values and
// rounded once per stored value; Adam's bias-corrected step size is computed once on the host, as there.
#include <math.h>

#include "core/cuda_status.h"
#include "ops/ops_cuda.h"

namespace frnn::cuda::ops {
namespace {

// Java's Math.min(hi, Math.max(lo, x)) in double: NaN stays NaN.
__global__ void clip_kernel(int64_t n, double lo, double hi, float* x) {
    FRNN_GRID_LOOP(i, n) {
        const double v = x[i];
        if (v < lo) x[i] = static_cast<float>(lo);
        else if (v > hi) x[i] = static_cast<float>(hi);
    }
}

// Plain: p -= lr g. Momentum (m = state): m = mu m - lr g; p += m, or with Nesterov p += mu m - lr g.
__global__ void sgd_kernel(int64_t n, double lr, double mu, bool nesterov, float* p, const float* g, float* m) {
    FRNN_GRID_LOOP(i, n) {
        if (mu == 0.0) {
            p[i] = static_cast<float>(p[i] - g[i] * lr);
            continue;
        }
        const double mi = m[i] * mu - g[i] * lr;
        m[i] = static_cast<float>(mi);
        p[i] = static_cast<float>(p[i] + (nesterov ? mi * mu - g[i] * lr : mi));
    }
}

// m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); p -= m alpha / (sqrt v + eps).
__global__ void adam_kernel(int64_t n, double b1, double b2, double alpha, double eps, float* p, const float* g,
                            float* m, float* v) {
    FRNN_GRID_LOOP(i, n) {
        const double gi = g[i];
        const double mi = m[i] + (gi - m[i]) * (1.0 - b1);
        const double vi = v[i] + (gi * gi - v[i]) * (1.0 - b2);
        m[i] = static_cast<float>(mi);
        v[i] = static_cast<float>(vi);
        p[i] = static_cast<float>(p[i] - mi * alpha / (sqrt(vi) + eps));
    }
}

// a = rho a + (1 - rho) g^2; p -= lr g / sqrt(a + eps).
__global__ void rmsprop_kernel(int64_t n, double lr, double rho, double eps, float* p, const float* g, float* a) {
    FRNN_GRID_LOOP(i, n) {
        const double gi = g[i];
        const double ai = rho * a[i] + (1.0 - rho) * (gi * gi);
        a[i] = static_cast<float>(ai);
        p[i] = static_cast<float>(p[i] - lr * gi / sqrt(ai + eps));
    }
}

}  // namespace

double sum_of_squares(frnn_cuda_context* ctx, int64_t n, const float* x) {
    double* out = reinterpret_cast<double*>(ctx->reserve(2));
    sum_floats(ctx, x, n, true, out);
    return read_double(ctx, out);
}

void clip(frnn_cuda_context* ctx, int64_t n, double lo, double hi, float* x) {
    if (n == 0) return;
    FRNN_LAUNCH(blocks_for(n), kThreads, ctx->stream, clip_kernel)(n, lo, hi, x);
    FRNN_CUDA_CHECK(cudaGetLastError());
}

int optimizer_state_slots(const OptimizerParams& p) {
    switch (p.kind) {
        case FRNN_OPT_SGD: return p.momentum != 0.0 ? 1 : 0;
        case FRNN_OPT_ADAM: return 2;
        default: return 1;
    }
}

void optimizer_step(frnn_cuda_context* ctx, const OptimizerParams& o, int64_t n, float* params, const float* grads,
                    float* state, int64_t iteration) {
    if (n == 0) return;
    const unsigned blocks = blocks_for(n);
    switch (o.kind) {
        case FRNN_OPT_SGD:
            FRNN_LAUNCH(blocks, kThreads, ctx->stream, sgd_kernel)(n, o.learning_rate, o.momentum, o.nesterov, params,
                                                                   grads, state);
            break;
        case FRNN_OPT_ADAM: {
            const double t = static_cast<double>(iteration) + 1.0;
            const double alpha = o.learning_rate * sqrt(1.0 - pow(o.beta2, t)) / (1.0 - pow(o.beta1, t));
            FRNN_LAUNCH(blocks, kThreads, ctx->stream, adam_kernel)(n, o.beta1, o.beta2, alpha, o.epsilon, params,
                                                                    grads, state, state + n);
            break;
        }
        default:
            FRNN_LAUNCH(blocks, kThreads, ctx->stream, rmsprop_kernel)(n, o.learning_rate, o.rho, o.epsilon, params,
                                                                       grads, state);
            break;
    }
    FRNN_CUDA_CHECK(cudaGetLastError());
}

}  // namespace frnn::cuda::ops

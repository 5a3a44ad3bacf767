// Optimizer updates and gradient clipping on the host: Keras 3's update rules (see
// dev.fusedrnn.backend.OptimizerSpec and dev.fusedrnn.reference.OptimizerRef), in the same order of
// operations, each element computed in double from its float values and rounded once per stored value.
#include <math.h>

#include "ops/ops_cpu.h"

namespace frnn::ops {

double sum_of_squares(int64_t n, const float* x) {
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += static_cast<double>(x[i]) * x[i];
    return s;
}

// Math.min(hi, Math.max(lo, x)) in double: NaN stays NaN.
void clip(int64_t n, double lo, double hi, float* x) {
    for (int64_t i = 0; i < n; i++) {
        const double v = x[i];
        if (v < lo) x[i] = static_cast<float>(lo);
        else if (v > hi) x[i] = static_cast<float>(hi);
    }
}

int optimizer_state_slots(const OptimizerParams& p) {
    switch (p.kind) {
        case FRNN_OPT_SGD: return p.momentum != 0.0 ? 1 : 0;
        case FRNN_OPT_ADAM: return 2;
        default: return 1;
    }
}

namespace {

// Plain: p -= lr g. Momentum (m = state): m = mu m - lr g; p += m, or with Nesterov p += mu m - lr g.
void sgd(const OptimizerParams& o, int64_t n, float* p, const float* g, float* m) {
    const double lr = o.learning_rate, mu = o.momentum;
    if (mu == 0.0) {
        for (int64_t i = 0; i < n; i++) p[i] = static_cast<float>(p[i] - g[i] * lr);
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        const double mi = m[i] * mu - g[i] * lr;
        m[i] = static_cast<float>(mi);
        p[i] = static_cast<float>(p[i] + (o.nesterov ? mi * mu - g[i] * lr : mi));
    }
}

// m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); p -= m alpha / (sqrt v + eps), with the bias correction
// in alpha = lr sqrt(1 - b2^t) / (1 - b1^t).
void adam(const OptimizerParams& o, int64_t n, float* p, const float* g, float* m, float* v, int64_t iteration) {
    const double t = static_cast<double>(iteration) + 1.0;
    const double b1 = o.beta1, b2 = o.beta2;
    const double alpha = o.learning_rate * sqrt(1.0 - pow(b2, t)) / (1.0 - pow(b1, t));
    for (int64_t i = 0; i < n; i++) {
        const double gi = g[i];
        const double mi = m[i] + (gi - m[i]) * (1.0 - b1);
        const double vi = v[i] + (gi * gi - v[i]) * (1.0 - b2);
        m[i] = static_cast<float>(mi);
        v[i] = static_cast<float>(vi);
        p[i] = static_cast<float>(p[i] - mi * alpha / (sqrt(vi) + o.epsilon));
    }
}

// a = rho a + (1 - rho) g^2; p -= lr g / sqrt(a + eps).
void rmsprop(const OptimizerParams& o, int64_t n, float* p, const float* g, float* a) {
    for (int64_t i = 0; i < n; i++) {
        const double gi = g[i];
        const double ai = o.rho * a[i] + (1.0 - o.rho) * (gi * gi);
        a[i] = static_cast<float>(ai);
        p[i] = static_cast<float>(p[i] - o.learning_rate * gi / sqrt(ai + o.epsilon));
    }
}

}  // namespace

void optimizer_step(const OptimizerParams& o, int64_t n, float* params, const float* grads, float* state,
                    int64_t iteration) {
    switch (o.kind) {
        case FRNN_OPT_SGD: sgd(o, n, params, grads, state); break;
        case FRNN_OPT_ADAM: adam(o, n, params, grads, state, state + n, iteration); break;
        default: rmsprop(o, n, params, grads, state); break;
    }
}

}  // namespace frnn::ops

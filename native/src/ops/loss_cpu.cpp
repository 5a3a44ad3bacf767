// Losses and metrics on the host, computed in double from the float inputs with rows in increasing
// order, so results are deterministic and agree with dev.fusedrnn.reference.LossRef (which computes
// in double from the same float values) to double round-off. Keras 3 semantics, probabilities
// (from_logits=False), epsilon 1e-7; see LossRef's class comment for the formulas and their sources.
#include <math.h>

#include "ops/ops_cpu.h"
#include "ops/scratch.h"

namespace frnn::ops {

namespace {

constexpr double kEpsilon = 1e-7;  // Keras' backend.epsilon()

// Math.min(1 - eps, Math.max(eps, p)) as Java evaluates it: a NaN stays NaN (fmin/fmax would drop it).
double clip_probability(double p) { return p < kEpsilon ? kEpsilon : (p > 1.0 - kEpsilon ? 1.0 - kEpsilon : p); }

// Whether the clip passes p through (derivative 1), as opposed to clamping it (derivative 0).
bool inside(double p) { return p >= kEpsilon && p <= 1.0 - kEpsilon; }

double sign(double d) { return d > 0.0 ? 1.0 : (d < 0.0 ? -1.0 : 0.0); }

bool sparse_loss(int kind) { return kind == FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY; }

// Row r of the prediction and target into p[K] and y[K] (a class id becomes its one-hot row).
void load_row(int64_t r, int64_t cols, const float* pred, const float* target, bool sparse, double* p, double* y) {
    for (int64_t k = 0; k < cols; k++) p[k] = pred[r * cols + k];
    if (sparse) {
        for (int64_t k = 0; k < cols; k++) y[k] = 0.0;
        y[static_cast<int64_t>(target[r])] = 1.0;
    } else {
        for (int64_t k = 0; k < cols; k++) y[k] = target[r * cols + k];
    }
}

// l for one row p[K], y[K]; writes dl/dp into g[K].
double row_loss(int kind, int64_t cols, const double* p, const double* y, double* g) {
    double l = 0.0;
    switch (kind) {
        case FRNN_LOSS_MSE:
            for (int64_t k = 0; k < cols; k++) {
                const double d = p[k] - y[k];
                l += d * d;
                g[k] = 2.0 * d / cols;
            }
            return l / cols;
        case FRNN_LOSS_MAE:
            for (int64_t k = 0; k < cols; k++) {
                const double d = p[k] - y[k];
                l += fabs(d);
                g[k] = sign(d) / cols;
            }
            return l / cols;
        case FRNN_LOSS_BINARY_CROSSENTROPY:
            for (int64_t k = 0; k < cols; k++) {
                const double q = clip_probability(p[k]);
                l -= y[k] * log(q) + (1.0 - y[k]) * log(1.0 - q);
                g[k] = inside(p[k]) ? -(y[k] / q - (1.0 - y[k]) / (1.0 - q)) / cols : 0.0;
            }
            return l / cols;
        default: {  // categorical and sparse categorical: normalise, clip, -sum y log q
            double s = 0.0;
            for (int64_t k = 0; k < cols; k++) s += p[k];
            // g[k] = dl/dn_k = -y_k / q_k where the clip passes; then dn_k/dp_j = (delta_kj - n_k) / s.
            double g_dot_n = 0.0;
            for (int64_t k = 0; k < cols; k++) {
                const double n = p[k] / s;
                const double q = clip_probability(n);
                l -= y[k] * log(q);
                g[k] = inside(n) ? -y[k] / q : 0.0;
                g_dot_n += g[k] * n;
            }
            for (int64_t j = 0; j < cols; j++) g[j] = (g[j] - g_dot_n) / s;
            return l;
        }
    }
}

double weight_sum(int64_t rows, const float* weights) {
    if (weights == nullptr) return static_cast<double>(rows);
    double s = 0.0;
    for (int64_t r = 0; r < rows; r++) s += weights[r];
    return s;
}

int64_t argmax(int64_t cols, const double* v) {  // the first maximum
    int64_t best = 0;
    for (int64_t k = 1; k < cols; k++)
        if (v[k] > v[best]) best = k;
    return best;
}

double row_metric(int kind, int64_t cols, const double* p, const double* y) {
    double m = 0.0;
    switch (kind) {
        case FRNN_METRIC_BINARY_ACCURACY:
            for (int64_t k = 0; k < cols; k++) m += y[k] == (p[k] > 0.5 ? 1.0 : 0.0) ? 1.0 : 0.0;
            return m / cols;
        case FRNN_METRIC_CATEGORICAL_ACCURACY:
        case FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY:  // y is the label's one-hot row
            return argmax(cols, p) == argmax(cols, y) ? 1.0 : 0.0;
        case FRNN_METRIC_MAE:
            for (int64_t k = 0; k < cols; k++) m += fabs(p[k] - y[k]);
            return m / cols;
        default:  // FRNN_METRIC_MSE
            for (int64_t k = 0; k < cols; k++) m += (p[k] - y[k]) * (p[k] - y[k]);
            return m / cols;
    }
}

}  // namespace

// sum_r w_r l_r / sum_r w_r; d_pred (when given) = w_r / sum w * dl_r/dp, zero in skipped rows.
double loss(int kind, int64_t rows, int64_t cols, const float* pred, const float* target, const float* weights,
            float* d_pred) {
    if (d_pred != nullptr) fill(rows * cols, 0.0f, d_pred);
    const double w_sum = weight_sum(rows, weights);
    if (w_sum == 0.0) return 0.0;
    double* p = thread_scratch<double, 1>(static_cast<size_t>(3 * cols));
    double* y = p + cols;
    double* g = y + cols;
    double total = 0.0;
    for (int64_t r = 0; r < rows; r++) {
        const double w = weights == nullptr ? 1.0 : weights[r];
        if (w == 0.0) continue;
        load_row(r, cols, pred, target, sparse_loss(kind), p, y);
        total += w * row_loss(kind, cols, p, y, g);
        if (d_pred != nullptr)
            for (int64_t k = 0; k < cols; k++) d_pred[r * cols + k] = static_cast<float>(w / w_sum * g[k]);
    }
    return total / w_sum;
}

void metric(int kind, int64_t rows, int64_t cols, const float* pred, const float* target, const float* weights,
            double result[2]) {
    double* p = thread_scratch<double, 1>(static_cast<size_t>(2 * cols));
    double* y = p + cols;
    double sum = 0.0;
    for (int64_t r = 0; r < rows; r++) {
        const double w = weights == nullptr ? 1.0 : weights[r];
        if (w == 0.0) continue;
        load_row(r, cols, pred, target, kind == FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY, p, y);
        sum += w * row_metric(kind, cols, p, y);
    }
    result[0] = sum;
    result[1] = weight_sum(rows, weights);
}

}  // namespace frnn::ops

// Losses and metrics on the device, the CUDA twin of ops/loss_cpu.cpp: one thread per row computes the
// row's loss (and its gradient) in double from the float inputs with loss_cpu.cpp's formulas, then
// deterministic reductions (reduce_cuda.cu) sum the weighted rows and the weights. Keras 3 semantics,
// probabilities (from_logits=False), epsilon 1e-7; see dev.fusedrnn.reference.LossRef.
#include <math.h>

#include "core/cuda_status.h"
#include "ops/ops_cuda.h"

namespace frnn::cuda::ops {
namespace {

constexpr double kEpsilon = 1e-7;  // Keras' backend.epsilon()

// Java's Math.min(1 - eps, Math.max(eps, p)): NaN stays NaN.
__device__ double clip_probability(double p) {
    return p < kEpsilon ? kEpsilon : (p > 1.0 - kEpsilon ? 1.0 - kEpsilon : p);
}
__device__ bool inside(double p) { return p >= kEpsilon && p <= 1.0 - kEpsilon; }
__device__ double sign_of(double d) { return d > 0.0 ? 1.0 : (d < 0.0 ? -1.0 : 0.0); }

// One row: the prediction p(k) and target y(k) (a class id's one-hot row for the sparse kinds).
struct Row {
    const float* p;
    const float* target;
    int64_t cols;
    bool sparse;
    __device__ double pk(int64_t k) const { return p[k]; }
    __device__ double yk(int64_t k) const {
        return sparse ? (static_cast<int64_t>(target[0]) == k ? 1.0 : 0.0) : static_cast<double>(target[k]);
    }
};

// The row's loss; when g is not null, g[k] = scale * dl/dp_k (as float).
__device__ double row_loss(int kind, const Row& row, double scale, float* g) {
    const int64_t cols = row.cols;
    double l = 0.0;
    switch (kind) {
        case FRNN_LOSS_MSE:
        case FRNN_LOSS_MAE:
        case FRNN_LOSS_BINARY_CROSSENTROPY:
            for (int64_t k = 0; k < cols; k++) {
                const double p = row.pk(k), y = row.yk(k), d = p - y;
                double gk;
                if (kind == FRNN_LOSS_MSE) {
                    l += d * d;
                    gk = 2.0 * d / cols;
                } else if (kind == FRNN_LOSS_MAE) {
                    l += fabs(d);
                    gk = sign_of(d) / cols;
                } else {
                    const double q = clip_probability(p);
                    l -= y * log(q) + (1.0 - y) * log(1.0 - q);
                    gk = inside(p) ? -(y / q - (1.0 - y) / (1.0 - q)) / cols : 0.0;
                }
                if (g != nullptr) g[k] = static_cast<float>(scale * gk);
            }
            return l / cols;
        default: {  // categorical and sparse categorical: normalise, clip, -sum y log q
            double s = 0.0;
            for (int64_t k = 0; k < cols; k++) s += row.pk(k);
            // g_k = dl/dn_k = -y_k / q_k where the clip passes; dn_k/dp_j = (delta_kj - n_k) / s.
            double g_dot_n = 0.0;
            for (int64_t k = 0; k < cols; k++) {
                const double n = row.pk(k) / s, q = clip_probability(n);
                l -= row.yk(k) * log(q);
                g_dot_n += (inside(n) ? -row.yk(k) / q : 0.0) * n;
            }
            if (g != nullptr) {
                for (int64_t j = 0; j < cols; j++) {
                    const double n = row.pk(j) / s, q = clip_probability(n);
                    const double gj = inside(n) ? -row.yk(j) / q : 0.0;
                    g[j] = static_cast<float>(scale * ((gj - g_dot_n) / s));
                }
            }
            return l;
        }
    }
}

__device__ int64_t argmax_of(const Row& row, bool of_target) {  // the first maximum
    int64_t best = 0;
    for (int64_t k = 1; k < row.cols; k++) {
        const double v = of_target ? row.yk(k) : row.pk(k), b = of_target ? row.yk(best) : row.pk(best);
        if (v > b) best = k;
    }
    return best;
}

__device__ double row_metric(int kind, const Row& row) {
    double m = 0.0;
    const int64_t cols = row.cols;
    switch (kind) {
        case FRNN_METRIC_BINARY_ACCURACY:
            for (int64_t k = 0; k < cols; k++) m += row.yk(k) == (row.pk(k) > 0.5 ? 1.0 : 0.0) ? 1.0 : 0.0;
            return m / cols;
        case FRNN_METRIC_CATEGORICAL_ACCURACY:
        case FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY:
            return argmax_of(row, false) == argmax_of(row, true) ? 1.0 : 0.0;
        case FRNN_METRIC_MAE:
            for (int64_t k = 0; k < cols; k++) m += fabs(row.pk(k) - row.yk(k));
            return m / cols;
        default:  // FRNN_METRIC_MSE
            for (int64_t k = 0; k < cols; k++) m += (row.pk(k) - row.yk(k)) * (row.pk(k) - row.yk(k));
            return m / cols;
    }
}

__device__ Row row_at(int64_t r, int64_t cols, const float* pred, const float* target, bool sparse) {
    return Row{pred + r * cols, sparse ? target + r : target + r * cols, cols, sparse};
}

// wl[r] = w_r l_r (0 for skipped rows); d_pred rows = w_r / sum w * dl_r/dp, zero in skipped rows and
// everywhere when sum w == 0 (w_sum is device memory, computed before).
__global__ void loss_rows_kernel(int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
                                 const float* weights, const double* w_sum, double* wl, float* d_pred) {
    FRNN_GRID_LOOP(r, rows) {
        const double w = weights == nullptr ? 1.0 : weights[r];
        float* g = d_pred != nullptr ? d_pred + r * cols : nullptr;
        if (w == 0.0 || *w_sum == 0.0) {
            wl[r] = 0.0;
            if (g != nullptr)
                for (int64_t k = 0; k < cols; k++) g[k] = 0.0f;
            continue;
        }
        const Row row = row_at(r, cols, pred, target, kind == FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
        wl[r] = w * row_loss(kind, row, w / *w_sum, g);
    }
}

__global__ void metric_rows_kernel(int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
                                   const float* weights, double* wm) {
    FRNN_GRID_LOOP(r, rows) {
        const double w = weights == nullptr ? 1.0 : weights[r];
        if (w == 0.0) {
            wm[r] = 0.0;
            continue;
        }
        const Row row = row_at(r, cols, pred, target, kind == FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY);
        wm[r] = w * row_metric(kind, row);
    }
}

__global__ void store_kernel(double value, double* out) { *out = value; }

// sums[0] = sum of weights (rows when there are none).
void weight_sum(frnn_cuda_context* ctx, int64_t rows, const float* weights, double* sums) {
    if (weights != nullptr) {
        sum_floats(ctx, weights, rows, false, sums);
    } else {
        FRNN_LAUNCH(1, 1, ctx->stream, store_kernel)(static_cast<double>(rows), sums);
        FRNN_CUDA_CHECK(cudaGetLastError());
    }
}

// Workspace floats of loss and metric: two sums, then one double per row.
int64_t reduce_floats(int64_t rows) {
    Carver measure(nullptr);
    measure.take_doubles(2);
    measure.take_doubles(rows + 1);
    return measure.used();
}

}  // namespace

double loss(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
            const float* weights, float* d_pred) {
    Carver w(ctx->reserve(reduce_floats(rows)));
    double* sums = w.take_doubles(2);  // [sum w, sum w l]
    double* wl = w.take_doubles(rows + 1);
    weight_sum(ctx, rows, weights, sums);
    if (rows > 0) {
        FRNN_LAUNCH(blocks_for(rows), kThreads, ctx->stream, loss_rows_kernel)(kind, rows, cols, pred, target,
                                                                              weights, sums, wl, d_pred);
        FRNN_CUDA_CHECK(cudaGetLastError());
    }
    sum_doubles(ctx, wl, rows, sums + 1);
    const double w_sum = read_double(ctx, sums);
    return w_sum == 0.0 ? 0.0 : read_double(ctx, sums + 1) / w_sum;
}

void metric(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
            const float* weights, double result[2]) {
    Carver w(ctx->reserve(reduce_floats(rows)));
    double* sums = w.take_doubles(2);  // [sum w m, sum w]
    double* wm = w.take_doubles(rows + 1);
    if (rows > 0) {
        FRNN_LAUNCH(blocks_for(rows), kThreads, ctx->stream, metric_rows_kernel)(kind, rows, cols, pred, target,
                                                                                weights, wm);
        FRNN_CUDA_CHECK(cudaGetLastError());
    }
    sum_doubles(ctx, wm, rows, sums);
    weight_sum(ctx, rows, weights, sums + 1);
    result[0] = read_double(ctx, sums);
    result[1] = read_double(ctx, sums + 1);
}

}  // namespace frnn::cuda::ops

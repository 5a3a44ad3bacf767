// The frnn_cuda C ABI of the non-recurrent operations: argument checks (device memory, overlaps, ids and
// class labels on the device), then the kernels of ops/*_cuda.cu. Every check runs before anything is
// written. Semantics: frnn.h's frnn_* function of the same name.
#include <math.h>

#include "api_cuda_checks.h"
#include "core/activations.h"
#include "ops/ops_cuda.h"

namespace {

using namespace frnn::cuda::api;
namespace ops = frnn::cuda::ops;

// The device arrays of the shared checks (core/ops_checks.h).
const auto device_array = [](const char* name, const void* p, int64_t n, const char* shape) {
    require_array(name, p, n, shape);
};

void require_ids(frnn_cuda_context* ctx, const char* what, int64_t count, const float* ids, int64_t vocab) {
    const int64_t bad = ops::first_bad(ctx, ops::Check::kIdBelow, ids, count, vocab);
    if (bad < 0) return;
    FRNN_FAIL(FRNN_ERR_ARGUMENT, "%s: id %.9g at position %lld is not an integer in [0, %lld): check the tokenizer's "
              "vocabulary size against input_dim", what, (double)ops::read_float(ctx, ids + bad), (ll)bad, (ll)vocab);
}

void check_loss_args(frnn_cuda_context* ctx, const char* what, bool sparse, int64_t rows, int64_t cols,
                     const float* pred, const float* target, const float* weights) {
    require_context(ctx);
    frnn::checks::check_loss_shapes(what, sparse, rows, cols, pred, target, device_array);
    require_device("weights", weights);
    if (!sparse) return;
    const int64_t bad = ops::first_bad(ctx, ops::Check::kClassBelow, target, rows, cols);
    if (bad < 0) return;
    FRNN_FAIL(FRNN_ERR_ARGUMENT, "%s: class id %.9g in row %lld is not an integer in [0, %lld): labels must be 0 .. "
              "classes - 1", what, (double)ops::read_float(ctx, target + bad), (ll)bad, (ll)cols);
}

}  // namespace

extern "C" {

frnn_status frnn_cuda_dense_forward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x,
                                    const float* kernel, const float* bias, int activation, float* y) {
    return frnn::guarded("frnn_cuda_dense_forward", [&] {
        require_context(ctx);
        frnn::checks::check_dense_forward(rows, in, out, x, kernel, bias, activation, y, device_array, require_device);
        ops::dense_forward(ctx, rows, in, out, x, kernel, bias, activation, y);
    });
}

frnn_status frnn_cuda_dense_backward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x,
                                     const float* y, const float* dy, const float* kernel, int activation, float* dx,
                                     float* d_kernel, float* d_bias) {
    return frnn::guarded("frnn_cuda_dense_backward", [&] {
        require_context(ctx);
        frnn::checks::check_dense_backward(rows, in, out, x, y, dy, kernel, activation, dx, d_kernel, d_bias,
                                           device_array, require_device);
        ops::dense_backward(ctx, rows, in, out, x, y, dy, kernel, activation, dx, d_kernel, d_bias);
    });
}

frnn_status frnn_cuda_embedding_forward(frnn_cuda_context* ctx, int64_t count, const float* ids, const float* table,
                                        int64_t vocab, int64_t dim, float* out) {
    return frnn::guarded("frnn_cuda_embedding_forward", [&] {
        require_context(ctx);
        frnn::checks::check_embedding_forward(count, vocab, dim, ids, table, out, device_array);
        require_ids(ctx, "embedding", count, ids, vocab);
        ops::embedding_forward(ctx, count, ids, table, dim, out);
    });
}

frnn_status frnn_cuda_embedding_backward(frnn_cuda_context* ctx, int64_t count, const float* ids, const float* d_out,
                                         int64_t vocab, int64_t dim, float* d_table) {
    return frnn::guarded("frnn_cuda_embedding_backward", [&] {
        require_context(ctx);
        frnn::checks::check_embedding_backward(count, vocab, dim, ids, d_out, d_table, device_array);
        require_ids(ctx, "embedding", count, ids, vocab);
        ops::embedding_backward(ctx, count, ids, d_out, vocab, dim, d_table);
    });
}

frnn_status frnn_cuda_not_equal_mask(frnn_cuda_context* ctx, int64_t rows, int64_t cols, const float* x, double value,
                                     float* mask) {
    return frnn::guarded("frnn_cuda_not_equal_mask", [&] {
        require_context(ctx);
        const int64_t n = count_of("x", rows, cols);
        require_array("x", x, n, "[rows, cols]");
        require_array("mask", mask, rows, "[rows]");
        require_disjoint("mask", mask, rows, "x", x, n);
        ops::not_equal_mask(ctx, rows, cols, x, value, mask);
    });
}

frnn_status frnn_cuda_scale_rows(frnn_cuda_context* ctx, int64_t rows, int64_t cols, const float* x, const float* s,
                                 float* out) {
    return frnn::guarded("frnn_cuda_scale_rows", [&] {
        require_context(ctx);
        const int64_t n = count_of("x", rows, cols);
        require_array("x", x, n, "[rows, cols]");
        require_array("s", s, rows, "[rows]");
        require_array("out", out, n, "[rows, cols]");
        require_same_or_disjoint("out", out, "x", x, n);
        require_disjoint("out", out, n, "s", s, rows);
        ops::scale_rows(ctx, rows, cols, x, s, out);
    });
}

frnn_status frnn_cuda_multiply(frnn_cuda_context* ctx, int64_t n, const float* a, const float* b, float* out) {
    return frnn::guarded("frnn_cuda_multiply", [&] {
        require_context(ctx);
        require_non_negative("n", n);
        count_of("out", n, 1);
        require_array("a", a, n, "[n]");
        require_array("b", b, n, "[n]");
        require_array("out", out, n, "[n]");
        require_same_or_disjoint("out", out, "a", a, n);
        require_same_or_disjoint("out", out, "b", b, n);
        ops::multiply(ctx, n, a, b, out);
    });
}

frnn_status frnn_cuda_axpby(frnn_cuda_context* ctx, int64_t n, double alpha, const float* a, double beta,
                            const float* b, float* out) {
    return frnn::guarded("frnn_cuda_axpby", [&] {
        require_context(ctx);
        require_non_negative("n", n);
        count_of("out", n, 1);
        require_array("a", a, n, "[n]");
        if (beta != 0.0) require_array("b (read because beta != 0)", b, n, "[n]");
        require_array("out", out, n, "[n]");
        require_same_or_disjoint("out", out, "a", a, n);
        if (beta != 0.0) require_same_or_disjoint("out", out, "b", b, n);
        ops::axpby(ctx, n, alpha, a, beta, b, out);
    });
}

frnn_status frnn_cuda_reverse_time(frnn_cuda_context* ctx, int64_t batch, int64_t time, int64_t features,
                                   const float* x, float* out) {
    return frnn::guarded("frnn_cuda_reverse_time", [&] {
        require_context(ctx);
        const int64_t n = count_of("x", count_of("x", batch, time), features);
        require_array("x", x, n, "[batch, time, features]");
        require_array("out", out, n, "[batch, time, features]");
        ops::reverse_time(ctx, batch, time, features, x, out);
    });
}

frnn_status frnn_cuda_concat_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb, const float* a,
                                     const float* b, float* out) {
    return frnn::guarded("frnn_cuda_concat_columns", [&] {
        require_context(ctx);
        frnn::checks::check_concat_columns(rows, ka, kb, a, b, out, device_array);
        ops::concat_columns(ctx, rows, ka, kb, a, b, out);
    });
}

frnn_status frnn_cuda_split_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb, const float* in,
                                    float* a, float* b) {
    return frnn::guarded("frnn_cuda_split_columns", [&] {
        require_context(ctx);
        frnn::checks::check_split_columns(rows, ka, kb, in, a, b, device_array);
        ops::split_columns(ctx, rows, ka, kb, in, a, b);
    });
}

frnn_status frnn_cuda_loss(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred,
                           const float* target, const float* weights, float* d_pred, double* loss) {
    return frnn::guarded("frnn_cuda_loss", [&] {
        frnn::checks::require_loss_kind(kind);
        FRNN_REQUIRE(loss != nullptr, "loss is NULL; pass the address of one double (host memory)");
        const bool sparse = kind == FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
        check_loss_args(ctx, "loss", sparse, rows, cols, pred, target, weights);
        require_device("d_pred", d_pred);
        frnn::checks::require_d_pred_disjoint(sparse, rows, cols, pred, target, weights, d_pred);
        *loss = ops::loss(ctx, kind, rows, cols, pred, target, weights, d_pred);
    });
}

frnn_status frnn_cuda_metric(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred,
                             const float* target, const float* weights, double* result) {
    return frnn::guarded("frnn_cuda_metric", [&] {
        frnn::checks::require_metric_kind(kind);
        FRNN_REQUIRE(result != nullptr, "result is NULL; pass an array of two doubles (host memory)");
        check_loss_args(ctx, "metric", kind == FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY, rows, cols, pred, target,
                        weights);
        ops::metric(ctx, kind, rows, cols, pred, target, weights, result);
    });
}

frnn_status frnn_cuda_sum_of_squares(frnn_cuda_context* ctx, int64_t n, const float* x, double* result) {
    return frnn::guarded("frnn_cuda_sum_of_squares", [&] {
        require_context(ctx);
        require_non_negative("n", n);
        require_array("x", x, n, "[n]");
        FRNN_REQUIRE(result != nullptr, "result is NULL; pass the address of one double (host memory)");
        *result = ops::sum_of_squares(ctx, n, x);
    });
}

frnn_status frnn_cuda_clip(frnn_cuda_context* ctx, int64_t n, double lo, double hi, float* x) {
    return frnn::guarded("frnn_cuda_clip", [&] {
        require_context(ctx);
        require_non_negative("n", n);
        require_array("x", x, n, "[n]");
        FRNN_REQUIRE(lo <= hi, "expected lo <= hi, got lo = %g, hi = %g", lo, hi);
        ops::clip(ctx, n, lo, hi, x);
    });
}

frnn_status frnn_cuda_optimizer_step(frnn_cuda_context* ctx, int kind, double learning_rate, double beta1, double beta2,
                                     double epsilon, double momentum, int nesterov, double rho, int64_t n,
                                     float* params, const float* grads, float* state, int64_t iteration) {
    return frnn::guarded("frnn_cuda_optimizer_step", [&] {
        require_context(ctx);
        frnn::checks::require_optimizer(kind, momentum, n, iteration);
        const ops::OptimizerParams p{kind, learning_rate, beta1, beta2, epsilon, momentum, rho, nesterov != 0};
        const int64_t ns = count_of("state", ops::optimizer_state_slots(p), n);
        frnn::checks::check_optimizer_arrays(n, ns, params, grads, state, device_array);
        ops::optimizer_step(ctx, p, n, params, grads, state, iteration);
    });
}

}  // extern "C"

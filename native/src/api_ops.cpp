// The frnn_cpu C ABI of the non-recurrent operations (see include/fusedrnn/frnn.h, "Dense, embedding,
// element-wise and layout operations, losses, metrics, optimizer updates"): argument checks, then the
// host kernels of ops/. Every check runs before anything is written.
#include <math.h>
#include <stdint.h>

#include "core/activations.h"
#include "core/error.h"
#include "core/ops_checks.h"
#include "fusedrnn/frnn.h"
#include "ops/ops_cpu.h"

namespace {

using namespace frnn::checks;

// Host arrays: the NULL rule only (the library cannot tell host from invalid memory).
const auto host_array = [](const char* name, const void* p, int64_t n, const char* shape) {
    require_array(name, p, n, shape);
};
const auto host_optional = [](const char*, const void*) {};

void require_context(const frnn_context* ctx) {
    FRNN_REQUIRE(ctx != nullptr, "ctx is NULL; create one with frnn_context_create");
}

void require_ids(const char* what, int64_t count, const float* ids, int64_t vocab) {
    const int64_t bad = frnn::ops::first_bad_id(count, ids, vocab);
    FRNN_REQUIRE(bad < 0,
                 "%s: id %.9g at position %lld is not an integer in [0, %lld): check the tokenizer's vocabulary "
                 "size against input_dim",
                 what, bad < 0 ? 0.0 : (double)ids[bad], (ll)bad, (ll)vocab);
}

// Loss/metric shapes; class ids of the sparse kinds checked in every row (masked rows too).
void check_loss_args(const char* what, bool sparse, int64_t rows, int64_t cols, const float* pred,
                     const float* target) {
    check_loss_shapes(what, sparse, rows, cols, pred, target, host_array);
    if (!sparse) return;
    for (int64_t r = 0; r < rows; r++) {
        const float v = target[r];
        FRNN_REQUIRE(v >= 0.0f && static_cast<double>(v) < static_cast<double>(cols) && rintf(v) == v,
                     "%s: class id %.9g in row %lld is not an integer in [0, %lld): labels must be 0 .. classes - 1",
                     what, (double)v, (ll)r, (ll)cols);
    }
}

}  // namespace

extern "C" {

frnn_status frnn_dense_forward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x,
                               const float* kernel, const float* bias, int activation, float* y) {
    return frnn::guarded("frnn_dense_forward", [&] {
        require_context(ctx);
        check_dense_forward(rows, in, out, x, kernel, bias, activation, y, host_array, host_optional);
        frnn::ops::dense_forward(ctx, rows, in, out, x, kernel, bias, activation, y);
    });
}

frnn_status frnn_dense_backward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x,
                                const float* y, const float* dy, const float* kernel, int activation, float* dx,
                                float* d_kernel, float* d_bias) {
    return frnn::guarded("frnn_dense_backward", [&] {
        require_context(ctx);
        check_dense_backward(rows, in, out, x, y, dy, kernel, activation, dx, d_kernel, d_bias, host_array,
                             host_optional);
        frnn::ops::dense_backward(ctx, rows, in, out, x, y, dy, kernel, activation, dx, d_kernel, d_bias);
    });
}

frnn_status frnn_embedding_forward(int64_t count, const float* ids, const float* table, int64_t vocab, int64_t dim,
                                   float* out) {
    return frnn::guarded("frnn_embedding_forward", [&] {
        check_embedding_forward(count, vocab, dim, ids, table, out, host_array);
        require_ids("embedding", count, ids, vocab);
        frnn::ops::embedding_forward(count, ids, table, dim, out);
    });
}

frnn_status frnn_embedding_backward(int64_t count, const float* ids, const float* d_out, int64_t vocab, int64_t dim,
                                    float* d_table) {
    return frnn::guarded("frnn_embedding_backward", [&] {
        check_embedding_backward(count, vocab, dim, ids, d_out, d_table, host_array);
        require_ids("embedding", count, ids, vocab);
        frnn::ops::embedding_backward(count, ids, d_out, vocab, dim, d_table);
    });
}

frnn_status frnn_fill(int64_t n, float value, float* x) {
    return frnn::guarded("frnn_fill", [&] {
        require_non_negative("n", n);
        require_array("x", x, count_of("x", n, 1), "[n]");
        frnn::ops::fill(n, value, x);
    });
}

frnn_status frnn_not_equal_mask(int64_t rows, int64_t cols, const float* x, double value, float* mask) {
    return frnn::guarded("frnn_not_equal_mask", [&] {
        const int64_t n = count_of("x", rows, cols);
        require_array("x", x, n, "[rows, cols]");
        require_array("mask", mask, rows, "[rows]");
        require_disjoint("mask", mask, rows, "x", x, n);
        frnn::ops::not_equal_mask(rows, cols, x, value, mask);
    });
}

frnn_status frnn_scale_rows(int64_t rows, int64_t cols, const float* x, const float* s, float* out) {
    return frnn::guarded("frnn_scale_rows", [&] {
        const int64_t n = count_of("x", rows, cols);
        require_array("x", x, n, "[rows, cols]");
        require_array("s", s, rows, "[rows]");
        require_array("out", out, n, "[rows, cols]");
        frnn::ops::scale_rows(rows, cols, x, s, out);
    });
}

frnn_status frnn_multiply(int64_t n, const float* a, const float* b, float* out) {
    return frnn::guarded("frnn_multiply", [&] {
        require_non_negative("n", n);
        count_of("out", n, 1);
        require_array("a", a, n, "[n]");
        require_array("b", b, n, "[n]");
        require_array("out", out, n, "[n]");
        frnn::ops::multiply(n, a, b, out);
    });
}

frnn_status frnn_axpby(int64_t n, double alpha, const float* a, double beta, const float* b, float* out) {
    return frnn::guarded("frnn_axpby", [&] {
        require_non_negative("n", n);
        count_of("out", n, 1);
        require_array("a", a, n, "[n]");
        if (beta != 0.0) require_array("b (read because beta != 0)", b, n, "[n]");
        require_array("out", out, n, "[n]");
        frnn::ops::axpby(n, alpha, a, beta, b, out);
    });
}

frnn_status frnn_reverse_time(int64_t batch, int64_t time, int64_t features, const float* x, float* out) {
    return frnn::guarded("frnn_reverse_time", [&] {
        const int64_t n = count_of("x", count_of("x", batch, time), features);
        require_array("x", x, n, "[batch, time, features]");
        require_array("out", out, n, "[batch, time, features]");
        frnn::ops::reverse_time(batch, time, features, x, out);
    });
}

frnn_status frnn_concat_columns(int64_t rows, int64_t ka, int64_t kb, const float* a, const float* b, float* out) {
    return frnn::guarded("frnn_concat_columns", [&] {
        check_concat_columns(rows, ka, kb, a, b, out, host_array);
        frnn::ops::concat_columns(rows, ka, kb, a, b, out);
    });
}

frnn_status frnn_split_columns(int64_t rows, int64_t ka, int64_t kb, const float* in, float* a, float* b) {
    return frnn::guarded("frnn_split_columns", [&] {
        check_split_columns(rows, ka, kb, in, a, b, host_array);
        frnn::ops::split_columns(rows, ka, kb, in, a, b);
    });
}

frnn_status frnn_loss(int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
                      const float* weights, float* d_pred, double* loss) {
    return frnn::guarded("frnn_loss", [&] {
        require_loss_kind(kind);
        FRNN_REQUIRE(loss != nullptr, "loss is NULL; pass the address of one double");
        const bool sparse = kind == FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
        check_loss_args("loss", sparse, rows, cols, pred, target);
        require_d_pred_disjoint(sparse, rows, cols, pred, target, weights, d_pred);
        *loss = frnn::ops::loss(kind, rows, cols, pred, target, weights, d_pred);
    });
}

frnn_status frnn_metric(int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
                        const float* weights, double* result) {
    return frnn::guarded("frnn_metric", [&] {
        require_metric_kind(kind);
        FRNN_REQUIRE(result != nullptr, "result is NULL; pass an array of two doubles");
        check_loss_args("metric", kind == FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY, rows, cols, pred, target);
        frnn::ops::metric(kind, rows, cols, pred, target, weights, result);
    });
}

frnn_status frnn_sum_of_squares(int64_t n, const float* x, double* result) {
    return frnn::guarded("frnn_sum_of_squares", [&] {
        require_non_negative("n", n);
        require_array("x", x, n, "[n]");
        FRNN_REQUIRE(result != nullptr, "result is NULL; pass the address of one double");
        *result = frnn::ops::sum_of_squares(n, x);
    });
}

frnn_status frnn_clip(int64_t n, double lo, double hi, float* x) {
    return frnn::guarded("frnn_clip", [&] {
        require_non_negative("n", n);
        require_array("x", x, n, "[n]");
        FRNN_REQUIRE(lo <= hi, "expected lo <= hi, got lo = %g, hi = %g", lo, hi);
        frnn::ops::clip(n, lo, hi, x);
    });
}

frnn_status frnn_optimizer_step(int kind, double learning_rate, double beta1, double beta2, double epsilon,
                                double momentum, int nesterov, double rho, int64_t n, float* params,
                                const float* grads, float* state, int64_t iteration) {
    return frnn::guarded("frnn_optimizer_step", [&] {
        require_optimizer(kind, momentum, n, iteration);
        const frnn::ops::OptimizerParams p{kind, learning_rate, beta1, beta2, epsilon, momentum, rho, nesterov != 0};
        const int slots = frnn::ops::optimizer_state_slots(p);
        const int64_t ns = count_of("state", slots, n);
        check_optimizer_arrays(n, ns, params, grads, state, host_array);
        frnn::ops::optimizer_step(p, n, params, grads, state, iteration);
    });
}

}  // extern "C"

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

void require_dense_activation(int activation) {
    FRNN_REQUIRE(frnn::is_elementwise_activation(activation) || activation == FRNN_DENSE_SOFTMAX,
                 "activation id %d is unknown; expected 0..5 (an element-wise frnn_activation) or "
                 "FRNN_DENSE_SOFTMAX (6)", activation);
}

void require_ids(frnn_cuda_context* ctx, const char* what, int64_t count, const float* ids, int64_t vocab) {
    const int64_t bad = ops::first_bad(ctx, ops::Check::kIdBelow, ids, count, vocab);
    if (bad < 0) return;
    FRNN_FAIL(FRNN_ERR_ARGUMENT, "%s: id %.9g at position %lld is not an integer in [0, %lld): check the tokenizer's "
              "vocabulary size against input_dim", what, (double)ops::read_float(ctx, ids + bad), (ll)bad, (ll)vocab);
}

void check_loss_args(frnn_cuda_context* ctx, const char* what, bool sparse, int64_t rows, int64_t cols,
                     const float* pred, const float* target, const float* weights) {
    require_context(ctx);
    require_non_negative("rows", rows);
    require_positive("cols", cols);
    const int64_t n = count_of(what, rows, cols);
    require_array("pred", pred, n, "[rows, cols]");
    require_array("target", target, sparse ? rows : n, sparse ? "[rows] (class ids)" : "[rows, cols]");
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
        require_non_negative("rows", rows);
        require_positive("in", in);
        require_positive("out", out);
        require_dense_activation(activation);
        const int64_t nx = count_of("x", rows, in), nk = count_of("kernel", in, out), ny = count_of("y", rows, out);
        require_array("x", x, nx, "[rows, in]");
        require_array("kernel", kernel, nk, "[in, out]");
        require_array("y", y, ny, "[rows, out]");
        require_device("bias", bias);
        require_disjoint("y", y, ny, "x", x, nx);
        require_disjoint("y", y, ny, "kernel", kernel, nk);
        require_disjoint("y", y, ny, "bias", bias, bias ? out : 0);
        ops::dense_forward(ctx, rows, in, out, x, kernel, bias, activation, y);
    });
}

frnn_status frnn_cuda_dense_backward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x,
                                     const float* y, const float* dy, const float* kernel, int activation, float* dx,
                                     float* d_kernel, float* d_bias) {
    return frnn::guarded("frnn_cuda_dense_backward", [&] {
        require_context(ctx);
        require_non_negative("rows", rows);
        require_positive("in", in);
        require_positive("out", out);
        require_dense_activation(activation);
        const int64_t nx = count_of("x", rows, in), nk = count_of("kernel", in, out), ny = count_of("y", rows, out);
        require_array("x", x, nx, "[rows, in]");
        require_array("y", y, ny, "[rows, out]");
        require_array("dy", dy, ny, "[rows, out]");
        require_array("kernel", kernel, nk, "[in, out]");
        require_array("d_kernel", d_kernel, nk, "[in, out]");
        require_device("dx", dx);
        require_device("d_bias", d_bias);
        struct Span { const char* name; const void* p; int64_t n; };
        const Span inputs[] = {{"x", x, nx}, {"y", y, ny}, {"dy", dy, ny}, {"kernel", kernel, nk}};
        const Span outputs[] = {{"dx", dx, dx ? nx : 0}, {"d_kernel", d_kernel, nk}, {"d_bias", d_bias, d_bias ? out : 0}};
        for (const Span& o : outputs) {
            for (const Span& i : inputs) require_disjoint(o.name, o.p, o.n, i.name, i.p, i.n);
            for (const Span& o2 : outputs)
                if (&o2 != &o) require_disjoint(o.name, o.p, o.n, o2.name, o2.p, o2.n);
        }
        ops::dense_backward(ctx, rows, in, out, x, y, dy, kernel, activation, dx, d_kernel, d_bias);
    });
}

frnn_status frnn_cuda_embedding_forward(frnn_cuda_context* ctx, int64_t count, const float* ids, const float* table,
                                        int64_t vocab, int64_t dim, float* out) {
    return frnn::guarded("frnn_cuda_embedding_forward", [&] {
        require_context(ctx);
        require_non_negative("count", count);
        require_positive("vocab", vocab);
        require_positive("dim", dim);
        const int64_t nt = count_of("table", vocab, dim), no = count_of("out", count, dim);
        require_array("ids", ids, count, "[count]");
        require_array("table", table, nt, "[vocab, dim]");
        require_array("out", out, no, "[count, dim]");
        require_disjoint("out", out, no, "ids", ids, count);
        require_disjoint("out", out, no, "table", table, nt);
        require_ids(ctx, "embedding", count, ids, vocab);
        ops::embedding_forward(ctx, count, ids, table, dim, out);
    });
}

frnn_status frnn_cuda_embedding_backward(frnn_cuda_context* ctx, int64_t count, const float* ids, const float* d_out,
                                         int64_t vocab, int64_t dim, float* d_table) {
    return frnn::guarded("frnn_cuda_embedding_backward", [&] {
        require_context(ctx);
        require_non_negative("count", count);
        require_positive("vocab", vocab);
        require_positive("dim", dim);
        const int64_t nt = count_of("d_table", vocab, dim), no = count_of("d_out", count, dim);
        require_array("ids", ids, count, "[count]");
        require_array("d_out", d_out, no, "[count, dim]");
        require_array("d_table", d_table, nt, "[vocab, dim]");
        require_disjoint("d_table", d_table, nt, "ids", ids, count);
        require_disjoint("d_table", d_table, nt, "d_out", d_out, no);
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
        const int64_t na = count_of("a", rows, ka), nb = count_of("b", rows, kb);
        const int64_t no = count_of("out", rows, count_of("out", ka + kb, 1));
        require_array("a", a, na, "[rows, ka]");
        require_array("b", b, nb, "[rows, kb]");
        require_array("out", out, no, "[rows, ka + kb]");
        require_disjoint("out", out, no, "a", a, na);
        require_disjoint("out", out, no, "b", b, nb);
        ops::concat_columns(ctx, rows, ka, kb, a, b, out);
    });
}

frnn_status frnn_cuda_split_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb, const float* in,
                                    float* a, float* b) {
    return frnn::guarded("frnn_cuda_split_columns", [&] {
        require_context(ctx);
        const int64_t na = count_of("a", rows, ka), nb = count_of("b", rows, kb);
        const int64_t ni = count_of("in", rows, count_of("in", ka + kb, 1));
        require_array("in", in, ni, "[rows, ka + kb]");
        require_array("a", a, na, "[rows, ka]");
        require_array("b", b, nb, "[rows, kb]");
        require_disjoint("a", a, na, "in", in, ni);
        require_disjoint("b", b, nb, "in", in, ni);
        require_disjoint("a", a, na, "b", b, nb);
        ops::split_columns(ctx, rows, ka, kb, in, a, b);
    });
}

frnn_status frnn_cuda_loss(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred,
                           const float* target, const float* weights, float* d_pred, double* loss) {
    return frnn::guarded("frnn_cuda_loss", [&] {
        FRNN_REQUIRE(kind >= FRNN_LOSS_MSE && kind <= FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
                     "loss kind %d is unknown; expected 0..4 (a frnn_loss_kind)", kind);
        FRNN_REQUIRE(loss != nullptr, "loss is NULL; pass the address of one double (host memory)");
        const bool sparse = kind == FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
        check_loss_args(ctx, "loss", sparse, rows, cols, pred, target, weights);
        const int64_t n = rows * cols;
        require_device("d_pred", d_pred);
        require_disjoint("d_pred", d_pred, d_pred ? n : 0, "pred", pred, n);
        require_disjoint("d_pred", d_pred, d_pred ? n : 0, "target", target, sparse ? rows : n);
        require_disjoint("d_pred", d_pred, d_pred ? n : 0, "weights", weights, weights ? rows : 0);
        *loss = ops::loss(ctx, kind, rows, cols, pred, target, weights, d_pred);
    });
}

frnn_status frnn_cuda_metric(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred,
                             const float* target, const float* weights, double* result) {
    return frnn::guarded("frnn_cuda_metric", [&] {
        FRNN_REQUIRE(kind >= FRNN_METRIC_BINARY_ACCURACY && kind <= FRNN_METRIC_MSE,
                     "metric kind %d is unknown; expected 0..4 (a frnn_metric_kind)", kind);
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
        FRNN_REQUIRE(kind >= FRNN_OPT_SGD && kind <= FRNN_OPT_RMSPROP,
                     "optimizer kind %d is unknown; expected 0 (SGD), 1 (Adam) or 2 (RMSprop)", kind);
        FRNN_REQUIRE(kind != FRNN_OPT_RMSPROP || momentum == 0.0,
                     "RMSprop with momentum %g is not supported (one state slot, no momentum); use momentum 0",
                     momentum);
        require_non_negative("n", n);
        require_non_negative("iteration", iteration);
        const ops::OptimizerParams p{kind, learning_rate, beta1, beta2, epsilon, momentum, rho, nesterov != 0};
        const int64_t ns = count_of("state", ops::optimizer_state_slots(p), n);
        require_array("params", params, n, "[n]");
        require_array("grads", grads, n, "[n]");
        require_array("state", state, ns, "[slots, n]");
        require_disjoint("params", params, n, "grads", grads, n);
        require_disjoint("params", params, n, "state", state, ns);
        require_disjoint("state", state, ns, "grads", grads, n);
        ops::optimizer_step(ctx, p, n, params, grads, state, iteration);
    });
}

}  // extern "C"

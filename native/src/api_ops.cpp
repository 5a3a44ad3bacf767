// The frnn_cpu C ABI of the non-recurrent operations (see include/fusedrnn/frnn.h, "Dense, embedding,
// element-wise and layout operations, losses, metrics, optimizer updates"): argument checks, then the
// host kernels of ops/. Every check runs before anything is written.
#include <math.h>
#include <stdint.h>

#include "core/activations.h"
#include "core/error.h"
#include "fusedrnn/frnn.h"
#include "ops/ops_cpu.h"

namespace {

using ll = long long;

// a * b for element counts, rejected when negative or when the bytes would not fit an address.
int64_t count_of(const char* what, int64_t a, int64_t b) {
    FRNN_REQUIRE(a >= 0 && b >= 0, "%s: sizes %lld x %lld; expected sizes >= 0", what, (ll)a, (ll)b);
    FRNN_REQUIRE(a == 0 || b <= INT64_MAX / 8 / a, "%s: %lld x %lld elements are too many to address", what, (ll)a,
                 (ll)b);
    return a * b;
}

void require_positive(const char* name, int64_t v) {
    FRNN_REQUIRE(v >= 1, "%s = %lld; expected >= 1", name, (ll)v);
}

void require_non_negative(const char* name, int64_t v) {
    FRNN_REQUIRE(v >= 0, "%s = %lld; expected >= 0", name, (ll)v);
}

// A pointer to n elements: NULL only when n == 0.
void require_array(const char* name, const void* p, int64_t n, const char* shape) {
    FRNN_REQUIRE(p != nullptr || n == 0, "%s %s is NULL; expected an array of %lld values", name, shape, (ll)n);
}

// Whether [p, p + pn) and [q, q + qn) (element counts of `bytes_per` bytes) share any byte.
bool overlap(const void* p, int64_t pn, const void* q, int64_t qn, int64_t bytes_per = 4) {
    if (p == nullptr || q == nullptr || pn == 0 || qn == 0) return false;
    const uintptr_t a = reinterpret_cast<uintptr_t>(p), b = reinterpret_cast<uintptr_t>(q);
    return a < b + static_cast<uintptr_t>(qn * bytes_per) && b < a + static_cast<uintptr_t>(pn * bytes_per);
}

void require_disjoint(const char* out_name, const void* out, int64_t on, const char* in_name, const void* in,
                      int64_t in_n) {
    FRNN_REQUIRE(!overlap(out, on, in, in_n), "%s overlaps %s; pass separate arrays", out_name, in_name);
}

void require_context(const frnn_context* ctx) {
    FRNN_REQUIRE(ctx != nullptr, "ctx is NULL; create one with frnn_context_create");
}

void require_dense_activation(int activation) {
    FRNN_REQUIRE(frnn::is_elementwise_activation(activation) || activation == FRNN_DENSE_SOFTMAX,
                 "activation id %d is unknown; expected 0..5 (an element-wise frnn_activation) or "
                 "FRNN_DENSE_SOFTMAX (6)",
                 activation);
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
                     const float* target, const float* weights) {
    require_non_negative("rows", rows);
    require_positive("cols", cols);
    const int64_t n = count_of(what, rows, cols);
    require_array("pred", pred, n, "[rows, cols]");
    require_array("target", target, sparse ? rows : n, sparse ? "[rows] (class ids)" : "[rows, cols]");
    (void)weights;  // optional [rows]
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
        require_non_negative("rows", rows);
        require_positive("in", in);
        require_positive("out", out);
        require_dense_activation(activation);
        const int64_t nx = count_of("x", rows, in), nk = count_of("kernel", in, out), ny = count_of("y", rows, out);
        require_array("x", x, nx, "[rows, in]");
        FRNN_REQUIRE(kernel != nullptr, "kernel [in, out] is NULL");
        FRNN_REQUIRE(y != nullptr || ny == 0, "y [rows, out] is NULL");
        require_disjoint("y", y, ny, "x", x, nx);
        require_disjoint("y", y, ny, "kernel", kernel, nk);
        require_disjoint("y", y, ny, "bias", bias, bias ? out : 0);
        frnn::ops::dense_forward(ctx, rows, in, out, x, kernel, bias, activation, y);
    });
}

frnn_status frnn_dense_backward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x,
                                const float* y, const float* dy, const float* kernel, int activation, float* dx,
                                float* d_kernel, float* d_bias) {
    return frnn::guarded("frnn_dense_backward", [&] {
        require_context(ctx);
        require_non_negative("rows", rows);
        require_positive("in", in);
        require_positive("out", out);
        require_dense_activation(activation);
        const int64_t nx = count_of("x", rows, in), nk = count_of("kernel", in, out), ny = count_of("y", rows, out);
        require_array("x", x, nx, "[rows, in]");
        require_array("y", y, ny, "[rows, out]");
        require_array("dy", dy, ny, "[rows, out]");
        FRNN_REQUIRE(kernel != nullptr, "kernel [in, out] is NULL");
        FRNN_REQUIRE(d_kernel != nullptr, "d_kernel [in, out] is NULL; it is required");
        struct Span { const char* name; const void* p; int64_t n; };
        const Span inputs[] = {{"x", x, nx}, {"y", y, ny}, {"dy", dy, ny}, {"kernel", kernel, nk}};
        const Span outputs[] = {{"dx", dx, dx ? nx : 0}, {"d_kernel", d_kernel, nk}, {"d_bias", d_bias, d_bias ? out : 0}};
        for (const Span& o : outputs) {
            for (const Span& i : inputs) require_disjoint(o.name, o.p, o.n, i.name, i.p, i.n);
            for (const Span& o2 : outputs)
                if (&o2 != &o) require_disjoint(o.name, o.p, o.n, o2.name, o2.p, o2.n);
        }
        frnn::ops::dense_backward(ctx, rows, in, out, x, y, dy, kernel, activation, dx, d_kernel, d_bias);
    });
}

frnn_status frnn_embedding_forward(int64_t count, const float* ids, const float* table, int64_t vocab, int64_t dim,
                                   float* out) {
    return frnn::guarded("frnn_embedding_forward", [&] {
        require_non_negative("count", count);
        require_positive("vocab", vocab);
        require_positive("dim", dim);
        const int64_t nt = count_of("table", vocab, dim), no = count_of("out", count, dim);
        require_array("ids", ids, count, "[count]");
        FRNN_REQUIRE(table != nullptr, "table [vocab, dim] is NULL");
        require_array("out", out, no, "[count, dim]");
        require_disjoint("out", out, no, "ids", ids, count);
        require_disjoint("out", out, no, "table", table, nt);
        require_ids("embedding", count, ids, vocab);
        frnn::ops::embedding_forward(count, ids, table, dim, out);
    });
}

frnn_status frnn_embedding_backward(int64_t count, const float* ids, const float* d_out, int64_t vocab, int64_t dim,
                                    float* d_table) {
    return frnn::guarded("frnn_embedding_backward", [&] {
        require_non_negative("count", count);
        require_positive("vocab", vocab);
        require_positive("dim", dim);
        const int64_t nt = count_of("d_table", vocab, dim), no = count_of("d_out", count, dim);
        require_array("ids", ids, count, "[count]");
        require_array("d_out", d_out, no, "[count, dim]");
        FRNN_REQUIRE(d_table != nullptr, "d_table [vocab, dim] is NULL");
        require_disjoint("d_table", d_table, nt, "ids", ids, count);
        require_disjoint("d_table", d_table, nt, "d_out", d_out, no);
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
        const int64_t na = count_of("a", rows, ka), nb = count_of("b", rows, kb);
        const int64_t no = count_of("out", rows, count_of("out", ka + kb, 1));
        require_array("a", a, na, "[rows, ka]");
        require_array("b", b, nb, "[rows, kb]");
        require_array("out", out, no, "[rows, ka + kb]");
        require_disjoint("out", out, no, "a", a, na);
        require_disjoint("out", out, no, "b", b, nb);
        frnn::ops::concat_columns(rows, ka, kb, a, b, out);
    });
}

frnn_status frnn_split_columns(int64_t rows, int64_t ka, int64_t kb, const float* in, float* a, float* b) {
    return frnn::guarded("frnn_split_columns", [&] {
        const int64_t na = count_of("a", rows, ka), nb = count_of("b", rows, kb);
        const int64_t ni = count_of("in", rows, count_of("in", ka + kb, 1));
        require_array("in", in, ni, "[rows, ka + kb]");
        require_array("a", a, na, "[rows, ka]");
        require_array("b", b, nb, "[rows, kb]");
        require_disjoint("a", a, na, "in", in, ni);
        require_disjoint("b", b, nb, "in", in, ni);
        require_disjoint("a", a, na, "b", b, nb);
        frnn::ops::split_columns(rows, ka, kb, in, a, b);
    });
}

frnn_status frnn_loss(int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
                      const float* weights, float* d_pred, double* loss) {
    return frnn::guarded("frnn_loss", [&] {
        FRNN_REQUIRE(kind >= FRNN_LOSS_MSE && kind <= FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
                     "loss kind %d is unknown; expected 0..4 (a frnn_loss_kind)", kind);
        FRNN_REQUIRE(loss != nullptr, "loss is NULL; pass the address of one double");
        const bool sparse = kind == FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
        check_loss_args("loss", sparse, rows, cols, pred, target, weights);
        const int64_t n = rows * cols;
        require_disjoint("d_pred", d_pred, d_pred ? n : 0, "pred", pred, n);
        require_disjoint("d_pred", d_pred, d_pred ? n : 0, "target", target, sparse ? rows : n);
        require_disjoint("d_pred", d_pred, d_pred ? n : 0, "weights", weights, weights ? rows : 0);
        *loss = frnn::ops::loss(kind, rows, cols, pred, target, weights, d_pred);
    });
}

frnn_status frnn_metric(int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
                        const float* weights, double* result) {
    return frnn::guarded("frnn_metric", [&] {
        FRNN_REQUIRE(kind >= FRNN_METRIC_BINARY_ACCURACY && kind <= FRNN_METRIC_MSE,
                     "metric kind %d is unknown; expected 0..4 (a frnn_metric_kind)", kind);
        FRNN_REQUIRE(result != nullptr, "result is NULL; pass an array of two doubles");
        check_loss_args("metric", kind == FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY, rows, cols, pred, target, weights);
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
        FRNN_REQUIRE(kind >= FRNN_OPT_SGD && kind <= FRNN_OPT_RMSPROP,
                     "optimizer kind %d is unknown; expected 0 (SGD), 1 (Adam) or 2 (RMSprop)", kind);
        FRNN_REQUIRE(kind != FRNN_OPT_RMSPROP || momentum == 0.0,
                     "RMSprop with momentum %g is not supported (one state slot, no momentum); use momentum 0",
                     momentum);
        require_non_negative("n", n);
        require_non_negative("iteration", iteration);
        const frnn::ops::OptimizerParams p{kind, learning_rate, beta1, beta2, epsilon, momentum, rho, nesterov != 0};
        const int slots = frnn::ops::optimizer_state_slots(p);
        const int64_t ns = count_of("state", slots, n);
        require_array("params", params, n, "[n]");
        require_array("grads", grads, n, "[n]");
        require_array("state", state, ns, "[slots, n]");
        require_disjoint("params", params, n, "grads", grads, n);
        require_disjoint("params", params, n, "state", state, ns);
        require_disjoint("state", state, ns, "grads", grads, n);
        frnn::ops::optimizer_step(p, n, params, grads, state, iteration);
    });
}

}  // extern "C"

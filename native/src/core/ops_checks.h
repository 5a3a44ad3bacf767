// Argument checks shared by the frnn_cpu and frnn_cuda entry points of the non-recurrent operations
// (api_ops.cpp, api_cuda_ops.cpp): sizes, NULL pointers, overlaps and kind ids. Where the memory must
// live (host or device) is checked by each backend on top of these. Each check throws frnn::Error
// (FRNN_ERR_ARGUMENT) with a message naming the argument. Addresses are compared as integers, which is
// meaningful for host memory and for CUDA's unified virtual address space alike.
#pragma once

#include <stdint.h>

#include "core/activations.h"
#include "core/error.h"
#include "fusedrnn/frnn.h"

namespace frnn::checks {

using ll = long long;

// a * b element counts, rejected when negative or when the bytes would not fit an address.
inline int64_t count_of(const char* what, int64_t a, int64_t b) {
    FRNN_REQUIRE(a >= 0 && b >= 0, "%s: sizes %lld x %lld; expected sizes >= 0", what, (ll)a, (ll)b);
    FRNN_REQUIRE(a == 0 || b <= INT64_MAX / 8 / a, "%s: %lld x %lld elements are too many to address", what, (ll)a,
                 (ll)b);
    return a * b;
}

inline void require_positive(const char* name, int64_t v) {
    FRNN_REQUIRE(v >= 1, "%s = %lld; expected >= 1", name, (ll)v);
}

inline void require_non_negative(const char* name, int64_t v) {
    FRNN_REQUIRE(v >= 0, "%s = %lld; expected >= 0", name, (ll)v);
}

// A pointer to n elements: NULL only when n == 0.
inline void require_array(const char* name, const void* p, int64_t n, const char* shape) {
    FRNN_REQUIRE(p != nullptr || n == 0, "%s %s is NULL; expected an array of %lld values", name, shape, (ll)n);
}

// Whether [p, p + pn) and [q, q + qn) (counts of floats) share any byte.
inline bool overlap(const void* p, int64_t pn, const void* q, int64_t qn) {
    if (p == nullptr || q == nullptr || pn == 0 || qn == 0) return false;
    const uintptr_t a = reinterpret_cast<uintptr_t>(p), b = reinterpret_cast<uintptr_t>(q);
    return a < b + static_cast<uintptr_t>(qn * 4) && b < a + static_cast<uintptr_t>(pn * 4);
}

inline void require_disjoint(const char* out_name, const void* out, int64_t on, const char* in_name, const void* in,
                             int64_t in_n) {
    FRNN_REQUIRE(!overlap(out, on, in, in_n), "%s overlaps %s; pass separate arrays", out_name, in_name);
}

// An element-wise output: the same address as the input, or disjoint from it.
inline void require_same_or_disjoint(const char* out_name, const void* out, const char* in_name, const void* in,
                                     int64_t n) {
    FRNN_REQUIRE(out == in || !overlap(out, n, in, n),
                 "%s partly overlaps %s; pass the same array (in place) or separate arrays", out_name, in_name);
}

inline void require_dense_activation(int activation) {
    FRNN_REQUIRE(is_elementwise_activation(activation) || activation == FRNN_DENSE_SOFTMAX,
                 "activation id %d is unknown; expected 0..5 (an element-wise frnn_activation) or "
                 "FRNN_DENSE_SOFTMAX (6)",
                 activation);
}

// Dense sizes (rows >= 0, in and out >= 1) and activation; the element counts of x, kernel and y.
struct DenseSizes {
    int64_t nx, nk, ny;
};

inline DenseSizes dense_sizes(int64_t rows, int64_t in, int64_t out, int activation) {
    require_non_negative("rows", rows);
    require_positive("in", in);
    require_positive("out", out);
    require_dense_activation(activation);
    return {count_of("x", rows, in), count_of("kernel", in, out), count_of("y", rows, out)};
}

// Dense forward: x [rows, in], kernel [in, out], y [rows, out] required, bias [out] optional; y
// overlaps no input. `array` is the backend's require_array, `optional` its check of an optional
// pointer's memory space (nothing on the host).
template <class ArrayCheck, class OptionalCheck>
void check_dense_forward(int64_t rows, int64_t in, int64_t out, const float* x, const float* kernel,
                         const float* bias, int activation, const float* y, ArrayCheck array, OptionalCheck optional) {
    const auto [nx, nk, ny] = dense_sizes(rows, in, out, activation);
    array("x", x, nx, "[rows, in]");
    array("kernel", kernel, nk, "[in, out]");
    array("y", y, ny, "[rows, out]");
    optional("bias", bias);
    require_disjoint("y", y, ny, "x", x, nx);
    require_disjoint("y", y, ny, "kernel", kernel, nk);
    require_disjoint("y", y, ny, "bias", bias, bias ? out : 0);
}

// Dense backward: x, y, dy, kernel and d_kernel required, dx and d_bias optional; no output (dx, d_kernel,
// d_bias) overlaps an input or another output.
template <class ArrayCheck, class OptionalCheck>
void check_dense_backward(int64_t rows, int64_t in, int64_t out, const float* x, const float* y, const float* dy,
                          const float* kernel, int activation, const float* dx, const float* d_kernel,
                          const float* d_bias, ArrayCheck array, OptionalCheck optional) {
    const auto [nx, nk, ny] = dense_sizes(rows, in, out, activation);
    array("x", x, nx, "[rows, in]");
    array("y", y, ny, "[rows, out]");
    array("dy", dy, ny, "[rows, out]");
    array("kernel", kernel, nk, "[in, out]");
    array("d_kernel", d_kernel, nk, "[in, out]");
    optional("dx", dx);
    optional("d_bias", d_bias);
    struct Span {
        const char* name;
        const void* p;
        int64_t n;
    };
    const Span inputs[] = {{"x", x, nx}, {"y", y, ny}, {"dy", dy, ny}, {"kernel", kernel, nk}};
    const Span outputs[] = {{"dx", dx, dx ? nx : 0}, {"d_kernel", d_kernel, nk}, {"d_bias", d_bias, d_bias ? out : 0}};
    for (const Span& o : outputs) {
        for (const Span& i : inputs) require_disjoint(o.name, o.p, o.n, i.name, i.p, i.n);
        for (const Span& o2 : outputs)
            if (&o2 != &o) require_disjoint(o.name, o.p, o.n, o2.name, o2.p, o2.n);
    }
}

// Loss/metric shapes and pointers, before the backend checks the sparse kinds' class ids. `array` is the
// backend's require_array (the NULL rule, plus the memory space where it matters).
template <class ArrayCheck>
void check_loss_shapes(const char* what, bool sparse, int64_t rows, int64_t cols, const float* pred,
                       const float* target, ArrayCheck array) {
    require_non_negative("rows", rows);
    require_positive("cols", cols);
    const int64_t n = count_of(what, rows, cols);
    array("pred", pred, n, "[rows, cols]");
    array("target", target, sparse ? rows : n, sparse ? "[rows] (class ids)" : "[rows, cols]");
}

inline void require_loss_kind(int kind) {
    FRNN_REQUIRE(kind >= FRNN_LOSS_MSE && kind <= FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
                 "loss kind %d is unknown; expected 0..4 (a frnn_loss_kind)", kind);
}

inline void require_metric_kind(int kind) {
    FRNN_REQUIRE(kind >= FRNN_METRIC_BINARY_ACCURACY && kind <= FRNN_METRIC_MSE,
                 "metric kind %d is unknown; expected 0..4 (a frnn_metric_kind)", kind);
}

// d_pred [rows, cols] (optional) overlaps none of the loss inputs.
inline void require_d_pred_disjoint(bool sparse, int64_t rows, int64_t cols, const float* pred, const float* target,
                                    const float* weights, const float* d_pred) {
    const int64_t n = rows * cols, nd = d_pred ? n : 0;
    require_disjoint("d_pred", d_pred, nd, "pred", pred, n);
    require_disjoint("d_pred", d_pred, nd, "target", target, sparse ? rows : n);
    require_disjoint("d_pred", d_pred, nd, "weights", weights, weights ? rows : 0);
}

inline void require_optimizer(int kind, double momentum, int64_t n, int64_t iteration) {
    FRNN_REQUIRE(kind >= FRNN_OPT_SGD && kind <= FRNN_OPT_RMSPROP,
                 "optimizer kind %d is unknown; expected 0 (SGD), 1 (Adam) or 2 (RMSprop)", kind);
    FRNN_REQUIRE(kind != FRNN_OPT_RMSPROP || momentum == 0.0,
                 "RMSprop with momentum %g is not supported (one state slot, no momentum); use momentum 0", momentum);
    require_non_negative("n", n);
    require_non_negative("iteration", iteration);
}

// Optimizer arrays: params [n], grads [n], state [slots, n] (ns floats), pairwise disjoint.
template <class ArrayCheck>
void check_optimizer_arrays(int64_t n, int64_t ns, const float* params, const float* grads, const float* state,
                            ArrayCheck array) {
    array("params", params, n, "[n]");
    array("grads", grads, n, "[n]");
    array("state", state, ns, "[slots, n]");
    require_disjoint("params", params, n, "grads", grads, n);
    require_disjoint("params", params, n, "state", state, ns);
    require_disjoint("state", state, ns, "grads", grads, n);
}

// Column concatenation and split: a [rows, ka], b [rows, kb] and the joined [rows, ka + kb], disjoint.
template <class ArrayCheck>
void check_concat_columns(int64_t rows, int64_t ka, int64_t kb, const float* a, const float* b, const float* out,
                          ArrayCheck array) {
    const int64_t na = count_of("a", rows, ka), nb = count_of("b", rows, kb);
    const int64_t no = count_of("out", rows, count_of("out", ka + kb, 1));
    array("a", a, na, "[rows, ka]");
    array("b", b, nb, "[rows, kb]");
    array("out", out, no, "[rows, ka + kb]");
    require_disjoint("out", out, no, "a", a, na);
    require_disjoint("out", out, no, "b", b, nb);
}

template <class ArrayCheck>
void check_split_columns(int64_t rows, int64_t ka, int64_t kb, const float* in, const float* a, const float* b,
                         ArrayCheck array) {
    const int64_t na = count_of("a", rows, ka), nb = count_of("b", rows, kb);
    const int64_t ni = count_of("in", rows, count_of("in", ka + kb, 1));
    array("in", in, ni, "[rows, ka + kb]");
    array("a", a, na, "[rows, ka]");
    array("b", b, nb, "[rows, kb]");
    require_disjoint("a", a, na, "in", in, ni);
    require_disjoint("b", b, nb, "in", in, ni);
    require_disjoint("a", a, na, "b", b, nb);
}

inline void require_embedding_sizes(int64_t count, int64_t vocab, int64_t dim) {
    require_non_negative("count", count);
    require_positive("vocab", vocab);
    require_positive("dim", dim);
}

// Embedding: ids [count], table / d_table [vocab, dim], out / d_out [count, dim]; the written array
// overlaps neither input. The ids' values are checked by the backend afterwards.
template <class ArrayCheck>
void check_embedding_forward(int64_t count, int64_t vocab, int64_t dim, const float* ids, const float* table,
                             const float* out, ArrayCheck array) {
    require_embedding_sizes(count, vocab, dim);
    const int64_t nt = count_of("table", vocab, dim), no = count_of("out", count, dim);
    array("ids", ids, count, "[count]");
    array("table", table, nt, "[vocab, dim]");
    array("out", out, no, "[count, dim]");
    require_disjoint("out", out, no, "ids", ids, count);
    require_disjoint("out", out, no, "table", table, nt);
}

template <class ArrayCheck>
void check_embedding_backward(int64_t count, int64_t vocab, int64_t dim, const float* ids, const float* d_out,
                              const float* d_table, ArrayCheck array) {
    require_embedding_sizes(count, vocab, dim);
    const int64_t nt = count_of("d_table", vocab, dim), no = count_of("d_out", count, dim);
    array("ids", ids, count, "[count]");
    array("d_out", d_out, no, "[count, dim]");
    array("d_table", d_table, nt, "[vocab, dim]");
    require_disjoint("d_table", d_table, nt, "ids", ids, count);
    require_disjoint("d_table", d_table, nt, "d_out", d_out, no);
}

}  // namespace frnn::checks

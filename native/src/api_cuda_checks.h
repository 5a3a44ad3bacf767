// Argument checks of the frnn_cuda ABI entry points (api_cuda*.cpp): sizes, required pointers, device
// memory, overlaps. Each throws frnn::Error (FRNN_ERR_ARGUMENT) with a message naming the argument.
#pragma once

#include <stdint.h>

#include "core/cuda_api.h"
#include "core/error.h"
#include "fusedrnn/frnn.h"

namespace frnn::cuda::api {

using ll = long long;

inline void require_context(const frnn_cuda_context* ctx) {
    FRNN_REQUIRE(ctx != nullptr, "ctx is NULL; create one with frnn_cuda_context_create");
}

// a * b element counts, rejected when negative or too many to address in bytes.
inline int64_t count_of(const char* what, int64_t a, int64_t b) {
    FRNN_REQUIRE(a >= 0 && b >= 0, "%s: sizes %lld x %lld; expected sizes >= 0", what, (ll)a, (ll)b);
    FRNN_REQUIRE(a == 0 || b <= INT64_MAX / 8 / a, "%s: %lld x %lld elements are too many to address", what, (ll)a,
                 (ll)b);
    return a * b;
}

inline void require_positive(const char* name, int64_t v) { FRNN_REQUIRE(v >= 1, "%s = %lld; expected >= 1", name, (ll)v); }
inline void require_non_negative(const char* name, int64_t v) {
    FRNN_REQUIRE(v >= 0, "%s = %lld; expected >= 0", name, (ll)v);
}

// p is device (or managed) memory; host memory is an argument error, caught here rather than as an
// illegal-address fault that would poison the CUDA context.
inline void require_device(const char* name, const void* p) {
    if (p == nullptr) return;
    cudaPointerAttributes a{};
    const cudaError_t e = cudaPointerGetAttributes(&a, p);
    if (e != cudaSuccess) cudaGetLastError();
    FRNN_REQUIRE(e == cudaSuccess && (a.type == cudaMemoryTypeDevice || a.type == cudaMemoryTypeManaged),
                 "%s is not device memory; pass memory from frnn_cuda_malloc", name);
}

// A device array of n elements: NULL only when n == 0.
inline void require_array(const char* name, const void* p, int64_t n, const char* shape) {
    FRNN_REQUIRE(p != nullptr || n == 0, "%s %s is NULL; expected an array of %lld values", name, shape, (ll)n);
    if (n > 0) require_device(name, p);
}

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

}  // namespace frnn::cuda::api

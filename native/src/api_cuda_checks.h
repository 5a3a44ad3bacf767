// Argument checks of the frnn_cuda ABI entry points (api_cuda*.cpp): device memory here, on top of the
// sizes, required pointers and overlaps shared with frnn_cpu (core/ops_checks.h). Each throws frnn::Error (FRNN_ERR_ARGUMENT) with a message naming the argument.
#pragma once

#include <stdint.h>

#include "core/cuda_api.h"
#include "core/error.h"
#include "core/ops_checks.h"
#include "fusedrnn/frnn.h"

namespace frnn::cuda::api {

using checks::count_of;
using checks::ll;
using checks::overlap;
using checks::require_disjoint;
using checks::require_non_negative;
using checks::require_positive;
using checks::require_same_or_disjoint;

inline void require_context(const frnn_cuda_context* ctx) {
    FRNN_REQUIRE(ctx != nullptr, "ctx is NULL; create one with frnn_cuda_context_create");
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
    checks::require_array(name, p, n, shape);
    if (n > 0) require_device(name, p);
}

}  // namespace frnn::cuda::api

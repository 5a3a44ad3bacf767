// Argument checks shared by the CPU and CUDA ABI entry points.
#pragma once

#include <stdint.h>

#include "core/activations.h"
#include "core/error.h"

namespace frnn {

// Checks an element-wise activation call: id, element count, pointers (NULL only when n == 0) and
// overlap (y == x in place, or disjoint). Addresses are compared as integers, which is meaningful for
// host memory and for CUDA's unified virtual address space alike.
inline void check_activation_args(int activation, int64_t n, const float* x, const float* y) {
    FRNN_REQUIRE(is_elementwise_activation(activation),
                 "activation id %d is unknown; expected 0..%d (LINEAR, TANH, SIGMOID, RELU, "
                 "HARD_SIGMOID_KERAS2, HARD_SIGMOID_KERAS3; SOFTMAX is row-wise and not element-wise)",
                 activation, kActivationCount - 1);
    FRNN_REQUIRE(n >= 0, "n = %lld elements; expected n >= 0", static_cast<long long>(n));
    FRNN_REQUIRE(n <= INT64_MAX / static_cast<int64_t>(sizeof(float)),
                 "n = %lld elements is too large to address", static_cast<long long>(n));
    if (n == 0) return;
    FRNN_REQUIRE(x != nullptr, "x is NULL with n = %lld; expected an array of n floats",
                 static_cast<long long>(n));
    FRNN_REQUIRE(y != nullptr, "y is NULL with n = %lld; expected an array of n floats",
                 static_cast<long long>(n));
    const uintptr_t xa = reinterpret_cast<uintptr_t>(x), ya = reinterpret_cast<uintptr_t>(y);
    const uintptr_t bytes = static_cast<uintptr_t>(n) * sizeof(float);
    const bool overlap = xa < ya + bytes && ya < xa + bytes;
    FRNN_REQUIRE(xa == ya || !overlap,
                 "x and y overlap partially (y - x = %lld bytes, n = %lld); pass y == x for in-place "
                 "or disjoint arrays",
                 static_cast<long long>(ya - xa), static_cast<long long>(n));
}

}  // namespace frnn

// Host kernels for element-wise activations (arguments already checked by the ABI layer).
#pragma once

#include <stdint.h>

namespace frnn {

// y[i] = f(x[i]) for i < n; x and y are host [n] floats, y == x allowed. activation is a valid id.
void activation_forward_cpu(int activation, int64_t n, const float* x, float* y);

}  // namespace frnn

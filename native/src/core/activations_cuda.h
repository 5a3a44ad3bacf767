// Device kernels for element-wise activations (arguments already checked by the ABI layer).
#pragma once

#include "core/cuda_api.h"
#include <stdint.h>

namespace frnn {

// y[i] = f(x[i]) for i < n on the current device; x and y must be device memory ([n] floats, y == x
// allowed). Rejects host pointers, launches on the legacy default stream and waits for completion.
void activation_forward_cuda(int activation, int64_t n, const float* x, float* y);

// Whether device code of this library exists for the current device: cudaSuccess, or e.g.
// cudaErrorNoKernelImageForDevice when its compute capability was not compiled in. The activation
// kernel stands for all kernels, which are compiled for the same architectures.
cudaError_t kernel_image_status();

}  // namespace frnn

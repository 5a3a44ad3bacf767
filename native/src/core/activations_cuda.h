// Device kernels for element-wise activations (arguments already checked by the ABI layer).
#pragma once

#include "core/cuda_api.h"
#include <stdint.h>

#include <string>

namespace frnn {

// y[i] = f(x[i]) for i < n on the current device; x and y must be device memory ([n] floats, y == x
// allowed). Rejects host pointers, launches on the legacy default stream and waits for completion.
void activation_forward_cuda(int activation, int64_t n, const float* x, float* y);

// Whether device code of this library exists for the current device: cudaSuccess, or e.g.
// cudaErrorNoKernelImageForDevice when its compute capability was not compiled in. The activation
// kernel stands for all kernels, which are compiled for the same architectures.
cudaError_t kernel_image_status();

// Launches a trivial kernel on the current device and checks its result: "" when it ran right, else
// what failed (e.g. cudaErrorNoKernelImageForDevice with what to do). Run once when CUDA is queried, so a
// device this library cannot run on is found at start-up, not in the middle of a fit.
std::string smoke_test();

}  // namespace frnn

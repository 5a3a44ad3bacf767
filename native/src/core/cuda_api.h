// The CUDA runtime as fusedrnn's CUDA sources see it: the real runtime API under nvcc (and in host
// files of the real library), the host emulation of core/cuda_emu.h when FRNN_CUDA_EMULATION is set.
//
// Every kernel is launched through one of two macros, never with <<<>>> directly, so that both builds
// run it:
//   FRNN_LAUNCH(grid, block, stream, kernel)(args...)        a kernel that never calls __syncthreads
//   FRNN_LAUNCH_SYNC(grid, block, stream, kernel)(args...)   a kernel that does (the emulation then runs
//                                                             each CUDA thread of a block as a fiber)
// No dynamic shared memory: kernels declare fixed-size __shared__ arrays.
#pragma once

#if defined(FRNN_CUDA_EMULATION)
#include "core/cuda_emu.h"
#else
#include <cuda_runtime_api.h>
#if defined(__CUDACC__)
#define FRNN_LAUNCH(grid, block, stream, ...) __VA_ARGS__<<<(grid), (block), 0, (stream)>>>
#define FRNN_LAUNCH_SYNC(grid, block, stream, ...) __VA_ARGS__<<<(grid), (block), 0, (stream)>>>
#endif
#endif

// FRNN_HD marks a function that runs on the host and, when compiled by nvcc, on the device too.
// Pointwise math (activations, cell equations) is written once with it and shared by the CPU and
// CUDA code. Outside nvcc it expands to nothing.
#pragma once

#if defined(__CUDACC__)
#define FRNN_HD __host__ __device__
#else
#define FRNN_HD
#endif

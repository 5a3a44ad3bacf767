// CUDA runtime errors as frnn errors, and the device query behind frnn_cuda_query.
#pragma once

#include "core/cuda_api.h"

#include <string>

#include "core/error.h"

namespace frnn {

// "cudaErrorInsufficientDriver (35): CUDA driver version is insufficient for CUDA runtime version",
// followed by what to try for the errors a user can act on.
std::string describe_cuda_error(cudaError_t error);

// Throws frnn::Error (FRNN_ERR_OUT_OF_MEMORY for allocation failures, else FRNN_ERR_CUDA) naming the
// failed call, the error and the source location, when error is not cudaSuccess.
void throw_if_cuda_error(cudaError_t error, const char* call, const char* file, int line);

// What frnn_cuda_query reports: the device count the runtime sees, whether this library's kernels can
// run on device 0, and a one-line description (the device, or why CUDA is unusable).
struct CudaQuery {
    int device_count = 0;
    bool usable = false;
    std::string description;
};
CudaQuery query_cuda();

}  // namespace frnn

#define FRNN_CUDA_CHECK(call) ::frnn::throw_if_cuda_error((call), #call, __FILE__, __LINE__)

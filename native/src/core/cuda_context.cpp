#include "core/cuda_context.h"

#include "core/cuda_status.h"
#include "core/error.h"

namespace frnn::cuda {

void* device_alloc(int64_t bytes, const char* what) {
    void* p = nullptr;
    const cudaError_t e = cudaMalloc(&p, static_cast<size_t>(bytes < 1 ? 1 : bytes));
    if (e == cudaErrorMemoryAllocation) {
        cudaGetLastError();  // clear the sticky-free allocation error
        size_t free_bytes = 0, total_bytes = 0;
        cudaMemGetInfo(&free_bytes, &total_bytes);
        FRNN_FAIL(FRNN_ERR_OUT_OF_MEMORY,
                  "out of device memory: %s needs %lld bytes, the device has %llu of %llu bytes free; use smaller "
                  "batches or a smaller model, or continue on the cpu backend from the parameters saved at the last "
                  "epoch end",
                  what, static_cast<long long>(bytes), static_cast<unsigned long long>(free_bytes),
                  static_cast<unsigned long long>(total_bytes));
    }
    FRNN_CUDA_CHECK(e);
    return p;
}

}  // namespace frnn::cuda

float* frnn_cuda_context::reserve(int64_t floats) {
    if (floats <= workspace_floats) return workspace;
    FRNN_CUDA_CHECK(cudaStreamSynchronize(stream));
    FRNN_CUDA_CHECK(cudaFree(workspace));
    workspace = nullptr;
    workspace_floats = 0;
    const int64_t grown = floats + floats / 4;  // room for a slightly larger next call
    workspace = static_cast<float*>(frnn::cuda::device_alloc(grown * 4, "the workspace"));
    workspace_floats = grown;
    return workspace;
}

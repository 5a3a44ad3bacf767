#include "core/cuda_context.h"

#include <string.h>

#include <mutex>

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

namespace {

constexpr int64_t kStagingMaxBytes = int64_t{64} << 20;

struct Staging {
    std::mutex mutex;  // one transfer at a time uses the buffer
    void* host = nullptr;
    int64_t bytes = 0;
};

Staging& staging() {
    static Staging* s = new Staging();  // kept for the process: freeing pinned memory at exit races the driver
    return *s;
}

}  // namespace

void copy_to_device_staged(void* dst, const void* src, int64_t bytes) {
    Staging& s = staging();
    std::lock_guard<std::mutex> g(s.mutex);
    const int64_t want = bytes < kStagingMaxBytes ? bytes : kStagingMaxBytes;
    if (s.bytes < want) {
        if (s.host != nullptr) FRNN_CUDA_CHECK(cudaFreeHost(s.host));
        s.host = nullptr;
        s.bytes = 0;
        if (cudaHostAlloc(&s.host, static_cast<size_t>(want), cudaHostAllocDefault) != cudaSuccess) {
            cudaGetLastError();  // no page-locked memory left: copy from pageable memory instead
            s.host = nullptr;
            FRNN_CUDA_CHECK(cudaMemcpy(dst, src, static_cast<size_t>(bytes), cudaMemcpyHostToDevice));
            return;
        }
        s.bytes = want;
    }
    for (int64_t done = 0; done < bytes; done += s.bytes) {
        const int64_t piece = bytes - done < s.bytes ? bytes - done : s.bytes;
        memcpy(s.host, static_cast<const char*>(src) + done, static_cast<size_t>(piece));
        FRNN_CUDA_CHECK(cudaMemcpyAsync(static_cast<char*>(dst) + done, s.host, static_cast<size_t>(piece),
                                        cudaMemcpyHostToDevice, cudaStreamLegacy));
        FRNN_CUDA_CHECK(cudaStreamSynchronize(cudaStreamLegacy));  // the staging buffer is reused next
    }
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

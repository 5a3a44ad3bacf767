#include "core/cuda_context.h"

#include <string.h>

#include <map>
#include <mutex>

#include "core/cuda_status.h"
#include "core/error.h"

namespace frnn::cuda {

namespace {

// The default memory pool of each device used so far, nullptr for a device without memory pools.
struct Pools {
    std::mutex mutex;
    std::map<int, cudaMemPool_t> by_device;
};

Pools& pools() {
    static Pools* p = new Pools();
    return *p;
}

// The current device's default pool, set up on first use: its release threshold goes to the maximum, so
// memory freed with cudaFreeAsync stays in the pool for the next batch instead of going back to the
// driver at every synchronisation (CUDA's default threshold is 0). Other users of the default pool in
// the process share the cache. nullptr when the device has no memory pools.
cudaMemPool_t current_pool() {
    int device = 0;
    FRNN_CUDA_CHECK(cudaGetDevice(&device));
    Pools& p = pools();
    std::lock_guard<std::mutex> g(p.mutex);
    auto it = p.by_device.find(device);
    if (it != p.by_device.end()) return it->second;
    int supported = 0;
    if (cudaDeviceGetAttribute(&supported, cudaDevAttrMemoryPoolsSupported, device) != cudaSuccess) {
        cudaGetLastError();  // an old driver that does not know the attribute: no pools
        supported = 0;
    }
    cudaMemPool_t pool = nullptr;
    if (supported != 0) {
        FRNN_CUDA_CHECK(cudaDeviceGetDefaultMemPool(&pool, device));
        uint64_t keep = UINT64_MAX;
        FRNN_CUDA_CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep));
    }
    p.by_device[device] = pool;
    return pool;
}

}  // namespace

void* device_alloc(int64_t bytes, const char* what, cudaStream_t stream) {
    const size_t n = static_cast<size_t>(bytes < 1 ? 1 : bytes);
    cudaMemPool_t pool = current_pool();
    void* p = nullptr;
    const cudaError_t e = pool != nullptr ? cudaMallocAsync(&p, n, stream) : cudaMalloc(&p, n);
    if (e == cudaErrorMemoryAllocation) {
        cudaGetLastError();  // clear the allocation error
        if (pool != nullptr) {
            // Give the pool's cached memory back (once the frees queued so far have run), so that the
            // free memory reported is what a smaller retry, or another library, can have.
            cudaDeviceSynchronize();
            cudaMemPoolTrimTo(pool, 0);
            cudaGetLastError();
        }
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

void device_free(void* p, cudaStream_t stream) {
    if (p == nullptr) return;
    FRNN_CUDA_CHECK(current_pool() != nullptr ? cudaFreeAsync(p, stream) : cudaFree(p));
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
    frnn::cuda::device_free(workspace, stream);  // after the stream's work that still reads it
    workspace = nullptr;
    workspace_floats = 0;
    const int64_t grown = floats + floats / 4;  // room for a slightly larger next call
    workspace = static_cast<float*>(frnn::cuda::device_alloc(grown * 4, "the workspace", stream));
    workspace_floats = grown;
    return workspace;
}

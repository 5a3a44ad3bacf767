// frnn_cuda_context: one CUDA stream and one device workspace, reused from call to call (a call
// allocates device memory only when the workspace must grow). One caller at a time, like frnn_context.
//
// Device memory comes from the device's stream-ordered pool (cudaMallocAsync / cudaFreeAsync on the
// default memory pool, whose release threshold is raised so that freed memory stays cached for the next
// request instead of going back to the driver at each synchronisation). Which stream orders what:
//   the workspace of a context    allocated and freed on the context's stream: it is only ever used
//                                 by that stream's work.
//   buffers (frnn_cuda_malloc)    allocated, zero-filled and freed on the legacy default stream
//                                 (cudaStreamLegacy). A buffer is used by many contexts and outlives
//                                 them; the contexts' streams are blocking streams (cudaStreamCreate),
//                                 so work queued on any of them after the allocation waits for it, and
//                                 the free waits for every kernel queued on any of them before it.
//                                 Host copies go on the legacy stream too and wait for their completion.
// Neither waits on the host; a device without memory pools falls back to cudaMalloc / cudaFree.
#pragma once

#include <stdint.h>

#include "core/cuda_api.h"
#include "fusedrnn/frnn.h"

struct frnn_cuda_context {
    cudaStream_t stream = nullptr;
    float* workspace = nullptr;  // device memory, [workspace_floats]
    int64_t workspace_floats = 0;

    // At least `floats` floats of device workspace (contents undefined). Growing frees the old workspace
    // and allocates the new one in stream order, after the stream's earlier work. Throws frnn::Error
    // (FRNN_ERR_OUT_OF_MEMORY with the sizes asked for and free) when the device is full.
    float* reserve(int64_t floats);
};

namespace frnn::cuda {

// Carves consecutive 256-byte aligned regions out of one workspace: a first pass with base == nullptr
// measures, a second hands out pointers.
class Carver {
public:
    explicit Carver(float* base) : base_(base) {}
    float* take(int64_t floats) {
        float* p = base_ != nullptr ? base_ + used_ : nullptr;
        used_ += (floats + 63) / 64 * 64;
        return p;
    }
    double* take_doubles(int64_t n) { return reinterpret_cast<double*>(take(2 * n)); }
    int64_t used() const { return used_; }

private:
    float* base_;
    int64_t used_ = 0;
};

// Device memory of `bytes` from the pool, usable by work queued on `stream` (or ordered after it) from
// now on; or FRNN_ERR_OUT_OF_MEMORY naming `what`, the size asked for and the device's free and total
// memory (after the pool gave its cached memory back, so that a smaller retry or another library can
// use it).
void* device_alloc(int64_t bytes, const char* what, cudaStream_t stream);

// Returns p (from device_alloc) to the pool once the work queued on `stream` before it is done. NULL
// does nothing.
void device_free(void* p, cudaStream_t stream);

// Copies `bytes` from host src to device dst through a pinned staging buffer (cudaHostAlloc; plain host
// memory in the emulation), kept for the process and grown to the largest transfer up to 64 MiB (larger
// ones go in 64 MiB pieces): one DMA from page-locked memory per piece. Ordered on the legacy default
// stream, so it waits for every earlier kernel of every context; returns when the copy is done.
void copy_to_device_staged(void* dst, const void* src, int64_t bytes);

// Blocks and threads for a one-thread-per-element kernel over n elements (grid-stride beyond the cap).
constexpr int kThreads = 256;
inline unsigned blocks_for(int64_t n) {
    const int64_t b = (n + kThreads - 1) / kThreads;
    return static_cast<unsigned>(b < 1 ? 1 : (b > 4096 ? 4096 : b));
}

}  // namespace frnn::cuda

// A grid-stride loop over [0, n) in a kernel launched with blocks_for(n) x kThreads.
#define FRNN_GRID_LOOP(i, n)                                                                          \
    for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < (n);             \
         i += static_cast<int64_t>(gridDim.x) * blockDim.x)

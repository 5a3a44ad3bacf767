// The host emulation's runtime (see core/cuda_emu.h): memory, streams, errors (launches: cuda_emu_launch.cpp).
#include "core/cuda_emu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <map>
#include <mutex>

#include "core/error.h"

namespace {

// ---- memory: allocations by start address, for cudaPointerGetAttributes and the optional limit
struct Memory {
    std::mutex mutex;
    std::map<uintptr_t, size_t> blocks;
    size_t used = 0;
    size_t limit = 0;  // 0: no limit but the host's

    Memory() {
        if (const char* v = getenv("FRNN_CUDA_EMU_MEMORY_BYTES")) limit = strtoull(v, nullptr, 10);
    }
};

Memory& memory() {
    static Memory* m = new Memory();
    return *m;
}

thread_local cudaError_t last_error = cudaSuccess;

// Records e as the thread's last error (cudaSuccess leaves it) and returns it.
cudaError_t fail(cudaError_t e) {
    if (e != cudaSuccess) last_error = e;
    return e;
}

}  // namespace

cudaError_t frnn::emu::record_error(cudaError_t e) { return fail(e); }

// ---- runtime API
cudaError_t cudaGetDeviceCount(int* count) {
    *count = 1;
    return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
    if (device != 0) return fail(cudaErrorInvalidValue);
    memset(prop, 0, sizeof *prop);
    snprintf(prop->name, sizeof prop->name, "host emulation of CUDA");
    prop->totalGlobalMem = memory().limit;
    prop->major = 0;
    prop->minor = 0;
    prop->multiProcessorCount = 1;
    return cudaSuccess;
}

cudaError_t cudaDriverGetVersion(int* version) {
    *version = 0;
    return cudaSuccess;
}

cudaError_t cudaRuntimeGetVersion(int* version) {
    *version = 0;
    return cudaSuccess;
}

const char* cudaGetErrorName(cudaError_t error) {
    switch (error) {
        case cudaSuccess: return "cudaSuccess";
        case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
        case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
        case cudaErrorInvalidDevicePointer: return "cudaErrorInvalidDevicePointer";
        case cudaErrorInvalidMemcpyDirection: return "cudaErrorInvalidMemcpyDirection";
        case cudaErrorInsufficientDriver: return "cudaErrorInsufficientDriver";
        case cudaErrorNoDevice: return "cudaErrorNoDevice";
        case cudaErrorNoKernelImageForDevice: return "cudaErrorNoKernelImageForDevice";
        case cudaErrorIllegalAddress: return "cudaErrorIllegalAddress";
        case cudaErrorLaunchFailure: return "cudaErrorLaunchFailure";
    }
    return "cudaErrorUnknown";
}

const char* cudaGetErrorString(cudaError_t error) {
    switch (error) {
        case cudaSuccess: return "no error";
        case cudaErrorInvalidValue: return "invalid argument";
        case cudaErrorMemoryAllocation: return "out of memory";
        case cudaErrorInvalidDevicePointer: return "invalid device pointer";
        case cudaErrorInvalidMemcpyDirection: return "invalid copy direction for memcpy";
        case cudaErrorInsufficientDriver: return "CUDA driver version is insufficient for CUDA runtime version";
        case cudaErrorNoDevice: return "no CUDA-capable device is detected";
        case cudaErrorNoKernelImageForDevice: return "no kernel image is available for execution on the device";
        case cudaErrorIllegalAddress: return "an illegal memory access was encountered";
        case cudaErrorLaunchFailure: return "unspecified launch failure";
    }
    return "unknown error";
}

cudaError_t cudaGetLastError() {
    const cudaError_t e = last_error;
    last_error = cudaSuccess;
    return e;
}

cudaError_t cudaMalloc(void** p, size_t bytes) {
    if (const cudaError_t e = frnn::emu::fault_for("malloc")) return fail(e);
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    if (m.limit != 0 && bytes > m.limit - m.used) return fail(cudaErrorMemoryAllocation);
    const size_t rounded = (bytes + 255) / 256 * 256;
    void* q = aligned_alloc(256, rounded == 0 ? 256 : rounded);
    if (q == nullptr) return fail(cudaErrorMemoryAllocation);
    m.blocks[reinterpret_cast<uintptr_t>(q)] = bytes;
    m.used += bytes;
    *p = q;
    return cudaSuccess;
}

cudaError_t cudaFree(void* p) {
    if (p == nullptr) return cudaSuccess;
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    auto it = m.blocks.find(reinterpret_cast<uintptr_t>(p));
    if (it == m.blocks.end()) return fail(cudaErrorInvalidDevicePointer);
    m.used -= it->second;
    m.blocks.erase(it);
    free(p);
    return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes) {
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    *total_bytes = m.limit != 0 ? m.limit : SIZE_MAX;
    *free_bytes = m.limit != 0 ? m.limit - m.used : SIZE_MAX;
    return cudaSuccess;
}

cudaError_t cudaPointerGetAttributes(cudaPointerAttributes* a, const void* p) {
    Memory& m = memory();
    std::lock_guard<std::mutex> g(m.mutex);
    memset(a, 0, sizeof *a);
    const uintptr_t x = reinterpret_cast<uintptr_t>(p);
    auto it = m.blocks.upper_bound(x);
    if (it != m.blocks.begin()) {
        --it;
        if (x < it->first + (it->second == 0 ? 1 : it->second)) {
            a->type = cudaMemoryTypeDevice;
            a->devicePointer = const_cast<void*>(p);
            return cudaSuccess;
        }
    }
    a->type = cudaMemoryTypeUnregistered;
    a->hostPointer = const_cast<void*>(p);
    return cudaSuccess;
}

cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind) {
    if (kind < cudaMemcpyHostToHost || kind > cudaMemcpyDefault) return fail(cudaErrorInvalidMemcpyDirection);
    if (const cudaError_t e = frnn::emu::fault_for("copy")) return fail(e);
    if (bytes > 0) memmove(dst, src, bytes);
    return cudaSuccess;
}

cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, cudaStream_t) {
    return cudaMemcpy(dst, src, bytes, kind);
}

cudaError_t cudaMemsetAsync(void* p, int value, size_t bytes, cudaStream_t) {
    if (const cudaError_t e = frnn::emu::fault_for("copy")) return fail(e);
    if (bytes > 0) memset(p, value, bytes);
    return cudaSuccess;
}

cudaError_t cudaStreamCreate(cudaStream_t* stream) {
    *stream = reinterpret_cast<cudaStream_t>(0x2);
    return cudaSuccess;
}

cudaError_t cudaStreamDestroy(cudaStream_t) { return cudaSuccess; }
cudaError_t cudaStreamSynchronize(cudaStream_t) { return fail(frnn::emu::fault_for("sync")); }
cudaError_t cudaDeviceSynchronize() { return fail(frnn::emu::fault_for("sync")); }

cudaError_t cudaHostAlloc(void** p, size_t bytes, unsigned) {
    *p = malloc(bytes == 0 ? 1 : bytes);
    return *p != nullptr ? cudaSuccess : fail(cudaErrorMemoryAllocation);
}

cudaError_t cudaFreeHost(void* p) {
    free(p);
    return cudaSuccess;
}

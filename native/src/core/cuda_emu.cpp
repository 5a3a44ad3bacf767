// The host emulation's runtime (see core/cuda_emu.h): launches, __syncthreads, device properties, streams,
// errors. Memory, copies and synchronisation are in cuda_emu_memory.cpp.
#include "core/cuda_emu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barrier>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"

thread_local dim3 threadIdx;
thread_local dim3 blockIdx;
thread_local dim3 blockDim;
thread_local dim3 gridDim;

namespace {

using Barrier = std::barrier<>;

thread_local Barrier* current_barrier = nullptr;  // set for the threads of a FRNN_LAUNCH_SYNC block
thread_local const char* current_kernel = nullptr;

// Threads for FRNN_LAUNCH_SYNC, kept across launches: thread i plays CUDA thread i of every block. They
// are never joined (the process may end while they wait), so the pool is deliberately leaked.
class Workers {
public:
    // Runs job(i) on threads 0 .. n-1 and waits for all of them.
    void run(int n, const std::function<void(int)>& job) {
        std::unique_lock<std::mutex> lock(mutex_);
        while (static_cast<int>(threads_.size()) < n) {
            const int i = static_cast<int>(threads_.size());
            threads_.emplace_back([this, i] { loop(i); });
            threads_.back().detach();
        }
        job_ = &job;
        active_ = n;
        remaining_ = n;
        generation_++;
        wake_.notify_all();
        done_.wait(lock, [&] { return remaining_ == 0; });
        job_ = nullptr;
    }

private:
    void loop(int i) {
        uint64_t seen = 0;
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return generation_ != seen && i < active_; });
            seen = generation_;
            const std::function<void(int)>* job = job_;
            lock.unlock();
            (*job)(i);
            lock.lock();
            if (--remaining_ == 0) done_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::vector<std::thread> threads_;
    const std::function<void(int)>* job_ = nullptr;
    uint64_t generation_ = 0;
    int active_ = 0, remaining_ = 0;
};

std::mutex& launch_mutex() {
    static std::mutex m;
    return m;
}

Workers& workers() {
    static Workers* w = new Workers();
    return *w;
}

dim3 coordinates(unsigned index, const dim3& extent) {
    return dim3(index % extent.x, index / extent.x % extent.y, index / (extent.x * extent.y));
}

unsigned volume(const dim3& d) { return d.x * d.y * d.z; }

thread_local cudaError_t last_error = cudaSuccess;

// Records e as the thread's last error (cudaSuccess leaves it) and returns it.
cudaError_t fail(cudaError_t e) {
    if (e != cudaSuccess) last_error = e;
    return e;
}

}  // namespace

cudaError_t frnn::emu::record_error(cudaError_t e) { return fail(e); }

void __syncthreads() {
    if (current_barrier == nullptr)
        FRNN_FAIL(FRNN_ERR_INTERNAL, "kernel %s called __syncthreads but was launched with FRNN_LAUNCH; launch it "
                  "with FRNN_LAUNCH_SYNC", current_kernel != nullptr ? current_kernel : "?");
    current_barrier->arrive_and_wait();
}

namespace frnn::emu {

void run(const Launch& l, const std::function<void()>& body) {
    std::lock_guard<std::mutex> serial(launch_mutex());
    const unsigned blocks = volume(l.grid), threads = volume(l.block);
    FRNN_REQUIRE(threads >= 1 && threads <= 1024, "kernel %s launched with %u threads per block; expected 1..1024",
                 l.name, threads);
    if (blocks == 0) return;
    if (const cudaError_t e = fault_for("launch", l.name)) {
        fail(e);
        return;
    }
    if (!l.sync) {
        current_kernel = l.name;
        gridDim = l.grid;
        blockDim = l.block;
        for (unsigned b = 0; b < blocks; b++) {
            blockIdx = coordinates(b, l.grid);
            for (unsigned t = 0; t < threads; t++) {
                threadIdx = coordinates(t, l.block);
                body();
            }
        }
        return;
    }
    // One OS thread per CUDA thread; a barrier after each block keeps the next block's threads off the
    // shared arrays until every thread of this one is done with them.
    Barrier barrier(static_cast<ptrdiff_t>(threads));
    std::mutex error_mutex;
    std::exception_ptr error;
    workers().run(static_cast<int>(threads), [&](int i) {
        current_barrier = &barrier;
        current_kernel = l.name;
        gridDim = l.grid;
        blockDim = l.block;
        threadIdx = coordinates(static_cast<unsigned>(i), l.block);
        try {
            for (unsigned b = 0; b < blocks; b++) {
                blockIdx = coordinates(b, l.grid);
                body();
                barrier.arrive_and_wait();
            }
        } catch (...) {
            std::lock_guard<std::mutex> g(error_mutex);
            if (!error) error = std::current_exception();
            barrier.arrive_and_drop();  // the others must not wait for this thread any more
        }
        current_barrier = nullptr;
    });
    if (error) std::rethrow_exception(error);
}

}  // namespace frnn::emu

// ---- runtime API
cudaError_t cudaGetDeviceCount(int* count) {
    *count = 1;
    return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
    if (device != 0) return fail(cudaErrorInvalidValue);
    memset(prop, 0, sizeof *prop);
    snprintf(prop->name, sizeof prop->name, "host emulation of CUDA");
    prop->totalGlobalMem = frnn::emu::memory_limit();
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

cudaError_t cudaStreamCreate(cudaStream_t* stream) {
    *stream = reinterpret_cast<cudaStream_t>(0x2);
    return cudaSuccess;
}

cudaError_t cudaStreamDestroy(cudaStream_t) { return cudaSuccess; }

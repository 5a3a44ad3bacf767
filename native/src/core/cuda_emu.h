// Host emulation of the part of CUDA that fusedrnn's kernels use, so the same .cu sources compile as
// C++ (FRNN_CUDA_EMULATION) and run on the CPU: the CUDA backend's orchestration and its kernels are
// then tested where no GPU exists. Include core/cuda_api.h rather than this file.
//
// What is emulated:
//   __global__ / __device__ / __host__   nothing (plain functions)
//   __shared__                           static storage: one copy, shared by the threads of the block
//                                        that runs (launches are serialised, blocks run one at a time)
//   threadIdx, blockIdx, blockDim, gridDim   thread_local, set by the launcher
//   FRNN_LAUNCH                          every block and thread in turn on the calling thread
//   FRNN_LAUNCH_SYNC                     the threads of a block as fibers on the calling thread, each with
//                                        its own stack, switched at __syncthreads, so __syncthreads has
//                                        its meaning; blocks one after another (core/cuda_emu_launch.cpp)
//   memory                               cudaMalloc is aligned host memory, tracked so that
//                                        cudaPointerGetAttributes tells device from host pointers; an
//                                        optional limit (FRNN_CUDA_EMU_MEMORY_BYTES) makes allocations
//                                        fail as on a full device
//   the stream-ordered pool              cudaMallocAsync / cudaFreeAsync on the device's default pool:
//                                        a freed block stays cached (counted as used device memory) and
//                                        serves the next request of the same size; cached blocks go back
//                                        to the device at a synchronisation when the pool holds more than
//                                        its release threshold (cudaMemPoolAttrReleaseThreshold, default
//                                        0), on cudaMemPoolTrimTo, and when a new block would pass the
//                                        limit (as the real pool reuses its unused memory for any size)
//   counters (tests)                     host-to-device copies, host synchronisations, allocations: see
//                                        frnn::emu::count
//   streams, events of completion        no-ops: every launch has finished when it returns
//   pinned host memory (cudaHostAlloc)   plain host memory
//   cuBLAS (the few calls the loader of core/cublas.h needs)   a column-major host loop, so the GEMM
//                                        dispatch and its row-major to column-major mapping are tested
//   faults                               frnn::emu::inject_fault (and FRNN_CUDA_EMU_FAULT) make the Nth
//                                        launch, copy, allocation, synchronisation or cuBLAS call fail
//                                        with a chosen error, once or from then on (a lost device)
// Not emulated (so not used by the kernels): warp shuffles and votes, atomics, cooperative groups,
// dynamic shared memory, textures.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <functional>

struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static

// constinit: no dynamic initialisation, so an access is a plain thread-local load with no call to an
// initialisation wrapper (whose null check GCC 12 miscompiles under -fsanitize=null in executables).
extern thread_local constinit dim3 threadIdx;
extern thread_local constinit dim3 blockIdx;
extern thread_local constinit dim3 blockDim;
extern thread_local constinit dim3 gridDim;

// Waits for every thread of the block; only valid in a kernel launched with FRNN_LAUNCH_SYNC (elsewhere
// it throws, naming the kernel, instead of deadlocking).
void __syncthreads();

// ---- the runtime API subset (values as in CUDA's headers)
enum cudaError_t {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInvalidDevicePointer = 17,
    cudaErrorInvalidMemcpyDirection = 21,
    cudaErrorInsufficientDriver = 35,
    cudaErrorNoDevice = 100,
    cudaErrorNoKernelImageForDevice = 209,
    cudaErrorIllegalAddress = 700,
    cudaErrorLaunchFailure = 719
};
#define cudaHostAllocDefault 0u
enum cudaMemcpyKind {
    cudaMemcpyHostToHost = 0,
    cudaMemcpyHostToDevice = 1,
    cudaMemcpyDeviceToHost = 2,
    cudaMemcpyDeviceToDevice = 3,
    cudaMemcpyDefault = 4
};
enum cudaMemoryType {
    cudaMemoryTypeUnregistered = 0,
    cudaMemoryTypeHost = 1,
    cudaMemoryTypeDevice = 2,
    cudaMemoryTypeManaged = 3
};
struct cudaPointerAttributes {
    cudaMemoryType type;
    int device;
    void* devicePointer;
    void* hostPointer;
};
struct cudaDeviceProp {
    char name[256];
    size_t totalGlobalMem;
    int major, minor;
    int multiProcessorCount;
};
struct cudaFuncAttributes {
    int maxThreadsPerBlock;
};
typedef struct frnn_emu_stream* cudaStream_t;
typedef struct frnn_emu_mem_pool* cudaMemPool_t;
enum cudaMemPoolAttr {
    cudaMemPoolAttrReleaseThreshold = 4,    // uint64_t
    cudaMemPoolAttrReservedMemCurrent = 5,  // uint64_t, read only
    cudaMemPoolAttrUsedMemCurrent = 7       // uint64_t, read only
};
enum cudaDeviceAttr { cudaDevAttrMemoryPoolsSupported = 115 };
#define cudaStreamLegacy (reinterpret_cast<cudaStream_t>(0x1))

cudaError_t cudaGetDeviceCount(int* count);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device);
cudaError_t cudaDriverGetVersion(int* version);
cudaError_t cudaRuntimeGetVersion(int* version);
const char* cudaGetErrorName(cudaError_t error);
const char* cudaGetErrorString(cudaError_t error);
cudaError_t cudaGetLastError();
cudaError_t cudaMalloc(void** p, size_t bytes);
cudaError_t cudaFree(void* p);
cudaError_t cudaMallocAsync(void** p, size_t bytes, cudaStream_t stream);
cudaError_t cudaFreeAsync(void* p, cudaStream_t stream);
cudaError_t cudaGetDevice(int* device);
cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device);
cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t* pool, int device);
cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void* value);
cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void* value);
cudaError_t cudaMemPoolTrimTo(cudaMemPool_t pool, size_t min_bytes_to_keep);
cudaError_t cudaHostAlloc(void** p, size_t bytes, unsigned flags);
cudaError_t cudaFreeHost(void* p);
cudaError_t cudaMemGetInfo(size_t* free_bytes, size_t* total_bytes);
cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind, cudaStream_t stream);
cudaError_t cudaMemsetAsync(void* p, int value, size_t bytes, cudaStream_t stream);
cudaError_t cudaPointerGetAttributes(cudaPointerAttributes* attributes, const void* p);
cudaError_t cudaStreamCreate(cudaStream_t* stream);
cudaError_t cudaStreamDestroy(cudaStream_t stream);
cudaError_t cudaStreamSynchronize(cudaStream_t stream);
cudaError_t cudaDeviceSynchronize();
template <class F>
cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* attributes, F) {
    attributes->maxThreadsPerBlock = 1024;
    return cudaSuccess;
}

namespace frnn::emu {

// One launch's shape; `name` is the kernel's name for messages.
struct Launch {
    dim3 grid, block;
    bool sync;
    const char* name;

    // The kernel bound to this launch: calling the result with the kernel's arguments runs the grid.
    template <class Kernel>
    auto bind(Kernel kernel) const {
        const Launch self = *this;
        return [self, kernel](auto... args) { run(self, [&] { kernel(args...); }); };
    }
};

// Runs body once per CUDA thread of the grid (see the file comment); one launch at a time per process.
// An injected fault makes the launch do nothing and leaves its error for cudaGetLastError.
void run(const Launch& launch, const std::function<void()>& body);

// Fault injection. `event` names what fails: "launch" (any kernel), "launch:NAME" (a kernel whose name
// contains NAME, e.g. "launch:smoke_kernel"), "copy" (cudaMemcpy*, cudaMemset*), "malloc", "sync"
// (stream and device synchronisation) or "cublas". The first `after` matching events succeed, the next
// fails with `error`; with `sticky`, every later launch, copy, allocation, synchronisation and cuBLAS
// call fails too, as on a device that was lost. event == nullptr clears. FRNN_CUDA_EMU_FAULT =
// "event:after:error[:sticky]" sets one at start-up.
void inject_fault(const char* event, int64_t after, int error, bool sticky);

// Records e (unless cudaSuccess) as the calling thread's error for cudaGetLastError; returns e.
cudaError_t record_error(cudaError_t e);

// The device memory limit (FRNN_CUDA_EMU_MEMORY_BYTES), 0 for none.
size_t memory_limit();

// Calls counted since the process started, for tests of how the backend uses the device:
// "copy_h2d" host-to-device copies (cudaMemcpy*, any stream), "sync" calls that wait on the host for the
// device (cudaStreamSynchronize, cudaDeviceSynchronize, the blocking cudaMemcpy), "malloc" cudaMalloc,
// "malloc_async" cudaMallocAsync, "pool_grow" cudaMallocAsync calls that no cached block served.
// -1 for another name.
int64_t count(const char* counter);

// The error an event of `kind` ("launch", "copy", "malloc", "sync", "cublas"; `name` the kernel's for a
// launch) must report under the injected fault, or cudaSuccess. Called by the emulated runtime.
cudaError_t fault_for(const char* kind, const char* name = nullptr);

// Records e (unless cudaSuccess) as the calling thread's error for cudaGetLastError; returns e.
cudaError_t record_error(cudaError_t e);

// The emulated cuBLAS: the column-major contract of cublasSgemm_v2 (handle, operations 0 = N, 1 = T,
// then m, n, k, alpha, A, lda, B, ldb, beta, C, ldc; C is [m, n] column-major) as a host loop; returns a
// cublasStatus_t value (0: success, 13: execution failed, under an injected fault).
int cublas_create(void** handle);
int cublas_destroy(void* handle);
int cublas_set_stream(void* handle, cudaStream_t stream);
int cublas_get_version(void* handle, int* version);
int cublas_sgemm(void* handle, int trans_a, int trans_b, int m, int n, int k, const float* alpha, const float* a,
                 int lda, const float* b, int ldb, const float* beta, float* c, int ldc);

}  // namespace frnn::emu

#define FRNN_LAUNCH(grid, block, stream, ...) \
    (void)(stream), ::frnn::emu::Launch{dim3(grid), dim3(block), false, #__VA_ARGS__}.bind(__VA_ARGS__)
#define FRNN_LAUNCH_SYNC(grid, block, stream, ...) \
    (void)(stream), ::frnn::emu::Launch{dim3(grid), dim3(block), true, #__VA_ARGS__}.bind(__VA_ARGS__)

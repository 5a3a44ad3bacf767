/*
 * Test hook of the host-emulated CUDA library (frnn_cuda_emu) only; frnn_cuda has no such function.
 * Include after fusedrnn/frnn.h.
 */
#ifndef FUSEDRNN_FRNN_CUDA_EMU_TESTING_H
#define FUSEDRNN_FRNN_CUDA_EMU_TESTING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Makes the emulated CUDA runtime fail, to test how failures surface.
 *   event   what fails: "launch" (any kernel), "launch:NAME" (a kernel whose name contains NAME, e.g.
 *           "launch:smoke_kernel"), "copy", "malloc", "sync" or "cublas"; NULL clears the fault.
 *   after   how many matching events succeed first, >= 0.
 *   error   the cudaError_t value the failing event reports (e.g. 209 cudaErrorNoKernelImageForDevice,
 *           700 cudaErrorIllegalAddress), > 0.
 *   sticky  0: only that event fails; 1: every later launch, copy, allocation, synchronisation and
 *           cuBLAS call fails too, as on a lost device.
 * Returns FRNN_OK, or FRNN_ERR_ARGUMENT for an unknown event or a bad number.
 */
FRNN_API frnn_status frnn_cuda_emu_inject_fault(const char* event, int64_t after, int error, int sticky);

/*
 * How often the emulated CUDA runtime was called since the process started, to test how the library
 * uses a device (read it before and after the work under test):
 *   "copy_h2d"      host-to-device copies (cudaMemcpy, cudaMemcpyAsync)
 *   "sync"          calls that block the host until the device is done (cudaStreamSynchronize,
 *                   cudaDeviceSynchronize, the blocking cudaMemcpy, cudaFree)
 *   "malloc"        cudaMalloc
 *   "malloc_async"  cudaMallocAsync (the stream-ordered pool)
 *   "pool_grow"     cudaMallocAsync calls that the pool's cached blocks could not serve
 * Returns the count, or -1 for another name (or NULL).
 */
FRNN_API int64_t frnn_cuda_emu_count(const char* counter);

#ifdef __cplusplus
}
#endif

#endif /* FUSEDRNN_FRNN_CUDA_EMU_TESTING_H */

#include "core/cuda_status.h"

#include "core/activations_cuda.h"
#include "frnn_build_config.h"

namespace frnn {
namespace {

// What a user can do about the errors that mean "CUDA is not usable here".
const char* hint(cudaError_t error) {
    switch (error) {
        case cudaErrorInsufficientDriver:
            return "install or update the NVIDIA driver to one that supports this CUDA runtime, or use the "
                   "cpu backend";
        case cudaErrorNoDevice:
            return "no CUDA GPU is visible to this process (check CUDA_VISIBLE_DEVICES), or use the cpu backend";
        case cudaErrorNoKernelImageForDevice:
            return "this GPU's compute capability is not among the compiled architectures " FRNN_CUDA_ARCHITECTURES
                   "; rebuild with -DCMAKE_CUDA_ARCHITECTURES including it";
        case cudaErrorMemoryAllocation:
            return "free device memory or use smaller inputs";
        default:
            return nullptr;
    }
}

}  // namespace

std::string describe_cuda_error(cudaError_t error) {
    std::string text = format("%s (%d): %s", cudaGetErrorName(error), static_cast<int>(error),
                              cudaGetErrorString(error));
    if (const char* h = hint(error)) text += std::string("; ") + h;
    return text;
}

void throw_if_cuda_error(cudaError_t error, const char* call, const char* file, int line) {
    if (error == cudaSuccess) return;
    cudaGetLastError();  // reported here: leave no stale error for a later, unrelated check (sticky ones stay)
    const frnn_status status = error == cudaErrorMemoryAllocation ? FRNN_ERR_OUT_OF_MEMORY : FRNN_ERR_CUDA;
    throw Error(status, format("%s failed: %s [%s:%d]", call, describe_cuda_error(error).c_str(), file, line));
}

CudaQuery query_cuda() {
    CudaQuery q;
#if defined(FRNN_CUDA_EMULATION)
    q.device_count = 1;
    const std::string smoke = smoke_test();
    q.usable = smoke.empty();
    q.description = q.usable ? "host emulation of CUDA: the CUDA backend's kernels run on the CPU, one launch at a "
                               "time (for tests and diagnostics, not for speed)"
                             : "host emulation of CUDA: " + smoke;
    return q;
#else
    cudaError_t error = cudaGetDeviceCount(&q.device_count);
    if (error != cudaSuccess) {
        q.device_count = 0;
        q.description = describe_cuda_error(error);
        return q;
    }
    if (q.device_count == 0) {
        q.description = describe_cuda_error(cudaErrorNoDevice);
        return q;
    }
    cudaDeviceProp prop{};
    error = cudaGetDeviceProperties(&prop, 0);
    if (error != cudaSuccess) {
        q.description = "device 0: " + describe_cuda_error(error);
        return q;
    }
    const std::string device = format("device 0 of %d: %s, compute capability %d.%d, %.1f GiB", q.device_count,
                                      prop.name, prop.major, prop.minor,
                                      static_cast<double>(prop.totalGlobalMem) / (1024.0 * 1024.0 * 1024.0));
    error = kernel_image_status();
    if (error != cudaSuccess) {
        q.description = device + ": " + describe_cuda_error(error);
        return q;
    }
    const std::string smoke = smoke_test();
    if (!smoke.empty()) {
        q.description = device + ": " + smoke;
        return q;
    }
    int driver = 0, runtime = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    q.usable = true;
    q.description = device + format("; driver %d.%d, runtime %d.%d", driver / 1000, driver % 1000 / 10,
                                    runtime / 1000, runtime % 1000 / 10);
    return q;
#endif
}

}  // namespace frnn

#include "core/activations_cuda.h"

#include "core/activations.h"
#include "core/cuda_status.h"
#include "core/error.h"

#include <string>

namespace frnn {
namespace {

constexpr int kThreadsPerBlock = 256;
constexpr int64_t kMaxBlocks = 65535;  // grid-stride loop beyond this

// One thread per element, grid-stride; the activation is a template parameter so the switch in
// activation_forward folds away, as in the host loop.
template <int kActivation>
__global__ void activation_forward_kernel(int64_t n, const float* x, float* y) {
    const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride)
        y[i] = activation_forward(kActivation, x[i]);
}

template <int kActivation>
void launch(int64_t n, const float* x, float* y) {
    int64_t blocks = (n + kThreadsPerBlock - 1) / kThreadsPerBlock;
    if (blocks > kMaxBlocks) blocks = kMaxBlocks;
    FRNN_LAUNCH(static_cast<unsigned>(blocks), kThreadsPerBlock, cudaStreamLegacy,
                activation_forward_kernel<kActivation>)(n, x, y);
}

// Device or managed memory is accepted; host memory (registered or not) is an argument error, caught
// here rather than as an illegal-address fault that would poison the CUDA context.
void require_device_memory(const void* p, const char* name) {
    cudaPointerAttributes attributes{};
    FRNN_CUDA_CHECK(cudaPointerGetAttributes(&attributes, p));
    const bool on_device = attributes.type == cudaMemoryTypeDevice || attributes.type == cudaMemoryTypeManaged;
    FRNN_REQUIRE(on_device, "%s is not device memory (cudaMemoryType %d); expected memory from cudaMalloc or "
                 "cudaMallocManaged", name, static_cast<int>(attributes.type));
}

}  // namespace

void activation_forward_cuda(int activation, int64_t n, const float* x, float* y) {
    require_device_memory(x, "x");
    require_device_memory(y, "y");
    switch (activation) {
        case FRNN_ACT_LINEAR: launch<FRNN_ACT_LINEAR>(n, x, y); break;
        case FRNN_ACT_TANH: launch<FRNN_ACT_TANH>(n, x, y); break;
        case FRNN_ACT_SIGMOID: launch<FRNN_ACT_SIGMOID>(n, x, y); break;
        case FRNN_ACT_RELU: launch<FRNN_ACT_RELU>(n, x, y); break;
        case FRNN_ACT_HARD_SIGMOID_KERAS2: launch<FRNN_ACT_HARD_SIGMOID_KERAS2>(n, x, y); break;
        case FRNN_ACT_HARD_SIGMOID_KERAS3: launch<FRNN_ACT_HARD_SIGMOID_KERAS3>(n, x, y); break;
        default: FRNN_FAIL(FRNN_ERR_INTERNAL, "activation id %d reached the kernel unchecked", activation);
    }
    FRNN_CUDA_CHECK(cudaGetLastError());                  // launch configuration errors
    FRNN_CUDA_CHECK(cudaStreamSynchronize(cudaStreamLegacy));  // errors while the kernel ran
}

namespace {

constexpr int kSmokeCount = 256;

// y[i] = 2 i + 1: trivial, but it runs this library's own device code, as every kernel must.
__global__ void smoke_kernel(int n, float* y) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) y[i] = 2.0f * static_cast<float>(i) + 1.0f;
}

}  // namespace

std::string smoke_test() {
    cudaGetLastError();  // an earlier call's error is not the smoke kernel's
    void* p = nullptr;
    cudaError_t e = cudaMalloc(&p, kSmokeCount * sizeof(float));
    if (e != cudaSuccess) return "cudaMalloc of the smoke kernel's 1 KiB: " + describe_cuda_error(e);
    float got[kSmokeCount] = {};
    std::string problem;
    FRNN_LAUNCH(2, kSmokeCount / 2, cudaStreamLegacy, smoke_kernel)(kSmokeCount, static_cast<float*>(p));
    e = cudaGetLastError();
    if (e == cudaSuccess) e = cudaStreamSynchronize(cudaStreamLegacy);
    if (e != cudaSuccess) {
        problem = "the start-up smoke kernel failed: " + describe_cuda_error(e);
    } else {
        e = cudaMemcpy(got, p, sizeof got, cudaMemcpyDeviceToHost);
        if (e != cudaSuccess) problem = "copying the smoke kernel's result: " + describe_cuda_error(e);
        for (int i = 0; problem.empty() && i < kSmokeCount; i++) {
            if (got[i] != 2.0f * static_cast<float>(i) + 1.0f)
                problem = format("the start-up smoke kernel computed %g at [%d], expected %d: the device runs this "
                                 "library's code wrongly", static_cast<double>(got[i]), i, 2 * i + 1);
        }
    }
    cudaFree(p);
    cudaGetLastError();  // the problem text carries the error; leave no sticky state behind
    return problem;
}

cudaError_t kernel_image_status() {
    cudaFuncAttributes attributes{};
    return cudaFuncGetAttributes(&attributes, activation_forward_kernel<FRNN_ACT_LINEAR>);
}

}  // namespace frnn

#include "core/activations_cuda.h"

#include "core/activations.h"
#include "core/cuda_status.h"
#include "core/error.h"

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

cudaError_t kernel_image_status() {
    cudaFuncAttributes attributes{};
    return cudaFuncGetAttributes(&attributes, activation_forward_kernel<FRNN_ACT_LINEAR>);
}

}  // namespace frnn

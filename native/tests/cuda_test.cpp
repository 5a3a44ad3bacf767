// frnn_cuda without and with a GPU. Argument errors are found before any CUDA call, so they are
// checked everywhere. Without a usable GPU (the CI machines) the query must give FRNN_ERR_CUDA and a
// reason naming the CUDA error, and device calls must fail cleanly. With one, the kernel must match
// the host math of core/activations.h.
#include <cuda_runtime_api.h>

#include <vector>

#include "check.h"
#include "core/activations.h"
#include "frnn_build_config.h"
#include "fusedrnn/frnn.h"

namespace {

void check_argument_errors() {
    int count = -1;
    char reason[128];
    CHECK(frnn_cuda_query(nullptr, reason, sizeof reason) == FRNN_ERR_ARGUMENT);
    CHECK_CONTAINS(frnn_cuda_last_error(), "frnn_cuda_query: device_count is NULL");
    CHECK(frnn_cuda_query(&count, nullptr, 16) == FRNN_ERR_ARGUMENT);
    CHECK_CONTAINS(frnn_cuda_last_error(), "reason is NULL with reason_len = 16");
    CHECK(frnn_cuda_query(&count, reason, -3) == FRNN_ERR_ARGUMENT);
    CHECK_CONTAINS(frnn_cuda_last_error(), "reason_len = -3");

    float* fake = reinterpret_cast<float*>(0x1000);  // never dereferenced: rejected first
    CHECK(frnn_cuda_activation_forward(6, 4, fake, fake) == FRNN_ERR_ARGUMENT);
    CHECK_CONTAINS(frnn_cuda_last_error(), "frnn_cuda_activation_forward: activation id 6 is unknown");
    CHECK(frnn_cuda_activation_forward(FRNN_ACT_TANH, -2, fake, fake) == FRNN_ERR_ARGUMENT);
    CHECK_CONTAINS(frnn_cuda_last_error(), "n = -2 elements");
    CHECK(frnn_cuda_activation_forward(FRNN_ACT_TANH, 4, nullptr, fake) == FRNN_ERR_ARGUMENT);
    CHECK_CONTAINS(frnn_cuda_last_error(), "x is NULL");
    CHECK(frnn_cuda_activation_forward(FRNN_ACT_TANH, 4, fake, fake + 1) == FRNN_ERR_ARGUMENT);
    CHECK_CONTAINS(frnn_cuda_last_error(), "overlap partially");
    CHECK(frnn_cuda_activation_forward(FRNN_ACT_TANH, 0, nullptr, nullptr) == FRNN_OK);
    CHECK(frnn_cuda_last_error()[0] == '\0');
}

void check_unusable(int count, const char* reason) {
    CHECK(count == 0 || reason[0] != '\0');
    CHECK_CONTAINS(frnn_cuda_last_error(), "frnn_cuda_query: CUDA is not usable: ");
    if (count == 0) CHECK_CONTAINS(reason, "cudaError");  // e.g. cudaErrorInsufficientDriver (35): ...

    // The reason is truncated to the buffer and stays NUL-terminated.
    char small[8];
    memset(small, 'x', sizeof small);
    CHECK(frnn_cuda_query(&count, small, sizeof small) == FRNN_ERR_CUDA);
    CHECK(strlen(small) == sizeof small - 1 && strncmp(small, reason, sizeof small - 1) == 0);

    // Valid arguments with host memory: no usable driver means FRNN_ERR_CUDA, never a crash.
    float x[3] = {1, 2, 3}, y[3];
    const frnn_status status = frnn_cuda_activation_forward(FRNN_ACT_TANH, 3, x, y);
    CHECK(status == (count == 0 ? FRNN_ERR_CUDA : FRNN_ERR_ARGUMENT));
    printf("  activation on host memory: status %d: %s\n", status, frnn_cuda_last_error());
}

// Kernel against the host functions. Both sides evaluate the same formula in float; they differ by
// the libraries' tanhf/expf (CUDA and glibc are each within 2 ulp: 4 together), one rounding of
// sigmoid's sum or quotient, and nvcc contracting a*x+b into one fma (one rounding of at most
// 2^-25 absolute for the hard sigmoids, whose terms are below 1). Allow 6 ulp, or 2^-24 absolute.
void check_kernel_on_gpu() {
    const int n = 4001;
    std::vector<float> x(n), want(n), got(n);
    for (int i = 0; i < n; ++i) x[i] = -20.0f + 40.0f * static_cast<float>(i) / (n - 1);
    void* dx = nullptr;
    void* dy = nullptr;
    if (!CHECK(cudaMalloc(&dx, n * sizeof(float)) == cudaSuccess)) return;
    if (!CHECK(cudaMalloc(&dy, n * sizeof(float)) == cudaSuccess)) return;
    CHECK(cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice) == cudaSuccess);
    for (int a = 0; a < frnn::kActivationCount; ++a) {
        CHECK(frnn_cuda_activation_forward(a, n, static_cast<const float*>(dx), static_cast<float*>(dy)) == FRNN_OK);
        CHECK(cudaMemcpy(got.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost) == cudaSuccess);
        for (int i = 0; i < n; ++i) {
            const float w = frnn::activation_forward(a, x[i]);
            const bool ok = std::fabs(got[i] - w) <= 0x1p-24f || check::ulp_distance(got[i], w) <= 6.0;
            if (!check::record(ok, __FILE__, __LINE__, "kernel matches host math"))
                fprintf(stderr, "    activation %d, x = %.9g: got %.9g, want %.9g\n", a, x[i], got[i], w);
        }
    }
    float host[2] = {0, 0};
    CHECK(frnn_cuda_activation_forward(FRNN_ACT_RELU, 2, host, host) == FRNN_ERR_ARGUMENT);
    CHECK_CONTAINS(frnn_cuda_last_error(), "x is not device memory");
    cudaFree(dx);
    cudaFree(dy);
}

}  // namespace

int main() {
    // The configured architectures, e.g. "75-real;80-real;86-real;89-real;90".
    CHECK(frnn_cuda_architectures()[0] != '\0');
    CHECK(strcmp(frnn_cuda_architectures(), FRNN_CUDA_ARCHITECTURES) == 0);
    check_argument_errors();

    int count = -1;
    char reason[512];
    const frnn_status status = frnn_cuda_query(&count, reason, sizeof reason);
    printf("  frnn_cuda_query: status %d, %d device(s): %s\n", status, count, reason);
    CHECK(count >= 0);
    if (status == FRNN_OK) {
        check_kernel_on_gpu();
    } else {
        CHECK(status == FRNN_ERR_CUDA);
        check_unusable(count, reason);
    }
    return check::report("cuda_test");
}

// The frnn_cuda C ABI (see include/fusedrnn/frnn.h): argument checks before any CUDA call, exceptions
// turned into a status and the thread's last error, dispatch to the device kernels.
#include <string.h>

#include <string>

#include "fusedrnn/frnn.h"

#include "core/activations_cuda.h"
#include "core/checks.h"
#include "core/cuda_status.h"
#include "core/error.h"
#include "frnn_build_config.h"

namespace {

// Copies text into buf[capacity] NUL-terminated, truncating; nothing when capacity == 0.
void copy_truncated(const std::string& text, char* buf, int capacity) {
    if (capacity <= 0) return;
    const size_t n = text.size() < static_cast<size_t>(capacity) ? text.size() : static_cast<size_t>(capacity) - 1;
    memcpy(buf, text.data(), n);
    buf[n] = '\0';
}

}  // namespace

extern "C" {

const char* frnn_cuda_last_error(void) { return frnn::last_error_slot().c_str(); }

const char* frnn_cuda_architectures(void) { return FRNN_CUDA_ARCHITECTURES; }

frnn_status frnn_cuda_query(int* device_count, char* reason, int reason_len) {
    return frnn::guarded("frnn_cuda_query", [&] {
        FRNN_REQUIRE(device_count != nullptr, "device_count is NULL; expected a pointer to one int");
        FRNN_REQUIRE(reason_len >= 0, "reason_len = %d; expected >= 0", reason_len);
        FRNN_REQUIRE(reason != nullptr || reason_len == 0,
                     "reason is NULL with reason_len = %d; pass a buffer or reason_len = 0", reason_len);
        const frnn::CudaQuery q = frnn::query_cuda();
        *device_count = q.device_count;
        copy_truncated(q.description, reason, reason_len);
        if (!q.usable) FRNN_FAIL(FRNN_ERR_CUDA, "CUDA is not usable: %s", q.description.c_str());
    });
}

frnn_status frnn_cuda_activation_forward(int activation, int64_t n, const float* x, float* y) {
    return frnn::guarded("frnn_cuda_activation_forward", [&] {
        frnn::check_activation_args(activation, n, x, y);
        if (n == 0) return;
        frnn::activation_forward_cuda(activation, n, x, y);
    });
}

}  // extern "C"

// The frnn_cpu C ABI (see include/fusedrnn/frnn.h): argument checks, exceptions turned into a status
// and the thread's last error, and dispatch to the host kernels.
#include "fusedrnn/frnn.h"

#include "core/activations_cpu.h"
#include "core/checks.h"
#include "core/cpu_features.h"
#include "core/error.h"
#include "frnn_build_config.h"

extern "C" {

const char* frnn_version(void) { return FRNN_VERSION_STRING; }

const char* frnn_cuda_build_info(void) { return FRNN_CUDA_BUILD_INFO; }

const char* frnn_last_error(void) { return frnn::last_error_slot().c_str(); }

int frnn_cpu_features(void) { return frnn::cpu_features(); }

const char* frnn_cpu_feature_name(int feature_bit) { return frnn::cpu_feature_name(feature_bit); }

frnn_status frnn_activation_forward(int activation, int64_t n, const float* x, float* y) {
    return frnn::guarded("frnn_activation_forward", [&] {
        frnn::check_activation_args(activation, n, x, y);
        frnn::activation_forward_cpu(activation, n, x, y);
    });
}

}  // extern "C"

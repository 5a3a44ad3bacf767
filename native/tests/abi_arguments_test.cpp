// Bad arguments to the frnn_cpu ABI: each gives FRNN_ERR_ARGUMENT and a last error that names the
// function, the problem and the source location, writes nothing, and never crashes.
#include <stdint.h>

#include <string>
#include <thread>

#include "check.h"
#include "fusedrnn/frnn.h"

namespace {

// The message names the function and a relative source location (no absolute build path).
void check_message(const char* part) {
    const char* message = frnn_last_error();
    CHECK_CONTAINS(message, "frnn_activation_forward: ");
    CHECK_CONTAINS(message, " [native/src/");
    CHECK(strstr(message, "[/") == nullptr);
    if (!check::record(strstr(message, part) != nullptr, __FILE__, __LINE__, "message names the problem"))
        fprintf(stderr, "    message: %s\n    expected to contain: %s\n", message, part);
}

void check_rejected(int activation, int64_t n, const float* x, float* y, const char* part) {
    CHECK(frnn_activation_forward(activation, n, x, y) == FRNN_ERR_ARGUMENT);
    check_message(part);
}

void check_bad_arguments() {
    float x[4] = {1, 2, 3, 4};
    float y[4] = {-1, -1, -1, -1};
    check_rejected(6, 4, x, y, "activation id 6 is unknown; expected 0..5");  // SOFTMAX's ordinal
    check_rejected(-1, 4, x, y, "activation id -1 is unknown");
    check_rejected(1000, 4, x, y, "activation id 1000 is unknown");
    check_rejected(FRNN_ACT_TANH, -1, x, y, "n = -1 elements; expected n >= 0");
    check_rejected(FRNN_ACT_TANH, INT64_MAX, x, y, "too large");
    check_rejected(FRNN_ACT_TANH, 4, nullptr, y, "x is NULL with n = 4");
    check_rejected(FRNN_ACT_TANH, 4, x, nullptr, "y is NULL with n = 4");
    check_rejected(FRNN_ACT_TANH, 3, x, x + 1, "overlap partially");
    check_rejected(FRNN_ACT_TANH, 3, x + 1, x, "overlap partially");
    for (float v : y) CHECK(v == -1.0f);  // nothing was written by any rejected call
}

// n == 0 needs no arrays; success clears the last error.
void check_success_clears_error() {
    CHECK(frnn_activation_forward(99, 1, nullptr, nullptr) == FRNN_ERR_ARGUMENT);
    CHECK(frnn_last_error()[0] != '\0');
    CHECK(frnn_activation_forward(FRNN_ACT_RELU, 0, nullptr, nullptr) == FRNN_OK);
    CHECK(frnn_last_error()[0] == '\0');
}

// The last error belongs to the thread that made the call.
void check_thread_local() {
    CHECK(frnn_activation_forward(-5, 1, nullptr, nullptr) == FRNN_ERR_ARGUMENT);
    std::string other;
    std::thread([&] { other = frnn_last_error(); }).join();
    CHECK(other.empty());
    CHECK_CONTAINS(frnn_last_error(), "activation id -5");
}

void check_queries() {
    CHECK(frnn_version() != nullptr && frnn_version()[0] != '\0');
    CHECK(frnn_cuda_build_info() != nullptr);
    CHECK(frnn_cpu_feature_name(0) == nullptr);
    CHECK(frnn_cpu_feature_name(FRNN_CPU_AVX2 | FRNN_CPU_FMA) == nullptr);
    CHECK(frnn_cpu_feature_name(1 << FRNN_CPU_FEATURE_BITS) == nullptr);
    CHECK(frnn_cpu_feature_name(-1) == nullptr);
}

}  // namespace

int main() {
    check_bad_arguments();
    check_success_clears_error();
    check_thread_local();
    check_queries();
    return check::report("abi_arguments_test");
}

// The host emulation's fault injection and its cuBLAS (see core/cuda_emu.h), and the test hooks
// frnn_cuda_emu_inject_fault and frnn_cuda_emu_count of fusedrnn/frnn_cuda_emu_testing.h.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <mutex>
#include <string>

#include "core/cuda_emu.h"
#include "core/error.h"
#include "fusedrnn/frnn.h"
#include "fusedrnn/frnn_cuda_emu_testing.h"

namespace frnn::emu {
namespace {

struct Fault {
    std::mutex mutex;
    std::string event;  // empty: none
    int64_t remaining = 0;
    cudaError_t error = cudaSuccess;
    bool sticky = false;
    bool lost = false;  // a sticky fault fired: everything fails from now on

    Fault() {
        // "event:after:error[:sticky]", e.g. "launch:smoke_kernel:0:209"; the event may contain ':'.
        const char* v = getenv("FRNN_CUDA_EMU_FAULT");
        if (v == nullptr || *v == '\0') return;
        std::string s(v);
        bool sticky_flag = false;
        size_t last = s.rfind(':');
        if (last != std::string::npos && s.substr(last + 1) == "sticky") {
            sticky_flag = true;
            s.erase(last);
        }
        const size_t e = s.rfind(':');
        const size_t a = e == std::string::npos ? std::string::npos : s.rfind(':', e - 1);
        if (a == std::string::npos) return;  // malformed: no fault (the tests set it correctly)
        event = s.substr(0, a);
        remaining = strtoll(s.c_str() + a + 1, nullptr, 10);
        error = static_cast<cudaError_t>(atoi(s.c_str() + e + 1));
        sticky = sticky_flag;
    }
};

Fault& fault() {
    static Fault* f = new Fault();
    return *f;
}

bool matches(const std::string& event, const char* kind, const char* name) {
    if (event == kind) return true;
    const std::string prefix = std::string(kind) + ":";
    return name != nullptr && event.compare(0, prefix.size(), prefix) == 0 &&
           strstr(name, event.c_str() + prefix.size()) != nullptr;
}

}  // namespace

void inject_fault(const char* event, int64_t after, int error, bool sticky) {
    Fault& f = fault();
    std::lock_guard<std::mutex> g(f.mutex);
    f.event = event != nullptr ? event : "";
    f.remaining = after;
    f.error = static_cast<cudaError_t>(error);
    f.sticky = sticky;
    f.lost = false;
}

cudaError_t fault_for(const char* kind, const char* name) {
    Fault& f = fault();
    std::lock_guard<std::mutex> g(f.mutex);
    if (f.lost) return f.error;
    if (f.event.empty() || !matches(f.event, kind, name)) return cudaSuccess;
    if (f.remaining-- > 0) return cudaSuccess;
    const cudaError_t e = f.error;
    if (f.sticky) {
        f.lost = true;
    } else {
        f.event.clear();
    }
    return e;
}

// ---- cuBLAS: handles are tokens; the product is a plain loop in float with fused multiply-adds.
int cublas_create(void** handle) {
    *handle = reinterpret_cast<void*>(0x3);
    return 0;
}

int cublas_destroy(void*) { return 0; }
int cublas_set_stream(void*, cudaStream_t) { return 0; }

int cublas_get_version(void*, int* version) {
    *version = 0;
    return 0;
}

int cublas_sgemm(void*, int trans_a, int trans_b, int m, int n, int k, const float* alpha, const float* a, int lda,
                 const float* b, int ldb, const float* beta, float* c, int ldc) {
    if (fault_for("cublas") != cudaSuccess) return 13;  // CUBLAS_STATUS_EXECUTION_FAILED
    // Column-major: op(A)(i, p) is a[i + p * lda], or a[p + i * lda] transposed; likewise B.
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            float acc = 0.0f;
            for (int p = 0; p < k; p++) {
                const float x = trans_a ? a[p + static_cast<int64_t>(i) * lda] : a[i + static_cast<int64_t>(p) * lda];
                const float y = trans_b ? b[j + static_cast<int64_t>(p) * ldb] : b[p + static_cast<int64_t>(j) * ldb];
                acc = fmaf(x, y, acc);
            }
            float& out = c[i + static_cast<int64_t>(j) * ldc];
            out = *beta == 0.0f ? *alpha * acc : *alpha * acc + *beta * out;
        }
    }
    return 0;
}

}  // namespace frnn::emu

extern "C" frnn_status frnn_cuda_emu_inject_fault(const char* event, int64_t after, int error, int sticky) {
    return frnn::guarded("frnn_cuda_emu_inject_fault", [&] {
        if (event == nullptr) {
            frnn::emu::inject_fault(nullptr, 0, 0, false);
            return;
        }
        const std::string e(event);
        const bool known = e == "launch" || e.rfind("launch:", 0) == 0 || e == "copy" || e == "malloc" || e == "sync" ||
                           e == "cublas";
        FRNN_REQUIRE(known, "event '%s'; expected launch, launch:NAME, copy, malloc, sync or cublas", event);
        FRNN_REQUIRE(after >= 0, "after = %lld; expected >= 0", static_cast<long long>(after));
        FRNN_REQUIRE(error > 0, "error = %d; expected a cudaError_t value > 0", error);
        FRNN_REQUIRE(sticky == 0 || sticky == 1, "sticky = %d; expected 0 or 1", sticky);
        frnn::emu::inject_fault(event, after, error, sticky != 0);
    });
}

extern "C" int64_t frnn_cuda_emu_count(const char* counter) { return frnn::emu::count(counter); }

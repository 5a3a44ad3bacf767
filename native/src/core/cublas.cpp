// Run-time loading of cuBLAS (see core/cublas.h). The function types are declared here from the cuBLAS
// API (cublas_api.h): handles are opaque pointers, operations and statuses plain ints, the default
// pointer mode passes alpha and beta by host pointer.
#include "core/cublas.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>

#include <map>
#include <mutex>

#include "core/error.h"

namespace frnn::cuda {
namespace {

using Handle = void*;
using CreateFn = int (*)(Handle*);
using DestroyFn = int (*)(Handle);
using SetStreamFn = int (*)(Handle, cudaStream_t);
using GetVersionFn = int (*)(Handle, int*);
using SgemmFn = int (*)(Handle, int, int, int, int, int, const float*, const float*, int, const float*, int,
                        const float*, float*, int);

constexpr int kOpN = 0, kOpT = 1;  // cublasOperation_t: CUBLAS_OP_N, CUBLAS_OP_T

struct Cublas {
    bool loaded = false;
    std::string description;
    CreateFn create = nullptr;
    DestroyFn destroy = nullptr;
    SetStreamFn set_stream = nullptr;
    GetVersionFn get_version = nullptr;
    SgemmFn sgemm = nullptr;
    Handle handle = nullptr;  // created at load: proves the library works and tells its version
    // One handle per stream: a handle's workspace must not serve kernels of two streams at once. Created
    // on a stream's first product, never destroyed (a later stream at the same address reuses it).
    std::map<cudaStream_t, Handle> per_stream;
    std::mutex mutex;  // guards per_stream and serialises enqueueing
};

#if defined(FRNN_CUDA_EMULATION)
void load(Cublas& c) {
    c.create = emu::cublas_create;
    c.destroy = emu::cublas_destroy;
    c.set_stream = emu::cublas_set_stream;
    c.get_version = emu::cublas_get_version;
    c.sgemm = emu::cublas_sgemm;
    c.loaded = c.create(&c.handle) == 0;
    c.description = "emulated (a host loop behind the cuBLAS calls)";
}
#else
void load(Cublas& c) {
    const char* names[] = {"libcublas.so.13", "libcublas.so.12", "libcublas.so"};
    void* lib = nullptr;
    const char* name = nullptr;
    for (const char* n : names) {
        lib = dlopen(n, RTLD_NOW | RTLD_LOCAL);
        if (lib != nullptr) {
            name = n;
            break;
        }
    }
    if (lib == nullptr) {
        c.description = "not found (tried libcublas.so.13, libcublas.so.12, libcublas.so): every product runs on "
                        "the own GEMM kernel";
        return;
    }
    c.create = reinterpret_cast<CreateFn>(dlsym(lib, "cublasCreate_v2"));
    c.destroy = reinterpret_cast<DestroyFn>(dlsym(lib, "cublasDestroy_v2"));
    c.set_stream = reinterpret_cast<SetStreamFn>(dlsym(lib, "cublasSetStream_v2"));
    c.get_version = reinterpret_cast<GetVersionFn>(dlsym(lib, "cublasGetVersion_v2"));
    c.sgemm = reinterpret_cast<SgemmFn>(dlsym(lib, "cublasSgemm_v2"));
    if (c.create == nullptr || c.destroy == nullptr || c.set_stream == nullptr || c.get_version == nullptr ||
        c.sgemm == nullptr) {
        c.description = format("%s lacks cublasCreate_v2, cublasSetStream_v2, cublasGetVersion_v2 or cublasSgemm_v2: "
                               "not used", name);
        return;
    }
    const int status = c.create(&c.handle);
    if (status != 0) {
        c.description = format("%s loaded, but cublasCreate_v2 failed with status %d: not used", name, status);
        return;
    }
    int version = 0;
    c.get_version(c.handle, &version);
    c.loaded = true;
    c.description = format("%s (cuBLAS %d.%d.%d)", name, version / 10000, version / 100 % 100, version % 100);
}
#endif

// Loaded on first use and kept for the process (the handle is never destroyed: the process may end
// while the driver is shutting down).
Cublas& cublas() {
    static Cublas* c = [] {
        Cublas* x = new Cublas();
        load(*x);
        return x;
    }();
    return *c;
}

const char* status_name(int s) {
    switch (s) {
        case 0: return "CUBLAS_STATUS_SUCCESS";
        case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case 3: return "CUBLAS_STATUS_ALLOC_FAILED";
        case 7: return "CUBLAS_STATUS_INVALID_VALUE";
        case 8: return "CUBLAS_STATUS_ARCH_MISMATCH";
        case 11: return "CUBLAS_STATUS_MAPPING_ERROR";
        case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
        case 14: return "CUBLAS_STATUS_INTERNAL_ERROR";
        case 15: return "CUBLAS_STATUS_NOT_SUPPORTED";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

}  // namespace

bool cublas_available() { return cublas().loaded; }

std::string cublas_description() { return cublas().description; }

int64_t cublas_min_macs() {
    static const int64_t v = [] {
        const char* s = getenv("FRNN_CUBLAS_MIN_MACS");
        return s != nullptr && *s != '\0' ? static_cast<int64_t>(strtoll(s, nullptr, 10)) : kCublasMinMacs;
    }();
    return v;
}

void gemm_cublas(cudaStream_t stream, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                 const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
    Cublas& cb = cublas();
    FRNN_REQUIRE(cb.loaded, "cuBLAS is not loaded: %s", cb.description.c_str());
    for (const int64_t v : {m, n, k, lda, ldb, ldc})
        FRNN_REQUIRE(v <= INT_MAX, "a GEMM size or leading dimension of %lld exceeds cuBLAS's 32-bit int",
                     static_cast<long long>(v));
    // Row-major C [m, n] is column-major C^T [n, m]; C^T = op(B)^T op(A)^T, so cuBLAS multiplies B by A
    // with the sizes swapped and the same transpose flags.
    std::lock_guard<std::mutex> g(cb.mutex);
    Handle& handle = cb.per_stream[stream];
    int status = handle != nullptr ? 0 : cb.create(&handle);
    if (status == 0) status = cb.set_stream(handle, stream);
    if (status == 0) {
        status = cb.sgemm(handle, trans_b ? kOpT : kOpN, trans_a ? kOpT : kOpN, static_cast<int>(n),
                          static_cast<int>(m), static_cast<int>(k), &alpha, b, static_cast<int>(ldb), a,
                          static_cast<int>(lda), &beta, c, static_cast<int>(ldc));
    }
    if (status != 0)
        FRNN_FAIL(FRNN_ERR_CUDA, "cublasSgemm_v2 failed: %s (%d) for m = %lld, n = %lld, k = %lld; the device may be "
                  "in an error state: continue on the cpu backend from the parameters of the last completed epoch",
                  status_name(status), status, static_cast<long long>(m), static_cast<long long>(n),
                  static_cast<long long>(k));
}

}  // namespace frnn::cuda

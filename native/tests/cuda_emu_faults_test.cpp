// The CUDA backend's failure paths, cuBLAS dispatch and staged copies, run in host emulation
// (frnn_cuda_emu) with its fault injection (fusedrnn/frnn_cuda_emu_testing.h):
//   - out of device memory is FRNN_ERR_OUT_OF_MEMORY with the bytes asked for and free;
//   - an injected launch, copy, synchronisation or cuBLAS failure is a status and a message naming the
//     ABI function, the failed call and the CUDA error; a one-off fault leaves the library usable, a
//     sticky one (a lost device) fails every later call cleanly;
//   - the start-up smoke kernel turns a missing kernel image into "CUDA is not usable" with the reason;
//   - the GEMM dispatch: the threshold, and the own kernel and the (emulated) cuBLAS agree on odd shapes;
//   - host-to-device copies larger than the 64 MiB staging buffer arrive whole.
#include "fusedrnn/frnn_cuda_emu.h"

#include <stdlib.h>
#include <string.h>

#include <random>
#include <string>
#include <vector>

#include "check.h"
#include "fusedrnn/frnn.h"
#include "fusedrnn/frnn_cuda_emu_testing.h"

namespace {

frnn_cuda_context* ctx = nullptr;

bool has(const char* text, const char* part) { return strstr(text, part) != nullptr; }

std::vector<float> random(std::mt19937& r, int64_t n) {
    std::uniform_real_distribution<float> u(-1, 1);
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = u(r);
    return v;
}

float* upload(const std::vector<float>& v) {
    float* p = nullptr;
    CHECK(frnn_cuda_malloc(static_cast<int64_t>(v.size()), &p) == FRNN_OK);
    CHECK(frnn_cuda_copy_to_device(p, v.data(), static_cast<int64_t>(v.size())) == FRNN_OK);
    return p;
}

std::vector<float> download(const float* p, int64_t n) {
    std::vector<float> v(static_cast<size_t>(n));
    CHECK(frnn_cuda_copy_to_host(v.data(), p, n) == FRNN_OK);
    return v;
}

// C = op(A) op(B) on engine 1 (own kernel) and 2 (cuBLAS) against a double product: each within the
// fused multiply-add bound (k + 1) u sum|a b| (see cuda_emu_test.cpp).
void compare_engines(int64_t m, int64_t n, int64_t k, bool ta, bool tb) {
    std::mt19937 r(static_cast<unsigned>(m * 31 + n * 7 + k));
    const int64_t lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3;
    const std::vector<float> a = random(r, (ta ? k : m) * lda), b = random(r, (tb ? n : k) * ldb);
    float* da = upload(a);
    float* db = upload(b);
    std::vector<float> out[2];
    for (int e = 1; e <= 2; e++) {
        float* dc = upload(std::vector<float>(static_cast<size_t>(m * ldc), NAN));  // beta = 0 ignores NaN
        CHECK(frnn_cuda_gemm_engine(ctx, e, ta, tb, m, n, k, 1.0f, da, lda, db, ldb, 0.0f, dc, ldc) == FRNN_OK);
        out[e - 1] = download(dc, m * ldc);
        frnn_cuda_free(dc);
    }
    int bad = 0;
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            double exact = 0, mag = 0;
            for (int64_t p = 0; p < k; p++) {
                const double x = ta ? a[p * lda + i] : a[i * lda + p], y = tb ? b[j * ldb + p] : b[p * ldb + j];
                exact += x * y;
                mag += fabs(x * y);
            }
            const double bound = (k + 1) * (1.0 / (1 << 24)) * mag + 1e-30;
            for (int e = 0; e < 2; e++) bad += !(fabs(out[e][i * ldc + j] - exact) <= bound);
        }
    }
    if (bad) fprintf(stderr, "gemm engines %lldx%lldx%lld ta=%d tb=%d: %d values out of bound\n", (long long)m,
                     (long long)n, (long long)k, ta, tb, bad);
    CHECK(bad == 0);
    frnn_cuda_free(da);
    frnn_cuda_free(db);
}

void test_gemm_dispatch() {
    char info[512];
    CHECK(frnn_cuda_runtime_info(info, sizeof info) == FRNN_OK);
    CHECK(has(info, "cuBLAS: emulated") && has(info, "for products of >= 4194304 multiply-adds"));
    CHECK(frnn_cuda_gemm_engine_for(64, 512, 128) == 2);  // 2^22 multiply-adds: the threshold
    CHECK(frnn_cuda_gemm_engine_for(64, 512, 127) == 1);
    CHECK(frnn_cuda_gemm_engine_for(4096, 4096, 0) == 1);  // k == 0 is beta C: own kernel
    CHECK(frnn_cuda_gemm_engine_for(-1, 1, 1) == -1);
    const int64_t shapes[][3] = {{1, 7, 13}, {13, 1, 7}, {129, 65, 33}, {7, 129, 130}};
    for (const auto& s : shapes)
        for (int t = 0; t < 4; t++) compare_engines(s[0], s[1], s[2], t & 1, t >> 1);
}

void test_out_of_memory() {
    float* p = nullptr;
    // The emulated device holds 256 MiB (set in main): 100 M floats do not fit.
    CHECK(frnn_cuda_malloc(100000000, &p) == FRNN_ERR_OUT_OF_MEMORY);
    const char* e = frnn_cuda_last_error();
    CHECK(has(e, "frnn_cuda_malloc: out of device memory") && has(e, "needs 400000000 bytes") &&
          has(e, "of 268435456 bytes free"));
    CHECK(frnn_cuda_malloc(1000, &p) == FRNN_OK);  // usable afterwards
    frnn_cuda_free(p);
}

void test_one_off_faults() {
    std::mt19937 r(5);
    const std::vector<float> a = random(r, 64);
    float* da = upload(a);
    float* dc = upload(std::vector<float>(64));
    // A kernel launch fails once: the call reports it, naming the ABI function and the CUDA error.
    CHECK(frnn_cuda_emu_inject_fault("launch:gemm_kernel", 0, 719, 0) == FRNN_OK);
    CHECK(frnn_cuda_gemm(ctx, 0, 0, 8, 8, 8, 1.0f, da, 8, da, 8, 0.0f, dc, 8) == FRNN_ERR_CUDA);
    const std::string e = frnn_cuda_last_error();
    CHECK(has(e.c_str(), "frnn_cuda_gemm:") && has(e.c_str(), "cudaErrorLaunchFailure (719)"));
    CHECK(frnn_cuda_gemm(ctx, 0, 0, 8, 8, 8, 1.0f, da, 8, da, 8, 0.0f, dc, 8) == FRNN_OK);  // usable again
    // The second host-to-device copy fails.
    CHECK(frnn_cuda_emu_inject_fault("copy", 1, 1, 0) == FRNN_OK);
    CHECK(frnn_cuda_copy_to_device(dc, a.data(), 64) == FRNN_OK);
    CHECK(frnn_cuda_copy_to_device(dc, a.data(), 64) == FRNN_ERR_CUDA);
    CHECK(has(frnn_cuda_last_error(), "cudaMemcpyAsync") && has(frnn_cuda_last_error(), "cudaErrorInvalidValue (1)"));
    // A device allocation reported as out of memory carries the sizes.
    CHECK(frnn_cuda_emu_inject_fault("malloc", 0, 2, 0) == FRNN_OK);
    float* p = nullptr;
    CHECK(frnn_cuda_malloc(10, &p) == FRNN_ERR_OUT_OF_MEMORY);
    CHECK(has(frnn_cuda_last_error(), "needs 40 bytes") && has(frnn_cuda_last_error(), "bytes free"));
    // cuBLAS fails.
    CHECK(frnn_cuda_emu_inject_fault("cublas", 0, 1, 0) == FRNN_OK);
    CHECK(frnn_cuda_gemm_engine(ctx, 2, 0, 0, 8, 8, 8, 1.0f, da, 8, da, 8, 0.0f, dc, 8) == FRNN_ERR_CUDA);
    CHECK(has(frnn_cuda_last_error(), "cublasSgemm_v2 failed: CUBLAS_STATUS_EXECUTION_FAILED"));
    CHECK(frnn_cuda_emu_inject_fault("nonsense", 0, 1, 0) == FRNN_ERR_ARGUMENT);
    frnn_cuda_free(da);
    frnn_cuda_free(dc);
}

void test_lost_device() {
    float* dc = upload(std::vector<float>(16));
    CHECK(frnn_cuda_emu_inject_fault("launch", 0, 700, 1) == FRNN_OK);
    CHECK(frnn_cuda_fill(ctx, 16, 1.0f, dc) == FRNN_ERR_CUDA);
    CHECK(has(frnn_cuda_last_error(), "cudaErrorIllegalAddress (700)"));
    std::vector<float> v(16);
    float* p = nullptr;
    CHECK(frnn_cuda_copy_to_host(v.data(), dc, 16) == FRNN_ERR_CUDA);  // everything fails from now on
    CHECK(frnn_cuda_malloc(4, &p) == FRNN_ERR_CUDA);
    CHECK(frnn_cuda_synchronize(ctx) == FRNN_ERR_CUDA);
    CHECK(frnn_cuda_emu_inject_fault(nullptr, 0, 0, 0) == FRNN_OK);
    CHECK(frnn_cuda_copy_to_host(v.data(), dc, 16) == FRNN_OK);
    frnn_cuda_free(dc);
}

void test_smoke_kernel() {
    int count = 0;
    char reason[512];
    CHECK(frnn_cuda_query(&count, reason, sizeof reason) == FRNN_OK);
    CHECK(frnn_cuda_emu_inject_fault("launch:smoke_kernel", 0, 209, 0) == FRNN_OK);
    CHECK(frnn_cuda_query(&count, reason, sizeof reason) == FRNN_ERR_CUDA);
    CHECK(has(reason, "start-up smoke kernel failed: cudaErrorNoKernelImageForDevice (209)"));
    CHECK(has(frnn_cuda_last_error(), "CUDA is not usable"));
    if (!CHECK(frnn_cuda_query(&count, reason, sizeof reason) == FRNN_OK)) fprintf(stderr, "%s\n", reason);  // the fault was one-off
}

void test_staged_copy() {
    const int64_t n = (int64_t{64} << 20) / 4 + 12345;  // beyond one 64 MiB staging piece
    std::vector<float> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; i++) v[static_cast<size_t>(i)] = static_cast<float>(i % 1000003);
    float* d = upload(v);
    CHECK(download(d, n) == v);
    frnn_cuda_free(d);
}

}  // namespace

int main() {
    setenv("FRNN_CUDA_EMU_MEMORY_BYTES", "268435456", 1);  // before the emulator's first allocation
    if (frnn_cuda_context_create(&ctx) != FRNN_OK) {
        fprintf(stderr, "%s\n", frnn_cuda_last_error());
        return 1;
    }
    test_gemm_dispatch();
    test_out_of_memory();
    test_one_off_faults();
    test_lost_device();
    test_smoke_kernel();
    test_staged_copy();
    frnn_cuda_context_destroy(ctx);
    return check::report("cuda_emu_faults_test");
}

// The frnn_cuda C ABI (see include/fusedrnn/frnn.h): the query, contexts, device memory, copies and the
// GEMM. Argument checks come before any CUDA call; exceptions become a status and the thread's last
// error. The recurrent layers are in api_cuda_rnn.cpp, the other operations in api_cuda_ops.cpp.
#include <string.h>

#include <exception>
#include <new>
#include <string>

#include "fusedrnn/frnn.h"

#include "api_cuda_checks.h"
#include "core/activations_cuda.h"
#include "core/checks.h"
#include "core/cublas.h"
#include "core/cuda_context.h"
#include "core/cuda_status.h"
#include "core/error.h"
#include "core/gemm_cuda.h"
#include "frnn_build_config.h"
#include "ops/ops_cuda.h"

namespace {

using namespace frnn::cuda::api;

// Copies text into buf[capacity] NUL-terminated, truncating; nothing when capacity == 0.
void copy_truncated(const std::string& text, char* buf, int capacity) {
    if (capacity <= 0) return;
    const size_t n = text.size() < static_cast<size_t>(capacity) ? text.size() : static_cast<size_t>(capacity) - 1;
    memcpy(buf, text.data(), n);
    buf[n] = '\0';
}

void copy(float* dst, const float* src, int64_t n, cudaMemcpyKind kind) {
    require_non_negative("n", n);
    count_of("copy", n, 1);
    if (n == 0) return;
    FRNN_REQUIRE(dst != nullptr && src != nullptr, "dst or src is NULL with n = %lld", (ll)n);
    require_device(kind == cudaMemcpyHostToDevice ? "dst" : "src", kind == cudaMemcpyHostToDevice ? dst : src);
    if (kind == cudaMemcpyHostToDevice) {
        frnn::cuda::copy_to_device_staged(dst, src, n * static_cast<int64_t>(sizeof(float)));
        return;
    }
    FRNN_CUDA_CHECK(cudaMemcpy(dst, src, static_cast<size_t>(n) * sizeof(float), kind));
}

void gemm_checked(frnn_cuda_context* ctx, int engine, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                  float alpha, const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                  int64_t ldc) {
    require_context(ctx);
    FRNN_REQUIRE(engine >= 0 && engine <= 2, "engine = %d; expected 0 (auto), 1 (own kernel) or 2 (cuBLAS)", engine);
    FRNN_REQUIRE((trans_a == 0 || trans_a == 1) && (trans_b == 0 || trans_b == 1),
                 "trans_a = %d, trans_b = %d; expected 0 or 1", trans_a, trans_b);
    require_non_negative("m", m);
    require_non_negative("n", n);
    require_non_negative("k", k);
    // op(A) is [m, k]: stored [m, lda >= k] or, transposed, [k, lda >= m]; likewise B and C.
    const int64_t a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
    const int64_t b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
    FRNN_REQUIRE(lda >= (a_cols > 1 ? a_cols : 1) && ldb >= (b_cols > 1 ? b_cols : 1) && ldc >= (n > 1 ? n : 1),
                 "leading dimensions lda = %lld, ldb = %lld, ldc = %lld are smaller than the rows they hold",
                 (ll)lda, (ll)ldb, (ll)ldc);
    require_array("a", a, count_of("a", a_rows, lda), "[op(A)]");
    require_array("b", b, count_of("b", b_rows, ldb), "[op(B)]");
    require_array("c", c, count_of("c", m, ldc), "[m, ldc]");
    using frnn::cuda::GemmEngine;
    if (engine == 2 && !frnn::cuda::cublas_available())
        FRNN_FAIL(FRNN_ERR_UNSUPPORTED, "cuBLAS is not loaded: %s", frnn::cuda::cublas_description().c_str());
    const GemmEngine e = engine == 0 ? frnn::cuda::gemm_engine_for(m, n, k)
                                     : engine == 1 ? GemmEngine::kOwn : GemmEngine::kCublas;
    frnn::cuda::gemm_with(e, ctx->stream, trans_a != 0, trans_b != 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace

extern "C" {

const char* frnn_cuda_last_error(void) { return frnn::last_error_slot().c_str(); }

const char* frnn_cuda_architectures(void) {
#if defined(FRNN_CUDA_EMULATION)
    return "host emulation";
#else
    return FRNN_CUDA_ARCHITECTURES;
#endif
}

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

frnn_status frnn_cuda_context_create(frnn_cuda_context** out) {
    return frnn::guarded("frnn_cuda_context_create", [&] {
        FRNN_REQUIRE(out != nullptr, "out is NULL; pass the address of a frnn_cuda_context pointer");
        frnn_cuda_context* ctx = new frnn_cuda_context();
        const cudaError_t e = cudaStreamCreate(&ctx->stream);
        if (e != cudaSuccess) {
            delete ctx;
            frnn::throw_if_cuda_error(e, "cudaStreamCreate", __FILE__, __LINE__);
        }
        *out = ctx;
    });
}

void frnn_cuda_context_destroy(frnn_cuda_context* ctx) {
    if (ctx == nullptr) return;
    if (ctx->workspace != nullptr) {
        try {
            frnn::cuda::device_free(ctx->workspace, ctx->stream);
        } catch (const std::exception&) {  // a lost device: nothing to give the memory back to
        }
    }
    cudaStreamSynchronize(ctx->stream);
    cudaStreamDestroy(ctx->stream);
    cudaGetLastError();  // nothing to report to: the context is gone either way
    delete ctx;
}

frnn_status frnn_cuda_synchronize(frnn_cuda_context* ctx) {
    return frnn::guarded("frnn_cuda_synchronize", [&] {
        require_context(ctx);
        FRNN_CUDA_CHECK(cudaStreamSynchronize(ctx->stream));
    });
}

frnn_status frnn_cuda_malloc(int64_t floats, float** out) {
    return frnn::guarded("frnn_cuda_malloc", [&] {
        FRNN_REQUIRE(out != nullptr, "out is NULL; pass the address of a float pointer");
        require_non_negative("floats", floats);
        const int64_t bytes = count_of("frnn_cuda_malloc", floats, 4);
        // On the legacy stream: a buffer serves every context (see core/cuda_context.h).
        void* p = frnn::cuda::device_alloc(bytes, frnn::format("a buffer of %lld floats", (ll)floats).c_str(),
                                           cudaStreamLegacy);
        const cudaError_t e = cudaMemsetAsync(p, 0, static_cast<size_t>(bytes), cudaStreamLegacy);
        if (e != cudaSuccess) {
            try {
                frnn::cuda::device_free(p, cudaStreamLegacy);
            } catch (const std::exception&) {  // the memset's error is the one to report
            }
            frnn::throw_if_cuda_error(e, "cudaMemsetAsync", __FILE__, __LINE__);
        }
        *out = static_cast<float*>(p);
    });
}

frnn_status frnn_cuda_free(float* p) {
    return frnn::guarded("frnn_cuda_free", [&] {
        if (p == nullptr) return;
        require_device("p", p);
        frnn::cuda::device_free(p, cudaStreamLegacy);  // after every context's earlier work
    });
}

frnn_status frnn_cuda_memory_info(int64_t* free_bytes, int64_t* total_bytes) {
    return frnn::guarded("frnn_cuda_memory_info", [&] {
        FRNN_REQUIRE(free_bytes != nullptr && total_bytes != nullptr, "free_bytes and total_bytes must not be NULL");
        size_t f = 0, t = 0;
        FRNN_CUDA_CHECK(cudaMemGetInfo(&f, &t));
        *free_bytes = f > INT64_MAX ? INT64_MAX : static_cast<int64_t>(f);
        *total_bytes = t > INT64_MAX ? INT64_MAX : static_cast<int64_t>(t);
    });
}

frnn_status frnn_cuda_copy_to_device(float* dst, const float* src, int64_t n) {
    return frnn::guarded("frnn_cuda_copy_to_device", [&] { copy(dst, src, n, cudaMemcpyHostToDevice); });
}

frnn_status frnn_cuda_copy_to_host(float* dst, const float* src, int64_t n) {
    return frnn::guarded("frnn_cuda_copy_to_host", [&] { copy(dst, src, n, cudaMemcpyDeviceToHost); });
}

frnn_status frnn_cuda_fill(frnn_cuda_context* ctx, int64_t n, float value, float* x) {
    return frnn::guarded("frnn_cuda_fill", [&] {
        require_context(ctx);
        require_non_negative("n", n);
        require_array("x", x, count_of("x", n, 1), "[n]");
        frnn::cuda::ops::fill(ctx, n, value, x);
    });
}

frnn_status frnn_cuda_gemm(frnn_cuda_context* ctx, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
                           float alpha, const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c,
                           int64_t ldc) {
    return frnn::guarded("frnn_cuda_gemm", [&] {
        gemm_checked(ctx, 0, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    });
}

frnn_status frnn_cuda_gemm_engine(frnn_cuda_context* ctx, int engine, int trans_a, int trans_b, int64_t m, int64_t n,
                                  int64_t k, float alpha, const float* a, int64_t lda, const float* b, int64_t ldb,
                                  float beta, float* c, int64_t ldc) {
    return frnn::guarded("frnn_cuda_gemm_engine", [&] {
        gemm_checked(ctx, engine, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    });
}

int frnn_cuda_gemm_engine_for(int64_t m, int64_t n, int64_t k) {
    if (m < 0 || n < 0 || k < 0) return -1;
    return static_cast<int>(frnn::cuda::gemm_engine_for(m, n, k));
}

frnn_status frnn_cuda_runtime_info(char* text, int text_len) {
    return frnn::guarded("frnn_cuda_runtime_info", [&] {
        FRNN_REQUIRE(text != nullptr && text_len >= 1, "text is NULL or text_len = %d; expected a buffer of >= 1 bytes",
                     text_len);
        int driver = 0, runtime = 0;
        const cudaError_t e = cudaDriverGetVersion(&driver);
        cudaRuntimeGetVersion(&runtime);
        cudaGetLastError();
        std::string line;
#if defined(FRNN_CUDA_EMULATION)
        line = "host emulation (no driver or runtime)";
#else
        line = e != cudaSuccess || driver == 0 ? std::string("no NVIDIA driver")
                                               : frnn::format("driver %d.%d", driver / 1000, driver % 1000 / 10);
        line += frnn::format(", runtime %d.%d", runtime / 1000, runtime % 1000 / 10);
#endif
        (void)e;
        line += "; cuBLAS: " + frnn::cuda::cublas_description();
        if (frnn::cuda::cublas_available())
            line += frnn::format(" for products of >= %lld multiply-adds", (ll)frnn::cuda::cublas_min_macs());
        copy_truncated(line, text, text_len);
    });
}

}  // extern "C"

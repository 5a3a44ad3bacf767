// cuBLAS loaded at run time: frnn_cuda has no link-time dependency on it. The first use tries
// libcublas.so.13, libcublas.so.12 and libcublas.so with dlopen and takes the few functions the GEMM
// dispatch needs; when none loads, every product runs on the own kernel (core/gemm_cuda.h). In the host
// emulation the "library" is the emulator's cuBLAS (core/cuda_emu.h), so the same dispatch runs there.
#pragma once

#include <stdint.h>

#include <string>

#include "core/cuda_api.h"

namespace frnn::cuda {

// Products with at least this many multiply-adds (m * n * k) go to cuBLAS when it is loaded: below it
// the own tiled kernel (one launch, no handle, no library overhead) is used. 2^22 ≈ 4.2 million, e.g. an
// LSTM step's recurrent product at N = 64, H = 128 (64 x 512 x 128) and every input projection of the
// DeepBench sizes. A starting point until GPU measurements tune it; FRNN_CUBLAS_MIN_MACS overrides it
// (0: always cuBLAS; a negative value: never).
constexpr int64_t kCublasMinMacs = int64_t{1} << 22;

// Whether cuBLAS loaded; the first call loads it (thread-safe).
bool cublas_available();

// "libcublas.so.13 (cuBLAS 13.0.0)", or why it is not used: "not found (tried libcublas.so.13,
// libcublas.so.12, libcublas.so)", or the emulation's description.
std::string cublas_description();

// The multiply-add count from which gemm() dispatches to cuBLAS (kCublasMinMacs unless overridden).
int64_t cublas_min_macs();

// Enqueues C = alpha * op(A) op(B) + beta * C (row-major, as core/gemm_cuda.h) through cublasSgemm_v2 on
// `stream`. Needs cublas_available() and every size and leading dimension <= INT32_MAX. Throws frnn::Error
// (FRNN_ERR_CUDA naming cublasSgemm_v2 and its status) on failure.
void gemm_cublas(cudaStream_t stream, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha,
                 const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

}  // namespace frnn::cuda

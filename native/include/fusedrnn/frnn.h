/*
 * fusedrnn native C ABI.
 *
 * Two shared libraries implement this header:
 *   frnn_cpu   always built; every function named frnn_* below that is not frnn_cuda_*.
 *   frnn_cuda  built when the CUDA compiler was found; every frnn_cuda_* function.
 *
 * ---------------------------------------------------------------------------------------------------
 * Conventions (stated once, here)
 * ---------------------------------------------------------------------------------------------------
 * Letters      T time steps, N batch, C input features, H units, G gates (SimpleRNN 1, GRU 3, LSTM 4).
 * Layout       Row-major. Sequences at the API are batch-major [N, T, C], as in Keras; an
 *              implementation may use time-major layouts internally.
 * Weights      Keras layouts: kernel W[C, G*H], recurrent kernel U[H, G*H], bias b[G*H]; a GRU with
 *              reset_after = true has b[2, 3H] (input row, then recurrent row).
 * Gate order   Keras order inside each G*H row: LSTM i, f, c, o; GRU z, r, h.
 * Precision    float32 everywhere at this ABI.
 * Pointers     Every function documents, for each pointer: shape, memory space (host or device),
 *              whether it may alias another argument, and how long it must stay valid. Unless a
 *              function says otherwise, pointers are only used during the call (nothing is retained).
 * Errors       No function throws across this ABI and none exits the process. Each returns a
 *              frnn_status (or, for pure queries, a value documented at the function). After a
 *              non-OK status, the calling thread's last error (frnn_last_error for frnn_cpu,
 *              frnn_cuda_last_error for frnn_cuda) says what went wrong, where, and what to try.
 *              A call that returns FRNN_OK clears its library's last error to "".
 * Threads      All functions are thread-safe; last errors are per thread.
 */
#ifndef FUSEDRNN_FRNN_H
#define FUSEDRNN_FRNN_H

#include <stdint.h>

#if defined(FRNN_BUILDING_LIBRARY)
#define FRNN_API __attribute__((visibility("default")))
#else
#define FRNN_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status of every call that can fail. Values are stable: the Java binding mirrors them. */
typedef enum frnn_status {
    FRNN_OK = 0,
    FRNN_ERR_ARGUMENT = 1,      /* a pointer, size or id is invalid; nothing was written */
    FRNN_ERR_UNSUPPORTED = 2,   /* a valid request this build or this machine cannot serve */
    FRNN_ERR_CUDA = 3,          /* the CUDA runtime or driver reported an error (or is absent) */
    FRNN_ERR_OUT_OF_MEMORY = 4, /* a host or device allocation failed */
    FRNN_ERR_INTERNAL = 5       /* an unexpected failure inside fusedrnn (a bug: report the message) */
} frnn_status;

/*
 * Element-wise activations. The ids equal the ordinals of the Java enum dev.fusedrnn.Activation
 * (which also has SOFTMAX = 6, a row-wise activation that is not element-wise and not accepted here).
 * The math is Activation.java's, evaluated in float32.
 */
typedef enum frnn_activation {
    FRNN_ACT_LINEAR = 0,              /* x */
    FRNN_ACT_TANH = 1,                /* tanh(x) */
    FRNN_ACT_SIGMOID = 2,             /* 1 / (1 + exp(-x)), evaluated without overflow for x < 0 */
    FRNN_ACT_RELU = 3,                /* x > 0 ? x : 0 */
    FRNN_ACT_HARD_SIGMOID_KERAS2 = 4, /* clip(0.2 x + 0.5, 0, 1) */
    FRNN_ACT_HARD_SIGMOID_KERAS3 = 5  /* clip(x / 6 + 0.5, 0, 1) */
} frnn_activation;

/* CPU feature bits returned by frnn_cpu_features. */
enum {
    FRNN_CPU_AVX2 = 1 << 0,
    FRNN_CPU_FMA = 1 << 1,
    FRNN_CPU_AVX512F = 1 << 2,
    FRNN_CPU_AVX512CD = 1 << 3,
    FRNN_CPU_AVX512BW = 1 << 4,
    FRNN_CPU_AVX512DQ = 1 << 5,
    FRNN_CPU_AVX512VL = 1 << 6,
    FRNN_CPU_AVX512VNNI = 1 << 7,
    FRNN_CPU_AVX512BF16 = 1 << 8,
    FRNN_CPU_FEATURE_BITS = 9 /* number of defined bits */
};

/* ================================================================================================
 * frnn_cpu
 * ================================================================================================ */

/* Library version, e.g. "0.1.0". Static storage; never NULL. */
FRNN_API const char* frnn_version(void);

/*
 * Why the CUDA library of this build exists or not, fixed when the build was configured:
 * "built for <architectures>", or "not built: <reason and what to change>". Static storage; never NULL.
 */
FRNN_API const char* frnn_cuda_build_info(void);

/*
 * The calling thread's message for the last frnn_cpu call that failed: what, where (source file and
 * line) and what to try. "" after a successful call. Valid until the thread's next frnn_cpu call.
 */
FRNN_API const char* frnn_last_error(void);

/*
 * The FRNN_CPU_* features this CPU and operating system support (CPUID plus enabled register state),
 * as a bit mask. Detected once; the function itself is compiled for the baseline x86-64 ISA.
 */
FRNN_API int frnn_cpu_features(void);

/*
 * The Linux /proc/cpuinfo flag name of one FRNN_CPU_* bit ("avx2", "fma", "avx512f", ...), or NULL when
 * feature_bit is not exactly one defined bit. Static storage.
 */
FRNN_API const char* frnn_cpu_feature_name(int feature_bit);

/*
 * y[i] = f(x[i]) for i < n, with f the frnn_activation `activation`.
 *   activation  a frnn_activation id (0..5); others give FRNN_ERR_ARGUMENT.
 *   n           number of elements, n >= 0; n == 0 does nothing.
 *   x           host memory, [n] floats; read only. May be NULL only when n == 0.
 *   y           host memory, [n] floats; written. May be NULL only when n == 0.
 *               y == x (in place) is allowed; any other overlap of the two ranges is FRNN_ERR_ARGUMENT.
 * Both pointers are used during the call only.
 */
FRNN_API frnn_status frnn_activation_forward(int activation, int64_t n, const float* x, float* y);

/* ================================================================================================
 * frnn_cuda (device functions; host code needs no GPU to call them and gets a status without one)
 * ================================================================================================ */

/* Like frnn_last_error, for the calling thread's last failed frnn_cuda_* call. */
FRNN_API const char* frnn_cuda_last_error(void);

/*
 * The GPU architectures compiled into frnn_cuda, in CMake notation: "75-real;...;90" where NN-real is
 * machine code for compute capability N.N and a plain NN also carries PTX that newer GPUs can JIT.
 * Static storage; never NULL.
 */
FRNN_API const char* frnn_cuda_architectures(void);

/*
 * Whether CUDA is usable by this library, without crashing when it is not.
 *   device_count  host memory, one int; written: the number of CUDA devices the runtime sees (0 without a
 *                 driver or device). Not NULL.
 *   reason        host memory, [reason_len] chars; written: a NUL-terminated, possibly truncated
 *                 description: on success the first device, its compute capability and the driver and
 *                 runtime versions; otherwise why CUDA is unusable, e.g.
 *                 "cudaErrorInsufficientDriver (35): CUDA driver version is insufficient for CUDA
 *                 runtime version". May be NULL only when reason_len == 0.
 *   reason_len    capacity of reason in bytes, >= 0.
 * Returns FRNN_OK when at least one device can run this library's kernels; FRNN_ERR_CUDA when no driver,
 * no device, or no kernel image for device 0 exists (the reason says which); FRNN_ERR_ARGUMENT for bad
 * pointers.
 */
FRNN_API frnn_status frnn_cuda_query(int* device_count, char* reason, int reason_len);

/*
 * Device version of frnn_activation_forward: y[i] = f(x[i]) for i < n on the current CUDA device.
 *   activation  a frnn_activation id (0..5).
 *   n           number of elements, n >= 0; n == 0 does nothing (and touches no CUDA state).
 *   x           device memory (cudaMalloc or managed), [n] floats; read only.
 *   y           device memory, [n] floats; written. y == x is allowed; other overlap is not.
 * Runs on the legacy default stream and waits for completion, so that any CUDA error is reported by
 * this call. Host pointers are rejected with FRNN_ERR_ARGUMENT before any kernel is launched.
 */
FRNN_API frnn_status frnn_cuda_activation_forward(int activation, int64_t n, const float* x, float* y);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* FUSEDRNN_FRNN_H */

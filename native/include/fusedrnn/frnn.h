/*
 * fusedrnn native C ABI.
 *
 * Three shared libraries implement this header:
 *   frnn_cpu       always built; every function named frnn_* below that is not frnn_cuda_*.
 *   frnn_cuda      built when the CUDA compiler was found; every frnn_cuda_* function.
 *   frnn_cuda_emu  always built: the same CUDA sources compiled as C++ and run on the host (the CUDA
 *                  backend's code, tested without a GPU). Its symbols are frnn_cuda_emu_* (see
 *                  fusedrnn/frnn_cuda_emu.h), so it can be loaded beside frnn_cuda.
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

/* ------------------------------------------------------------------------------------------------
 * Contexts: threads and workspace
 * ------------------------------------------------------------------------------------------------ */

/*
 * A context owns a pool of worker threads and a workspace reused from call to call, so a call
 * allocates nothing once the workspace has grown to its size. A context serves one call at a time:
 * concurrent callers use one context each (the Java binding keeps a pool). Results never depend on
 * the number of threads: every reduction runs in a fixed order.
 */
typedef struct frnn_context frnn_context;

/*
 * Creates a context.
 *   num_threads  worker threads including the caller, >= 1; 0 means the environment variable
 *                FRNN_NUM_THREADS when set, else the number of available cores.
 *   out          host memory, one pointer; written: the new context. Not NULL.
 * Destroy it with frnn_context_destroy.
 */
FRNN_API frnn_status frnn_context_create(int num_threads, frnn_context** out);

/* Destroys a context and its threads and workspace. NULL is allowed and does nothing. */
FRNN_API void frnn_context_destroy(frnn_context* ctx);

/* The context's thread count (>= 1), or -1 when ctx is NULL. */
FRNN_API int frnn_context_num_threads(const frnn_context* ctx);

/*
 * The instruction-set path the CPU kernels run: "avx512", "avx2" or "scalar". Chosen once from
 * frnn_cpu_features(); the environment variable FRNN_CPU_ISA (avx512 | avx2 | scalar) can force a lower
 * path, never a higher one than the CPU supports. Static storage; never NULL.
 */
FRNN_API const char* frnn_cpu_isa(void);

/* ------------------------------------------------------------------------------------------------
 * Recurrent layers: whole-sequence forward and backward (SimpleRNN, LSTM, GRU)
 * ------------------------------------------------------------------------------------------------ */

typedef enum frnn_cell {
    FRNN_CELL_SIMPLE_RNN = 0, /* G = 1 */
    FRNN_CELL_LSTM = 1,       /* G = 4: i, f, c, o */
    FRNN_CELL_GRU = 2         /* G = 3: z, r, h */
} frnn_cell;

/*
 * What does not change from batch to batch. Mirrors the Java record dev.fusedrnn.backend.RnnSpec.
 *   activation            FRNN_ACT_TANH, or FRNN_ACT_RELU for SimpleRNN.
 *   recurrent_activation  FRNN_ACT_SIGMOID, FRNN_ACT_HARD_SIGMOID_KERAS2 or _KERAS3 (unused by SimpleRNN).
 *   reset_after           GRU only: 1 applies the reset gate after the recurrent product (bias [2, 3H]).
 *   go_backwards          1: read x from step T-1 down to 0; the output sequence is in that order.
 *   return_sequences      1: output is [N, T, H]; 0: only the last output, [N, H].
 *   zero_output_for_mask  1: masked steps output zero instead of repeating the previous output.
 */
typedef struct frnn_rnn_desc {
    int32_t cell;
    int32_t input_size;  /* C >= 1 */
    int32_t units;       /* H >= 1 */
    int32_t activation;
    int32_t recurrent_activation;
    int32_t reset_after;
    int32_t go_backwards;
    int32_t return_sequences;
    int32_t zero_output_for_mask;
} frnn_rnn_desc;

/*
 * The tensors of one call; all host memory, float32, row-major, read during the call only. Optional
 * pointers may be NULL. Inputs must not overlap outputs.
 *   batch, time               N >= 1, T >= 1.
 *   x                         [N, T, C], in the input's own time order (also with go_backwards).
 *   mask                      optional [N, T] of 1.0 (valid) / 0.0 (masked), in the input's time order.
 *                             A masked step keeps the state; its output repeats the previous output
 *                             (zero before the first valid step), or is zero with zero_output_for_mask.
 *   h0, c0                    optional initial states [N, H] (NULL: zeros); c0 for LSTM only.
 *   kernel                    W [C, G*H]; recurrent_kernel U [H, G*H]; bias [G*H], or [2, 3H] for a
 *                             GRU with reset_after (input row, then recurrent row).
 *   input_dropout             optional [N, C] keep-mask already scaled by 1/(1-p), multiplying x at
 *                             every step (shared by the gates).
 *   recurrent_dropout         optional [N, H], multiplying h_{t-1} where it enters the recurrent
 *                             product (a GRU's z*h_{t-1} term uses the undropped state, as Keras 3).
 *   output                    written: [N, T, H] in processing order, or [N, H] (see return_sequences).
 *   h_last, c_last            optional, written: the final states [N, H] (c_last for LSTM only).
 */
typedef struct frnn_rnn_tensors {
    int32_t batch;
    int32_t time;
    const float* x;
    const float* mask;
    const float* h0;
    const float* c0;
    const float* kernel;
    const float* recurrent_kernel;
    const float* bias;
    const float* input_dropout;
    const float* recurrent_dropout;
    float* output;
    float* h_last;
    float* c_last;
} frnn_rnn_tensors;

/*
 * Upstream gradients and the gradients a backward call writes; host memory, float32. Written
 * gradients are overwritten (not accumulated). Optional pointers may be NULL (not given / not wanted).
 *   d_output              [N, T, H] or [N, H], shaped like frnn_rnn_tensors.output.
 *   d_h_last, d_c_last    optional upstream gradients on the final states [N, H].
 *   dx                    optional, written: [N, T, C].
 *   d_kernel, d_recurrent_kernel, d_bias   written, Keras layouts as the weights. Required.
 *   dh0, dc0              optional, written: [N, H] gradients of the initial states.
 */
typedef struct frnn_rnn_grads {
    const float* d_output;
    const float* d_h_last;
    const float* d_c_last;
    float* dx;
    float* d_kernel;
    float* d_recurrent_kernel;
    float* d_bias;
    float* dh0;
    float* dc0;
} frnn_rnn_grads;

/*
 * Number of floats of the tape that frnn_rnn_forward fills for frnn_rnn_backward (gate values and states
 * per step), for this description, N and T; -1 (and the last error set) when the arguments are invalid.
 */
FRNN_API int64_t frnn_rnn_tape_floats(const frnn_rnn_desc* desc, int32_t batch, int32_t time);

/*
 * Whole-sequence forward pass.
 *   ctx    a context (not shared with a concurrent call).
 *   tape   host memory, [frnn_rnn_tape_floats(desc, N, T)] floats, written; NULL for inference (no tape kept).
 */
FRNN_API frnn_status frnn_rnn_forward(frnn_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t,
                                      float* tape);

/*
 * Whole-sequence backward pass of the forward call that filled `tape`, given the same desc and tensors
 * (their inputs unchanged since). Writes the gradients of `g`.
 */
FRNN_API frnn_status frnn_rnn_backward(frnn_context* ctx, const frnn_rnn_desc* desc, const frnn_rnn_tensors* t,
                                       const float* tape, const frnn_rnn_grads* g);

/* ------------------------------------------------------------------------------------------------
 * Dense, embedding, element-wise and layout operations, losses, metrics, optimizer updates
 * (the rest of a training step, so it stays native: one call per layer per batch)
 * ------------------------------------------------------------------------------------------------ */

/*
 * Common rules of this section. All pointers are host memory holding float32 (double where stated),
 * row-major, used during the call only. Sizes are element counts >= 0; a pointer may be NULL only where
 * it is optional or where the elements it would hold number 0. Each function checks its arguments and
 * writes nothing when it returns FRNN_ERR_ARGUMENT. Reductions (sums over rows, losses, metrics) run in
 * a fixed order, so results are bit-identical from run to run and for any thread count. The math is the
 * Java reference backend's (dev.fusedrnn.reference: DenseRef, TensorOpsRef, LossRef, OptimizerRef).
 */

/* Row-wise softmax, accepted by the dense functions only (the ordinal of Java's Activation.SOFTMAX). */
enum { FRNN_DENSE_SOFTMAX = 6 };

/*
 * y[R, out] = act(x[R, in] . kernel[in, out] + bias[out]), act applied per element, or per row for
 * FRNN_DENSE_SOFTMAX (exp(z - max z) / sum exp(z - max z)).
 *   ctx         a context (threads for the product); not shared with a concurrent call.
 *   rows, in, out   R >= 0, in >= 1, out >= 1.
 *   x [R, in], kernel [in, out] (Keras layout), bias [out] or NULL (no bias): read.
 *   activation  a frnn_activation id or FRNN_DENSE_SOFTMAX.
 *   y [R, out]  written; must not overlap x, kernel or bias.
 */
FRNN_API frnn_status frnn_dense_forward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x,
                                        const float* kernel, const float* bias, int activation, float* y);

/*
 * Backward of frnn_dense_forward from its input x and output y (the pre-activation is not needed):
 * dz = dy * act'(z) (softmax: dz_j = y_j (dy_j - sum_k dy_k y_k)), then
 *   d_kernel[in, out] = x^T . dz        written, required;
 *   d_bias[out] = sum over rows of dz   written, or NULL (not wanted);
 *   dx[R, in] = dz . kernel^T           written, or NULL (not wanted).
 * x [R, in], y [R, out], dy [R, out], kernel [in, out]: read. Outputs are overwritten (not accumulated),
 * must not overlap any input or each other. relu's slope is read from y > 0; a hard sigmoid's slope is
 * its linear slope where 0 < y < 1 and 0 where it saturates.
 */
FRNN_API frnn_status frnn_dense_backward(frnn_context* ctx, int64_t rows, int64_t in, int64_t out, const float* x,
                                         const float* y, const float* dy, const float* kernel, int activation,
                                         float* dx, float* d_kernel, float* d_bias);

/*
 * out[i, :] = table[ids[i], :] for i < count.
 *   ids [count]: read; each an exact integer in [0, vocab) held as a float (checked: FRNN_ERR_ARGUMENT
 *   names the first bad id and its position). table [vocab, dim]: read. out [count, dim]: written, must
 *   not overlap ids or table. count >= 0, vocab >= 1, dim >= 1.
 */
FRNN_API frnn_status frnn_embedding_forward(int64_t count, const float* ids, const float* table, int64_t vocab,
                                            int64_t dim, float* out);

/*
 * d_table [vocab, dim] = 0, then d_table[ids[i], :] += d_out[i, :] for i = 0, 1, ... in that order.
 * ids as for frnn_embedding_forward (all checked before d_table is touched); d_out [count, dim]: read;
 * d_table: written, must not overlap ids or d_out.
 */
FRNN_API frnn_status frnn_embedding_backward(int64_t count, const float* ids, const float* d_out, int64_t vocab,
                                             int64_t dim, float* d_table);

/* x[i] = value for i < n; x [n]: written. */
FRNN_API frnn_status frnn_fill(int64_t n, float value, float* x);

/*
 * mask[r] = 1 if any x[r, k] != value (compared in double, so NaN differs from everything), else 0.
 *   x [rows, cols]: read; mask [rows]: written, must not overlap x.
 */
FRNN_API frnn_status frnn_not_equal_mask(int64_t rows, int64_t cols, const float* x, double value, float* mask);

/*
 * The element-wise functions below read element i of their inputs before writing element i of out, in
 * increasing i; out may be an input (in place) and any overlap gives the result of that sequential loop.
 *   frnn_scale_rows   out[r, k] = x[r, k] * s[r];  x, out [rows, cols], s [rows].
 *   frnn_multiply     out[i] = a[i] * b[i];        a, b, out [n].
 *   frnn_axpby        out[i] = alpha a[i] + beta b[i], evaluated in double and rounded once; a, out [n];
 *                     b [n], not read when beta == 0 (it may then be NULL).
 */
FRNN_API frnn_status frnn_scale_rows(int64_t rows, int64_t cols, const float* x, const float* s, float* out);
FRNN_API frnn_status frnn_multiply(int64_t n, const float* a, const float* b, float* out);
FRNN_API frnn_status frnn_axpby(int64_t n, double alpha, const float* a, double beta, const float* b, float* out);

/*
 * out[b, t, :] = x[b, T-1-t, :] for x, out [batch, time, features]. out may overlap x in any way (the
 * input is copied first when they overlap).
 */
FRNN_API frnn_status frnn_reverse_time(int64_t batch, int64_t time, int64_t features, const float* x, float* out);

/*
 * out[r, :] = [a[r, :ka], b[r, :kb]];  a [rows, ka], b [rows, kb]: read; out [rows, ka + kb]: written.
 * frnn_split_columns is the inverse (in read; a, b written). No two of the three arrays may overlap.
 */
FRNN_API frnn_status frnn_concat_columns(int64_t rows, int64_t ka, int64_t kb, const float* a, const float* b,
                                         float* out);
FRNN_API frnn_status frnn_split_columns(int64_t rows, int64_t ka, int64_t kb, const float* in, float* a, float* b);

/* Losses; the ids equal the ordinals of the Java enum dev.fusedrnn.backend.LossKind. */
typedef enum frnn_loss_kind {
    FRNN_LOSS_MSE = 0,
    FRNN_LOSS_MAE = 1,
    FRNN_LOSS_BINARY_CROSSENTROPY = 2,
    FRNN_LOSS_CATEGORICAL_CROSSENTROPY = 3,
    FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY = 4
} frnn_loss_kind;

/* Metrics; the ids equal the ordinals of the Java enum dev.fusedrnn.backend.MetricKind. */
typedef enum frnn_metric_kind {
    FRNN_METRIC_BINARY_ACCURACY = 0,
    FRNN_METRIC_CATEGORICAL_ACCURACY = 1,
    FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY = 2,
    FRNN_METRIC_MAE = 3,
    FRNN_METRIC_MSE = 4
} frnn_metric_kind;

/*
 * Weighted mean loss sum_r w_r l_r / sum_r w_r over the rows of pred [rows, cols], Keras 3 semantics with
 * probabilities (clipping to [1e-7, 1 - 1e-7], categorical rows normalised first; see LossRef). Computed
 * in double from the float inputs, rows in increasing order; rows with weight 0 are skipped; when
 * sum w = 0 the loss and its gradient are 0.
 *   kind     a frnn_loss_kind.  rows >= 0, cols >= 1.
 *   pred [rows, cols]; target [rows, cols], or [rows] class ids (exact integers in [0, cols), all
 *   checked) for the sparse kind; weights [rows] or NULL (all 1): read.
 *   d_pred   [rows, cols] or NULL: written, d(loss)/d pred; must not overlap the inputs.
 *   loss     one double: written.
 */
FRNN_API frnn_status frnn_loss(int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
                               const float* weights, float* d_pred, double* loss);

/*
 * {sum_r w_r m_r, sum_r w_r} of the per-row metric m (Keras 3 definitions; see LossRef.metric), in double.
 * Arguments as frnn_loss; result: two doubles, written.
 */
FRNN_API frnn_status frnn_metric(int kind, int64_t rows, int64_t cols, const float* pred, const float* target,
                                 const float* weights, double* result);

/* *result = sum of x[i]^2 for i < n, accumulated in double in index order. x [n]: read. */
FRNN_API frnn_status frnn_sum_of_squares(int64_t n, const float* x, double* result);

/* x[i] = min(hi, max(lo, x[i])) in place (NaN stays NaN), computed in double and rounded. lo <= hi. */
FRNN_API frnn_status frnn_clip(int64_t n, double lo, double hi, float* x);

/* Optimizers; the ids equal the ordinals of the Java enum dev.fusedrnn.backend.OptimizerSpec.Kind. */
typedef enum frnn_optimizer_kind { FRNN_OPT_SGD = 0, FRNN_OPT_ADAM = 1, FRNN_OPT_RMSPROP = 2 } frnn_optimizer_kind;

/*
 * One Keras 3 update of n parameters (rules of dev.fusedrnn.backend.OptimizerSpec), each element computed
 * in double from the float values and rounded once per stored value.
 *   kind, learning_rate, beta1, beta2, epsilon, momentum, nesterov (0/1), rho: the hyper-parameters
 *   (RMSprop requires momentum 0).
 *   params [n]: updated in place. grads [n]: read; must not overlap params or state.
 *   state  [slots, n]: updated in place; slots = 1 for SGD with momentum != 0, 2 for Adam (m, then v),
 *          1 for RMSprop, 0 for plain SGD (then state may be NULL). Must not overlap params.
 *   iteration  the number of earlier updates (>= 0); Adam's bias correction uses t = iteration + 1.
 */
FRNN_API frnn_status frnn_optimizer_step(int kind, double learning_rate, double beta1, double beta2, double epsilon,
                                         double momentum, int nesterov, double rho, int64_t n, float* params,
                                         const float* grads, float* state, int64_t iteration);

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

/* ------------------------------------------------------------------------------------------------
 * CUDA backend: contexts, device memory, the recurrent layers and the other operations on the device
 * ------------------------------------------------------------------------------------------------ */

/*
 * Rules of this section. Every float pointer is device memory from frnn_cuda_malloc (checked: a host
 * pointer is FRNN_ERR_ARGUMENT) unless it says "host". Work is enqueued on the context's stream and
 * returns before it finishes, except where a function says it waits; a later call that waits reports
 * errors of earlier kernels. Shapes, optional pointers, overlap rules and the math are those of the
 * frnn_cpu function of the same name without "cuda_" (frnn_rnn_forward, frnn_dense_forward, ...), with
 * one difference: element-wise outputs may equal an input (same address) but must not partly overlap it.
 * Data checks (mask values, token ids, class ids) run on the device and wait for it.
 * Out of device memory is FRNN_ERR_OUT_OF_MEMORY with the sizes asked for and free.
 */
typedef struct frnn_cuda_context frnn_cuda_context;

/* Creates a context (a CUDA stream and a workspace) on the current device. out: host, written. */
FRNN_API frnn_status frnn_cuda_context_create(frnn_cuda_context** out);
/* Waits for the context's work, then destroys it. NULL does nothing. */
FRNN_API void frnn_cuda_context_destroy(frnn_cuda_context* ctx);
/* Waits until the context's work is done; reports the first error of its kernels. */
FRNN_API frnn_status frnn_cuda_synchronize(frnn_cuda_context* ctx);

/*
 * *out (host) = floats >= 0 zero-filled floats of device memory (a valid unique pointer even for 0), from
 * the device's stream-ordered memory pool (cudaMallocAsync on the legacy default stream; freed memory stays
 * cached in the pool for the next request), so that per-batch buffers cost no trip to the driver and no
 * device-wide synchronisation. Work queued afterwards on any context may use it.
 */
FRNN_API frnn_status frnn_cuda_malloc(int64_t floats, float** out);
/*
 * Frees memory from frnn_cuda_malloc once all work queued before it on any context is done (cudaFreeAsync
 * on the legacy default stream; the host does not wait). NULL does nothing.
 */
FRNN_API frnn_status frnn_cuda_free(float* p);
/* Device memory in bytes, free and total (host, written). */
FRNN_API frnn_status frnn_cuda_memory_info(int64_t* free_bytes, int64_t* total_bytes);
/*
 * Copies n floats: host src to device dst, or device src to host dst; both wait for every earlier
 * kernel of every context and for the copy itself, so host memory may be reused on return. Host to
 * device goes through a pinned staging buffer (cudaHostAlloc, kept and grown as needed, at most 64 MiB
 * per transfer), so the transfer is one DMA from page-locked memory.
 */
FRNN_API frnn_status frnn_cuda_copy_to_device(float* dst, const float* src, int64_t n);
FRNN_API frnn_status frnn_cuda_copy_to_host(float* dst, const float* src, int64_t n);
/* x[i] = value for i < n, on the context's stream. */
FRNN_API frnn_status frnn_cuda_fill(frnn_cuda_context* ctx, int64_t n, float value, float* x);

/*
 * The backend's GEMM, C[m, n] = alpha op(A) op(B) + beta C, row-major as gemm_cpu: cuBLAS (loaded at run
 * time, see frnn_cuda_runtime_info) for products of at least 2^22 multiply-adds (m * n * k;
 * FRNN_CUBLAS_MIN_MACS overrides: 0 always, negative never), else the own tiled kernel.
 */
FRNN_API frnn_status frnn_cuda_gemm(frnn_cuda_context* ctx, int trans_a, int trans_b, int64_t m, int64_t n,
                                    int64_t k, float alpha, const float* a, int64_t lda, const float* b,
                                    int64_t ldb, float beta, float* c, int64_t ldc);
/*
 * As frnn_cuda_gemm on a chosen engine: 0 as frnn_cuda_gemm chooses, 1 the own tiled kernel, 2 cuBLAS
 * (FRNN_ERR_UNSUPPORTED when it is not loaded). For the selftest, which compares the two.
 */
FRNN_API frnn_status frnn_cuda_gemm_engine(frnn_cuda_context* ctx, int engine, int trans_a, int trans_b, int64_t m,
                                           int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                                           const float* b, int64_t ldb, float beta, float* c, int64_t ldc);
/*
 * The engine frnn_cuda_gemm would use for these sizes (1 own kernel, 2 cuBLAS), or -1 for negative sizes.
 */
FRNN_API int frnn_cuda_gemm_engine_for(int64_t m, int64_t n, int64_t k);
/*
 * What this library finds at run time, without needing a device: one line with the driver and runtime
 * versions ("driver 12.4, runtime 13.0"; "no NVIDIA driver" when none) and cuBLAS ("cuBLAS:
 * libcublas.so.12 (cuBLAS 12.9.1) for products of >= 4194304 multiply-adds", or why it is not used).
 *   text      host memory, [text_len] chars; written NUL-terminated, possibly truncated. Not NULL.
 *   text_len  capacity in bytes, >= 1.
 */
FRNN_API frnn_status frnn_cuda_runtime_info(char* text, int text_len);

/* As frnn_rnn_tape_floats (the same tape layout). */
FRNN_API int64_t frnn_cuda_rnn_tape_floats(const frnn_rnn_desc* desc, int32_t batch, int32_t time);
/* As frnn_rnn_forward and frnn_rnn_backward; the structs are host memory, their tensors device memory. */
FRNN_API frnn_status frnn_cuda_rnn_forward(frnn_cuda_context* ctx, const frnn_rnn_desc* desc,
                                           const frnn_rnn_tensors* t, float* tape);
FRNN_API frnn_status frnn_cuda_rnn_backward(frnn_cuda_context* ctx, const frnn_rnn_desc* desc,
                                            const frnn_rnn_tensors* t, const float* tape, const frnn_rnn_grads* g);

FRNN_API frnn_status frnn_cuda_dense_forward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out,
                                             const float* x, const float* kernel, const float* bias, int activation,
                                             float* y);
FRNN_API frnn_status frnn_cuda_dense_backward(frnn_cuda_context* ctx, int64_t rows, int64_t in, int64_t out,
                                              const float* x, const float* y, const float* dy, const float* kernel,
                                              int activation, float* dx, float* d_kernel, float* d_bias);
FRNN_API frnn_status frnn_cuda_embedding_forward(frnn_cuda_context* ctx, int64_t count, const float* ids,
                                                 const float* table, int64_t vocab, int64_t dim, float* out);
FRNN_API frnn_status frnn_cuda_embedding_backward(frnn_cuda_context* ctx, int64_t count, const float* ids,
                                                  const float* d_out, int64_t vocab, int64_t dim, float* d_table);
FRNN_API frnn_status frnn_cuda_not_equal_mask(frnn_cuda_context* ctx, int64_t rows, int64_t cols, const float* x,
                                              double value, float* mask);
FRNN_API frnn_status frnn_cuda_scale_rows(frnn_cuda_context* ctx, int64_t rows, int64_t cols, const float* x,
                                          const float* s, float* out);
FRNN_API frnn_status frnn_cuda_multiply(frnn_cuda_context* ctx, int64_t n, const float* a, const float* b,
                                        float* out);
FRNN_API frnn_status frnn_cuda_axpby(frnn_cuda_context* ctx, int64_t n, double alpha, const float* a, double beta,
                                     const float* b, float* out);
FRNN_API frnn_status frnn_cuda_reverse_time(frnn_cuda_context* ctx, int64_t batch, int64_t time, int64_t features,
                                            const float* x, float* out);
FRNN_API frnn_status frnn_cuda_concat_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb,
                                              const float* a, const float* b, float* out);
FRNN_API frnn_status frnn_cuda_split_columns(frnn_cuda_context* ctx, int64_t rows, int64_t ka, int64_t kb,
                                             const float* in, float* a, float* b);
/* loss: host, one double; waits. */
FRNN_API frnn_status frnn_cuda_loss(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols, const float* pred,
                                    const float* target, const float* weights, float* d_pred, double* loss);
/* result: host, two doubles; waits. */
FRNN_API frnn_status frnn_cuda_metric(frnn_cuda_context* ctx, int kind, int64_t rows, int64_t cols,
                                      const float* pred, const float* target, const float* weights, double* result);
/* result: host, one double; waits. Summed in double in a fixed tree order (not index order), so it may
 * differ from frnn_sum_of_squares by double round-off; the same inputs always give the same bits. */
FRNN_API frnn_status frnn_cuda_sum_of_squares(frnn_cuda_context* ctx, int64_t n, const float* x, double* result);
FRNN_API frnn_status frnn_cuda_clip(frnn_cuda_context* ctx, int64_t n, double lo, double hi, float* x);
FRNN_API frnn_status frnn_cuda_optimizer_step(frnn_cuda_context* ctx, int kind, double learning_rate, double beta1,
                                              double beta2, double epsilon, double momentum, int nesterov,
                                              double rho, int64_t n, float* params, const float* grads,
                                              float* state, int64_t iteration);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* FUSEDRNN_FRNN_H */

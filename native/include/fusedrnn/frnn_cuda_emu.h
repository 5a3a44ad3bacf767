/*
 * Names of the host-emulated CUDA library (frnn_cuda_emu): included before fusedrnn/frnn.h, it renames
 * every frnn_cuda_* function of frnn_cuda to frnn_cuda_emu_*. The emulated library is compiled with it,
 * and so is the code that calls it (the Java binding FrnnCudaEmuLib), so both libraries can live in one
 * process with distinct symbols. Keep the list in step with frnn.h's frnn_cuda section (the native test
 * cuda_emu_symbols checks that the emulated library exports no frnn_cuda_ name outside it).
 */
#ifndef FUSEDRNN_FRNN_CUDA_EMU_H
#define FUSEDRNN_FRNN_CUDA_EMU_H

#define frnn_cuda_activation_forward frnn_cuda_emu_activation_forward
#define frnn_cuda_architectures frnn_cuda_emu_architectures
#define frnn_cuda_axpby frnn_cuda_emu_axpby
#define frnn_cuda_clip frnn_cuda_emu_clip
#define frnn_cuda_concat_columns frnn_cuda_emu_concat_columns
#define frnn_cuda_context_create frnn_cuda_emu_context_create
#define frnn_cuda_context_destroy frnn_cuda_emu_context_destroy
#define frnn_cuda_copy_to_device frnn_cuda_emu_copy_to_device
#define frnn_cuda_copy_to_host frnn_cuda_emu_copy_to_host
#define frnn_cuda_dense_backward frnn_cuda_emu_dense_backward
#define frnn_cuda_dense_forward frnn_cuda_emu_dense_forward
#define frnn_cuda_embedding_backward frnn_cuda_emu_embedding_backward
#define frnn_cuda_embedding_forward frnn_cuda_emu_embedding_forward
#define frnn_cuda_fill frnn_cuda_emu_fill
#define frnn_cuda_free frnn_cuda_emu_free
#define frnn_cuda_gemm frnn_cuda_emu_gemm
#define frnn_cuda_gemm_engine frnn_cuda_emu_gemm_engine
#define frnn_cuda_gemm_engine_for frnn_cuda_emu_gemm_engine_for
#define frnn_cuda_last_error frnn_cuda_emu_last_error
#define frnn_cuda_loss frnn_cuda_emu_loss
#define frnn_cuda_malloc frnn_cuda_emu_malloc
#define frnn_cuda_memory_info frnn_cuda_emu_memory_info
#define frnn_cuda_metric frnn_cuda_emu_metric
#define frnn_cuda_multiply frnn_cuda_emu_multiply
#define frnn_cuda_not_equal_mask frnn_cuda_emu_not_equal_mask
#define frnn_cuda_optimizer_step frnn_cuda_emu_optimizer_step
#define frnn_cuda_query frnn_cuda_emu_query
#define frnn_cuda_reverse_time frnn_cuda_emu_reverse_time
#define frnn_cuda_rnn_backward frnn_cuda_emu_rnn_backward
#define frnn_cuda_rnn_forward frnn_cuda_emu_rnn_forward
#define frnn_cuda_rnn_tape_floats frnn_cuda_emu_rnn_tape_floats
#define frnn_cuda_runtime_info frnn_cuda_emu_runtime_info
#define frnn_cuda_scale_rows frnn_cuda_emu_scale_rows
#define frnn_cuda_split_columns frnn_cuda_emu_split_columns
#define frnn_cuda_sum_of_squares frnn_cuda_emu_sum_of_squares
#define frnn_cuda_synchronize frnn_cuda_emu_synchronize

#endif /* FUSEDRNN_FRNN_CUDA_EMU_H */

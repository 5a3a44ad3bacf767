package dev.fusedrnn.jni;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Opaque;

/**
 * The frnn_cuda ABI as instance methods, so that one {@link CudaBackend} runs over either library: the
 * real one ({@link #REAL}, {@link FrnnCudaLib}) or the host emulation ({@link #EMULATED},
 * {@link FrnnCudaEmuLib}). The method names and arguments are frnn.h's; see there. Each constant's first
 * use loads its library (a {@link LinkageError} when it cannot).
 */
interface CudaApi {

    /** frnn_cuda_context: a stream and a device workspace, one caller at a time. */
    @Opaque
    @Name("frnn_cuda_context")
    final class Context extends Pointer {
        /** An empty handle for frnn_cuda_context_create to fill. */
        public Context() { super((Pointer) null); }
    }

    /** The library's name for messages: "cuda" or "cuda-emulated". */
    String backendName();

    String frnn_cuda_last_error();

    String frnn_cuda_architectures();

    int frnn_cuda_query(int[] deviceCount, byte[] reason, int reasonLen);

    int frnn_cuda_context_create(CudaApi.Context out);

    void frnn_cuda_context_destroy(CudaApi.Context ctx);

    int frnn_cuda_synchronize(CudaApi.Context ctx);

    int frnn_cuda_malloc(long floats, FloatPointer out);

    int frnn_cuda_free(FloatPointer p);

    int frnn_cuda_memory_info(long[] freeBytes, long[] totalBytes);

    int frnn_cuda_copy_to_device(FloatPointer dst, float[] src, long n);

    int frnn_cuda_copy_to_host(float[] dst, FloatPointer src, long n);

    int frnn_cuda_fill(CudaApi.Context ctx, long n, float value, FloatPointer x);

    int frnn_cuda_gemm(CudaApi.Context ctx, int transA, int transB, long m, long n, long k, float alpha, FloatPointer a, long lda, FloatPointer b, long ldb, float beta, FloatPointer c, long ldc);

    int frnn_cuda_gemm_engine(CudaApi.Context ctx, int engine, int transA, int transB, long m, long n, long k, float alpha, FloatPointer a, long lda, FloatPointer b, long ldb, float beta, FloatPointer c, long ldc);

    int frnn_cuda_gemm_engine_for(long m, long n, long k);

    int frnn_cuda_runtime_info(byte[] text, int textLen);

    long frnn_cuda_rnn_tape_floats(FrnnLib.RnnDesc desc, int batch, int time);

    int frnn_cuda_rnn_forward(CudaApi.Context ctx, FrnnLib.RnnDesc desc, FrnnLib.RnnTensors t, FloatPointer tape);

    int frnn_cuda_rnn_backward(CudaApi.Context ctx, FrnnLib.RnnDesc desc, FrnnLib.RnnTensors t, FloatPointer tape, FrnnLib.RnnGrads g);

    int frnn_cuda_dense_forward(CudaApi.Context ctx, long rows, long in, long out, FloatPointer x, FloatPointer kernel, FloatPointer bias, int activation, FloatPointer y);

    int frnn_cuda_dense_backward(CudaApi.Context ctx, long rows, long in, long out, FloatPointer x, FloatPointer y, FloatPointer dy, FloatPointer kernel, int activation, FloatPointer dx, FloatPointer dKernel, FloatPointer dBias);

    int frnn_cuda_embedding_forward(CudaApi.Context ctx, long count, FloatPointer ids, FloatPointer table, long vocab, long dim, FloatPointer out);

    int frnn_cuda_embedding_backward(CudaApi.Context ctx, long count, FloatPointer ids, FloatPointer dOut, long vocab, long dim, FloatPointer dTable);

    int frnn_cuda_not_equal_mask(CudaApi.Context ctx, long rows, long cols, FloatPointer x, double value, FloatPointer mask);

    int frnn_cuda_scale_rows(CudaApi.Context ctx, long rows, long cols, FloatPointer x, FloatPointer s, FloatPointer out);

    int frnn_cuda_multiply(CudaApi.Context ctx, long n, FloatPointer a, FloatPointer b, FloatPointer out);

    int frnn_cuda_axpby(CudaApi.Context ctx, long n, double alpha, FloatPointer a, double beta, FloatPointer b, FloatPointer out);

    int frnn_cuda_reverse_time(CudaApi.Context ctx, long batch, long time, long features, FloatPointer x, FloatPointer out);

    int frnn_cuda_concat_columns(CudaApi.Context ctx, long rows, long ka, long kb, FloatPointer a, FloatPointer b, FloatPointer out);

    int frnn_cuda_split_columns(CudaApi.Context ctx, long rows, long ka, long kb, FloatPointer in, FloatPointer a, FloatPointer b);

    int frnn_cuda_loss(CudaApi.Context ctx, int kind, long rows, long cols, FloatPointer pred, FloatPointer target, FloatPointer weights, FloatPointer dPred, double[] loss);

    int frnn_cuda_metric(CudaApi.Context ctx, int kind, long rows, long cols, FloatPointer pred, FloatPointer target, FloatPointer weights, double[] result);

    int frnn_cuda_sum_of_squares(CudaApi.Context ctx, long n, FloatPointer x, double[] result);

    int frnn_cuda_clip(CudaApi.Context ctx, long n, double lo, double hi, FloatPointer x);

    int frnn_cuda_optimizer_step(CudaApi.Context ctx, int kind, double learningRate, double beta1, double beta2, double epsilon, double momentum, int nesterov, double rho, long n, FloatPointer params, FloatPointer grads, FloatPointer state, long iteration);

    CudaApi REAL = new CudaApi() {
        @Override public String backendName() { return "cuda"; }
        @Override public String frnn_cuda_last_error() { return FrnnCudaLib.frnn_cuda_last_error(); }
        @Override public String frnn_cuda_architectures() { return FrnnCudaLib.frnn_cuda_architectures(); }
        @Override public int frnn_cuda_query(int[] deviceCount, byte[] reason, int reasonLen) { return FrnnCudaLib.frnn_cuda_query(deviceCount, reason, reasonLen); }
        @Override public int frnn_cuda_context_create(CudaApi.Context out) { return FrnnCudaLib.frnn_cuda_context_create(out); }
        @Override public void frnn_cuda_context_destroy(CudaApi.Context ctx) { FrnnCudaLib.frnn_cuda_context_destroy(ctx); }
        @Override public int frnn_cuda_synchronize(CudaApi.Context ctx) { return FrnnCudaLib.frnn_cuda_synchronize(ctx); }
        @Override public int frnn_cuda_malloc(long floats, FloatPointer out) { return FrnnCudaLib.frnn_cuda_malloc(floats, out); }
        @Override public int frnn_cuda_free(FloatPointer p) { return FrnnCudaLib.frnn_cuda_free(p); }
        @Override public int frnn_cuda_memory_info(long[] freeBytes, long[] totalBytes) { return FrnnCudaLib.frnn_cuda_memory_info(freeBytes, totalBytes); }
        @Override public int frnn_cuda_copy_to_device(FloatPointer dst, float[] src, long n) { return FrnnCudaLib.frnn_cuda_copy_to_device(dst, src, n); }
        @Override public int frnn_cuda_copy_to_host(float[] dst, FloatPointer src, long n) { return FrnnCudaLib.frnn_cuda_copy_to_host(dst, src, n); }
        @Override public int frnn_cuda_fill(CudaApi.Context ctx, long n, float value, FloatPointer x) { return FrnnCudaLib.frnn_cuda_fill(ctx, n, value, x); }
        @Override public int frnn_cuda_gemm(CudaApi.Context ctx, int transA, int transB, long m, long n, long k, float alpha, FloatPointer a, long lda, FloatPointer b, long ldb, float beta, FloatPointer c, long ldc) { return FrnnCudaLib.frnn_cuda_gemm(ctx, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
        @Override public int frnn_cuda_gemm_engine(CudaApi.Context ctx, int engine, int transA, int transB, long m, long n, long k, float alpha, FloatPointer a, long lda, FloatPointer b, long ldb, float beta, FloatPointer c, long ldc) { return FrnnCudaLib.frnn_cuda_gemm_engine(ctx, engine, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
        @Override public int frnn_cuda_gemm_engine_for(long m, long n, long k) { return FrnnCudaLib.frnn_cuda_gemm_engine_for(m, n, k); }
        @Override public int frnn_cuda_runtime_info(byte[] text, int textLen) { return FrnnCudaLib.frnn_cuda_runtime_info(text, textLen); }
        @Override public long frnn_cuda_rnn_tape_floats(FrnnLib.RnnDesc desc, int batch, int time) { return FrnnCudaLib.frnn_cuda_rnn_tape_floats(desc, batch, time); }
        @Override public int frnn_cuda_rnn_forward(CudaApi.Context ctx, FrnnLib.RnnDesc desc, FrnnLib.RnnTensors t, FloatPointer tape) { return FrnnCudaLib.frnn_cuda_rnn_forward(ctx, desc, t, tape); }
        @Override public int frnn_cuda_rnn_backward(CudaApi.Context ctx, FrnnLib.RnnDesc desc, FrnnLib.RnnTensors t, FloatPointer tape, FrnnLib.RnnGrads g) { return FrnnCudaLib.frnn_cuda_rnn_backward(ctx, desc, t, tape, g); }
        @Override public int frnn_cuda_dense_forward(CudaApi.Context ctx, long rows, long in, long out, FloatPointer x, FloatPointer kernel, FloatPointer bias, int activation, FloatPointer y) { return FrnnCudaLib.frnn_cuda_dense_forward(ctx, rows, in, out, x, kernel, bias, activation, y); }
        @Override public int frnn_cuda_dense_backward(CudaApi.Context ctx, long rows, long in, long out, FloatPointer x, FloatPointer y, FloatPointer dy, FloatPointer kernel, int activation, FloatPointer dx, FloatPointer dKernel, FloatPointer dBias) { return FrnnCudaLib.frnn_cuda_dense_backward(ctx, rows, in, out, x, y, dy, kernel, activation, dx, dKernel, dBias); }
        @Override public int frnn_cuda_embedding_forward(CudaApi.Context ctx, long count, FloatPointer ids, FloatPointer table, long vocab, long dim, FloatPointer out) { return FrnnCudaLib.frnn_cuda_embedding_forward(ctx, count, ids, table, vocab, dim, out); }
        @Override public int frnn_cuda_embedding_backward(CudaApi.Context ctx, long count, FloatPointer ids, FloatPointer dOut, long vocab, long dim, FloatPointer dTable) { return FrnnCudaLib.frnn_cuda_embedding_backward(ctx, count, ids, dOut, vocab, dim, dTable); }
        @Override public int frnn_cuda_not_equal_mask(CudaApi.Context ctx, long rows, long cols, FloatPointer x, double value, FloatPointer mask) { return FrnnCudaLib.frnn_cuda_not_equal_mask(ctx, rows, cols, x, value, mask); }
        @Override public int frnn_cuda_scale_rows(CudaApi.Context ctx, long rows, long cols, FloatPointer x, FloatPointer s, FloatPointer out) { return FrnnCudaLib.frnn_cuda_scale_rows(ctx, rows, cols, x, s, out); }
        @Override public int frnn_cuda_multiply(CudaApi.Context ctx, long n, FloatPointer a, FloatPointer b, FloatPointer out) { return FrnnCudaLib.frnn_cuda_multiply(ctx, n, a, b, out); }
        @Override public int frnn_cuda_axpby(CudaApi.Context ctx, long n, double alpha, FloatPointer a, double beta, FloatPointer b, FloatPointer out) { return FrnnCudaLib.frnn_cuda_axpby(ctx, n, alpha, a, beta, b, out); }
        @Override public int frnn_cuda_reverse_time(CudaApi.Context ctx, long batch, long time, long features, FloatPointer x, FloatPointer out) { return FrnnCudaLib.frnn_cuda_reverse_time(ctx, batch, time, features, x, out); }
        @Override public int frnn_cuda_concat_columns(CudaApi.Context ctx, long rows, long ka, long kb, FloatPointer a, FloatPointer b, FloatPointer out) { return FrnnCudaLib.frnn_cuda_concat_columns(ctx, rows, ka, kb, a, b, out); }
        @Override public int frnn_cuda_split_columns(CudaApi.Context ctx, long rows, long ka, long kb, FloatPointer in, FloatPointer a, FloatPointer b) { return FrnnCudaLib.frnn_cuda_split_columns(ctx, rows, ka, kb, in, a, b); }
        @Override public int frnn_cuda_loss(CudaApi.Context ctx, int kind, long rows, long cols, FloatPointer pred, FloatPointer target, FloatPointer weights, FloatPointer dPred, double[] loss) { return FrnnCudaLib.frnn_cuda_loss(ctx, kind, rows, cols, pred, target, weights, dPred, loss); }
        @Override public int frnn_cuda_metric(CudaApi.Context ctx, int kind, long rows, long cols, FloatPointer pred, FloatPointer target, FloatPointer weights, double[] result) { return FrnnCudaLib.frnn_cuda_metric(ctx, kind, rows, cols, pred, target, weights, result); }
        @Override public int frnn_cuda_sum_of_squares(CudaApi.Context ctx, long n, FloatPointer x, double[] result) { return FrnnCudaLib.frnn_cuda_sum_of_squares(ctx, n, x, result); }
        @Override public int frnn_cuda_clip(CudaApi.Context ctx, long n, double lo, double hi, FloatPointer x) { return FrnnCudaLib.frnn_cuda_clip(ctx, n, lo, hi, x); }
        @Override public int frnn_cuda_optimizer_step(CudaApi.Context ctx, int kind, double learningRate, double beta1, double beta2, double epsilon, double momentum, int nesterov, double rho, long n, FloatPointer params, FloatPointer grads, FloatPointer state, long iteration) { return FrnnCudaLib.frnn_cuda_optimizer_step(ctx, kind, learningRate, beta1, beta2, epsilon, momentum, nesterov, rho, n, params, grads, state, iteration); }
    };

    CudaApi EMULATED = new CudaApi() {
        @Override public String backendName() { return "cuda-emulated"; }
        @Override public String frnn_cuda_last_error() { return FrnnCudaEmuLib.frnn_cuda_last_error(); }
        @Override public String frnn_cuda_architectures() { return FrnnCudaEmuLib.frnn_cuda_architectures(); }
        @Override public int frnn_cuda_query(int[] deviceCount, byte[] reason, int reasonLen) { return FrnnCudaEmuLib.frnn_cuda_query(deviceCount, reason, reasonLen); }
        @Override public int frnn_cuda_context_create(CudaApi.Context out) { return FrnnCudaEmuLib.frnn_cuda_context_create(out); }
        @Override public void frnn_cuda_context_destroy(CudaApi.Context ctx) { FrnnCudaEmuLib.frnn_cuda_context_destroy(ctx); }
        @Override public int frnn_cuda_synchronize(CudaApi.Context ctx) { return FrnnCudaEmuLib.frnn_cuda_synchronize(ctx); }
        @Override public int frnn_cuda_malloc(long floats, FloatPointer out) { return FrnnCudaEmuLib.frnn_cuda_malloc(floats, out); }
        @Override public int frnn_cuda_free(FloatPointer p) { return FrnnCudaEmuLib.frnn_cuda_free(p); }
        @Override public int frnn_cuda_memory_info(long[] freeBytes, long[] totalBytes) { return FrnnCudaEmuLib.frnn_cuda_memory_info(freeBytes, totalBytes); }
        @Override public int frnn_cuda_copy_to_device(FloatPointer dst, float[] src, long n) { return FrnnCudaEmuLib.frnn_cuda_copy_to_device(dst, src, n); }
        @Override public int frnn_cuda_copy_to_host(float[] dst, FloatPointer src, long n) { return FrnnCudaEmuLib.frnn_cuda_copy_to_host(dst, src, n); }
        @Override public int frnn_cuda_fill(CudaApi.Context ctx, long n, float value, FloatPointer x) { return FrnnCudaEmuLib.frnn_cuda_fill(ctx, n, value, x); }
        @Override public int frnn_cuda_gemm(CudaApi.Context ctx, int transA, int transB, long m, long n, long k, float alpha, FloatPointer a, long lda, FloatPointer b, long ldb, float beta, FloatPointer c, long ldc) { return FrnnCudaEmuLib.frnn_cuda_gemm(ctx, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
        @Override public int frnn_cuda_gemm_engine(CudaApi.Context ctx, int engine, int transA, int transB, long m, long n, long k, float alpha, FloatPointer a, long lda, FloatPointer b, long ldb, float beta, FloatPointer c, long ldc) { return FrnnCudaEmuLib.frnn_cuda_gemm_engine(ctx, engine, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
        @Override public int frnn_cuda_gemm_engine_for(long m, long n, long k) { return FrnnCudaEmuLib.frnn_cuda_gemm_engine_for(m, n, k); }
        @Override public int frnn_cuda_runtime_info(byte[] text, int textLen) { return FrnnCudaEmuLib.frnn_cuda_runtime_info(text, textLen); }
        @Override public long frnn_cuda_rnn_tape_floats(FrnnLib.RnnDesc desc, int batch, int time) { return FrnnCudaEmuLib.frnn_cuda_rnn_tape_floats(desc, batch, time); }
        @Override public int frnn_cuda_rnn_forward(CudaApi.Context ctx, FrnnLib.RnnDesc desc, FrnnLib.RnnTensors t, FloatPointer tape) { return FrnnCudaEmuLib.frnn_cuda_rnn_forward(ctx, desc, t, tape); }
        @Override public int frnn_cuda_rnn_backward(CudaApi.Context ctx, FrnnLib.RnnDesc desc, FrnnLib.RnnTensors t, FloatPointer tape, FrnnLib.RnnGrads g) { return FrnnCudaEmuLib.frnn_cuda_rnn_backward(ctx, desc, t, tape, g); }
        @Override public int frnn_cuda_dense_forward(CudaApi.Context ctx, long rows, long in, long out, FloatPointer x, FloatPointer kernel, FloatPointer bias, int activation, FloatPointer y) { return FrnnCudaEmuLib.frnn_cuda_dense_forward(ctx, rows, in, out, x, kernel, bias, activation, y); }
        @Override public int frnn_cuda_dense_backward(CudaApi.Context ctx, long rows, long in, long out, FloatPointer x, FloatPointer y, FloatPointer dy, FloatPointer kernel, int activation, FloatPointer dx, FloatPointer dKernel, FloatPointer dBias) { return FrnnCudaEmuLib.frnn_cuda_dense_backward(ctx, rows, in, out, x, y, dy, kernel, activation, dx, dKernel, dBias); }
        @Override public int frnn_cuda_embedding_forward(CudaApi.Context ctx, long count, FloatPointer ids, FloatPointer table, long vocab, long dim, FloatPointer out) { return FrnnCudaEmuLib.frnn_cuda_embedding_forward(ctx, count, ids, table, vocab, dim, out); }
        @Override public int frnn_cuda_embedding_backward(CudaApi.Context ctx, long count, FloatPointer ids, FloatPointer dOut, long vocab, long dim, FloatPointer dTable) { return FrnnCudaEmuLib.frnn_cuda_embedding_backward(ctx, count, ids, dOut, vocab, dim, dTable); }
        @Override public int frnn_cuda_not_equal_mask(CudaApi.Context ctx, long rows, long cols, FloatPointer x, double value, FloatPointer mask) { return FrnnCudaEmuLib.frnn_cuda_not_equal_mask(ctx, rows, cols, x, value, mask); }
        @Override public int frnn_cuda_scale_rows(CudaApi.Context ctx, long rows, long cols, FloatPointer x, FloatPointer s, FloatPointer out) { return FrnnCudaEmuLib.frnn_cuda_scale_rows(ctx, rows, cols, x, s, out); }
        @Override public int frnn_cuda_multiply(CudaApi.Context ctx, long n, FloatPointer a, FloatPointer b, FloatPointer out) { return FrnnCudaEmuLib.frnn_cuda_multiply(ctx, n, a, b, out); }
        @Override public int frnn_cuda_axpby(CudaApi.Context ctx, long n, double alpha, FloatPointer a, double beta, FloatPointer b, FloatPointer out) { return FrnnCudaEmuLib.frnn_cuda_axpby(ctx, n, alpha, a, beta, b, out); }
        @Override public int frnn_cuda_reverse_time(CudaApi.Context ctx, long batch, long time, long features, FloatPointer x, FloatPointer out) { return FrnnCudaEmuLib.frnn_cuda_reverse_time(ctx, batch, time, features, x, out); }
        @Override public int frnn_cuda_concat_columns(CudaApi.Context ctx, long rows, long ka, long kb, FloatPointer a, FloatPointer b, FloatPointer out) { return FrnnCudaEmuLib.frnn_cuda_concat_columns(ctx, rows, ka, kb, a, b, out); }
        @Override public int frnn_cuda_split_columns(CudaApi.Context ctx, long rows, long ka, long kb, FloatPointer in, FloatPointer a, FloatPointer b) { return FrnnCudaEmuLib.frnn_cuda_split_columns(ctx, rows, ka, kb, in, a, b); }
        @Override public int frnn_cuda_loss(CudaApi.Context ctx, int kind, long rows, long cols, FloatPointer pred, FloatPointer target, FloatPointer weights, FloatPointer dPred, double[] loss) { return FrnnCudaEmuLib.frnn_cuda_loss(ctx, kind, rows, cols, pred, target, weights, dPred, loss); }
        @Override public int frnn_cuda_metric(CudaApi.Context ctx, int kind, long rows, long cols, FloatPointer pred, FloatPointer target, FloatPointer weights, double[] result) { return FrnnCudaEmuLib.frnn_cuda_metric(ctx, kind, rows, cols, pred, target, weights, result); }
        @Override public int frnn_cuda_sum_of_squares(CudaApi.Context ctx, long n, FloatPointer x, double[] result) { return FrnnCudaEmuLib.frnn_cuda_sum_of_squares(ctx, n, x, result); }
        @Override public int frnn_cuda_clip(CudaApi.Context ctx, long n, double lo, double hi, FloatPointer x) { return FrnnCudaEmuLib.frnn_cuda_clip(ctx, n, lo, hi, x); }
        @Override public int frnn_cuda_optimizer_step(CudaApi.Context ctx, int kind, double learningRate, double beta1, double beta2, double epsilon, double momentum, int nesterov, double rho, long n, FloatPointer params, FloatPointer grads, FloatPointer state, long iteration) { return FrnnCudaEmuLib.frnn_cuda_optimizer_step(ctx, kind, learningRate, beta1, beta2, epsilon, momentum, nesterov, rho, n, params, grads, state, iteration); }
    };
}

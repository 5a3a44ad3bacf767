package dev.fusedrnn.jni;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.ByPtrPtr;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Binding of {@code frnn_cuda_emu}: the CUDA library's own sources compiled as C++ and run on the host
 * (see native/src/core/cuda_emu.h). Its functions are frnn.h's {@code frnn_cuda_*}, exported as
 * {@code frnn_cuda_emu_*} (fusedrnn/frnn_cuda_emu.h renames them in the generated JNI code too), so this
 * binding and {@link FrnnCudaLib} can be loaded in one JVM. Always built. Device pointers are
 * {@link FloatPointer}s that Java never dereferences; status codes are {@link FrnnLib}'s.
 */
@Platform(include = {"fusedrnn/frnn_cuda_emu.h", "fusedrnn/frnn.h", "fusedrnn/frnn_cuda_emu_testing.h"}, link = "frnn_cuda_emu")
@NoException
public final class FrnnCudaEmuLib {
    static {
        Loader.load();
    }

    private FrnnCudaEmuLib() {}

    public static native String frnn_cuda_last_error();

    public static native String frnn_cuda_architectures();

    public static native int frnn_cuda_query(int[] deviceCount, @Cast("char*") byte[] reason, int reasonLen);

    public static native int frnn_cuda_context_create(@ByPtrPtr CudaApi.Context out);

    public static native void frnn_cuda_context_destroy(CudaApi.Context ctx);

    public static native int frnn_cuda_synchronize(CudaApi.Context ctx);

    public static native int frnn_cuda_malloc(long floats, @ByPtrPtr FloatPointer out);

    public static native int frnn_cuda_free(FloatPointer p);

    public static native int frnn_cuda_memory_info(@Cast("int64_t*") long[] freeBytes, @Cast("int64_t*") long[] totalBytes);

    public static native int frnn_cuda_copy_to_device(FloatPointer dst, @Const float[] src, long n);

    public static native int frnn_cuda_copy_to_host(float[] dst, @Const FloatPointer src, long n);

    public static native int frnn_cuda_fill(CudaApi.Context ctx, long n, float value, FloatPointer x);

    public static native int frnn_cuda_gemm(CudaApi.Context ctx, int transA, int transB, long m, long n, long k, float alpha, @Const FloatPointer a, long lda, @Const FloatPointer b, long ldb, float beta, FloatPointer c, long ldc);

    public static native int frnn_cuda_gemm_engine(CudaApi.Context ctx, int engine, int transA, int transB, long m, long n, long k, float alpha, @Const FloatPointer a, long lda, @Const FloatPointer b, long ldb, float beta, FloatPointer c, long ldc);

    public static native int frnn_cuda_gemm_engine_for(long m, long n, long k);

    public static native int frnn_cuda_runtime_info(@Cast("char*") byte[] text, int textLen);

    public static native long frnn_cuda_rnn_tape_floats(@Const FrnnLib.RnnDesc desc, int batch, int time);

    public static native int frnn_cuda_rnn_forward(CudaApi.Context ctx, @Const FrnnLib.RnnDesc desc, @Const FrnnLib.RnnTensors t, FloatPointer tape);

    public static native int frnn_cuda_rnn_backward(CudaApi.Context ctx, @Const FrnnLib.RnnDesc desc, @Const FrnnLib.RnnTensors t, @Const FloatPointer tape, @Const FrnnLib.RnnGrads g);

    public static native int frnn_cuda_dense_forward(CudaApi.Context ctx, long rows, long in, long out, @Const FloatPointer x, @Const FloatPointer kernel, @Const FloatPointer bias, int activation, FloatPointer y);

    public static native int frnn_cuda_dense_backward(CudaApi.Context ctx, long rows, long in, long out, @Const FloatPointer x, @Const FloatPointer y, @Const FloatPointer dy, @Const FloatPointer kernel, int activation, FloatPointer dx, FloatPointer dKernel, FloatPointer dBias);

    public static native int frnn_cuda_embedding_forward(CudaApi.Context ctx, long count, @Const FloatPointer ids, @Const FloatPointer table, long vocab, long dim, FloatPointer out);

    public static native int frnn_cuda_embedding_backward(CudaApi.Context ctx, long count, @Const FloatPointer ids, @Const FloatPointer dOut, long vocab, long dim, FloatPointer dTable);

    public static native int frnn_cuda_not_equal_mask(CudaApi.Context ctx, long rows, long cols, @Const FloatPointer x, double value, FloatPointer mask);

    public static native int frnn_cuda_scale_rows(CudaApi.Context ctx, long rows, long cols, @Const FloatPointer x, @Const FloatPointer s, FloatPointer out);

    public static native int frnn_cuda_multiply(CudaApi.Context ctx, long n, @Const FloatPointer a, @Const FloatPointer b, FloatPointer out);

    public static native int frnn_cuda_axpby(CudaApi.Context ctx, long n, double alpha, @Const FloatPointer a, double beta, @Const FloatPointer b, FloatPointer out);

    public static native int frnn_cuda_reverse_time(CudaApi.Context ctx, long batch, long time, long features, @Const FloatPointer x, FloatPointer out);

    public static native int frnn_cuda_concat_columns(CudaApi.Context ctx, long rows, long ka, long kb, @Const FloatPointer a, @Const FloatPointer b, FloatPointer out);

    public static native int frnn_cuda_split_columns(CudaApi.Context ctx, long rows, long ka, long kb, @Const FloatPointer in, FloatPointer a, FloatPointer b);

    public static native int frnn_cuda_loss(CudaApi.Context ctx, int kind, long rows, long cols, @Const FloatPointer pred, @Const FloatPointer target, @Const FloatPointer weights, FloatPointer dPred, double[] loss);

    public static native int frnn_cuda_metric(CudaApi.Context ctx, int kind, long rows, long cols, @Const FloatPointer pred, @Const FloatPointer target, @Const FloatPointer weights, double[] result);

    public static native int frnn_cuda_sum_of_squares(CudaApi.Context ctx, long n, @Const FloatPointer x, double[] result);

    public static native int frnn_cuda_clip(CudaApi.Context ctx, long n, double lo, double hi, FloatPointer x);

    public static native int frnn_cuda_optimizer_step(CudaApi.Context ctx, int kind, double learningRate, double beta1, double beta2, double epsilon, double momentum, int nesterov, double rho, long n, FloatPointer params, @Const FloatPointer grads, FloatPointer state, long iteration);

    /**
     * Test hook of the emulated library only (fusedrnn/frnn_cuda_emu_testing.h): makes its emulated CUDA
     * runtime fail at the {@code after}+1-th matching event ("launch", "launch:NAME", "copy", "malloc",
     * "sync", "cublas") with cudaError_t {@code error}, once or ({@code sticky = 1}) from then on; a null
     * event clears the fault.
     */
    public static native int frnn_cuda_emu_inject_fault(String event, long after, int error, int sticky);

    /**
     * Test hook of the emulated library only: how often its emulated CUDA runtime made a kind of call since
     * the process started ("copy_h2d", "sync", "malloc", "malloc_async", "pool_grow"; see
     * fusedrnn/frnn_cuda_emu_testing.h), or -1 for an unknown name.
     */
    public static native long frnn_cuda_emu_count(String counter);
}

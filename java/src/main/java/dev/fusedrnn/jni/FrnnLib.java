package dev.fusedrnn.jni;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByPtrPtr;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Opaque;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Binding of the {@code frnn_cpu} library: the host functions of {@code native/include/fusedrnn/frnn.h},
 * one Java method per C function with the same name. Shapes, memory spaces and aliasing rules are
 * documented in the header. The native functions never throw, so the wrappers carry no exception
 * handling ({@code @NoException}); failures come back as {@code FRNN_*} status codes, with the message
 * in {@link #frnn_last_error()}.
 *
 * <p>The first use of this class loads the native library and throws a {@link LinkageError} when it
 * cannot; {@link NativeLibraries#cpu()} turns that into a status.
 *
 * <p>Memory: every {@code FloatPointer} argument is host memory; JavaCPP passes its address plus its
 * position, which is how {@link NativeBuffer} slices reach native code without copies. The C structs of
 * the recurrent ABI are mapped field for field by {@link RnnDesc}, {@link RnnTensors} and {@link RnnGrads};
 * their pointer fields are set from such views before each call and are not retained by the library
 * (JavaCPP maps a field by a getter and setter pair of its name).
 */
@Platform(include = "fusedrnn/frnn.h", link = "frnn_cpu")
@NoException
public final class FrnnLib {
    static {
        Loader.load();
    }

    private FrnnLib() {}

    // Status codes and ids, read from the header at build time (one source of truth).
    @MemberGetter public static native int FRNN_OK();
    @MemberGetter public static native int FRNN_ERR_ARGUMENT();
    @MemberGetter public static native int FRNN_ERR_UNSUPPORTED();
    @MemberGetter public static native int FRNN_ERR_CUDA();
    @MemberGetter public static native int FRNN_ERR_OUT_OF_MEMORY();
    @MemberGetter public static native int FRNN_ERR_INTERNAL();
    @MemberGetter public static native int FRNN_ACT_LINEAR();
    @MemberGetter public static native int FRNN_ACT_TANH();
    @MemberGetter public static native int FRNN_ACT_SIGMOID();
    @MemberGetter public static native int FRNN_ACT_RELU();
    @MemberGetter public static native int FRNN_ACT_HARD_SIGMOID_KERAS2();
    @MemberGetter public static native int FRNN_ACT_HARD_SIGMOID_KERAS3();
    @MemberGetter public static native int FRNN_CPU_FEATURE_BITS();
    @MemberGetter public static native int FRNN_CELL_SIMPLE_RNN();
    @MemberGetter public static native int FRNN_CELL_LSTM();
    @MemberGetter public static native int FRNN_CELL_GRU();
    @MemberGetter public static native int FRNN_DENSE_SOFTMAX();
    @MemberGetter public static native int FRNN_LOSS_MSE();
    @MemberGetter public static native int FRNN_LOSS_MAE();
    @MemberGetter public static native int FRNN_LOSS_BINARY_CROSSENTROPY();
    @MemberGetter public static native int FRNN_LOSS_CATEGORICAL_CROSSENTROPY();
    @MemberGetter public static native int FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY();
    @MemberGetter public static native int FRNN_METRIC_BINARY_ACCURACY();
    @MemberGetter public static native int FRNN_METRIC_CATEGORICAL_ACCURACY();
    @MemberGetter public static native int FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY();
    @MemberGetter public static native int FRNN_METRIC_MAE();
    @MemberGetter public static native int FRNN_METRIC_MSE();
    @MemberGetter public static native int FRNN_OPT_SGD();
    @MemberGetter public static native int FRNN_OPT_ADAM();
    @MemberGetter public static native int FRNN_OPT_RMSPROP();

    public static final int FRNN_OK = FRNN_OK();
    public static final int FRNN_ERR_ARGUMENT = FRNN_ERR_ARGUMENT();
    public static final int FRNN_ERR_UNSUPPORTED = FRNN_ERR_UNSUPPORTED();
    public static final int FRNN_ERR_CUDA = FRNN_ERR_CUDA();
    public static final int FRNN_ERR_OUT_OF_MEMORY = FRNN_ERR_OUT_OF_MEMORY();
    public static final int FRNN_ERR_INTERNAL = FRNN_ERR_INTERNAL();
    public static final int FRNN_ACT_LINEAR = FRNN_ACT_LINEAR();
    public static final int FRNN_ACT_TANH = FRNN_ACT_TANH();
    public static final int FRNN_ACT_SIGMOID = FRNN_ACT_SIGMOID();
    public static final int FRNN_ACT_RELU = FRNN_ACT_RELU();
    public static final int FRNN_ACT_HARD_SIGMOID_KERAS2 = FRNN_ACT_HARD_SIGMOID_KERAS2();
    public static final int FRNN_ACT_HARD_SIGMOID_KERAS3 = FRNN_ACT_HARD_SIGMOID_KERAS3();
    public static final int FRNN_CPU_FEATURE_BITS = FRNN_CPU_FEATURE_BITS();
    public static final int FRNN_CELL_SIMPLE_RNN = FRNN_CELL_SIMPLE_RNN();
    public static final int FRNN_CELL_LSTM = FRNN_CELL_LSTM();
    public static final int FRNN_CELL_GRU = FRNN_CELL_GRU();
    public static final int FRNN_DENSE_SOFTMAX = FRNN_DENSE_SOFTMAX();
    public static final int FRNN_LOSS_MSE = FRNN_LOSS_MSE();
    public static final int FRNN_LOSS_MAE = FRNN_LOSS_MAE();
    public static final int FRNN_LOSS_BINARY_CROSSENTROPY = FRNN_LOSS_BINARY_CROSSENTROPY();
    public static final int FRNN_LOSS_CATEGORICAL_CROSSENTROPY = FRNN_LOSS_CATEGORICAL_CROSSENTROPY();
    public static final int FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY = FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY();
    public static final int FRNN_METRIC_BINARY_ACCURACY = FRNN_METRIC_BINARY_ACCURACY();
    public static final int FRNN_METRIC_CATEGORICAL_ACCURACY = FRNN_METRIC_CATEGORICAL_ACCURACY();
    public static final int FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY = FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY();
    public static final int FRNN_METRIC_MAE = FRNN_METRIC_MAE();
    public static final int FRNN_METRIC_MSE = FRNN_METRIC_MSE();
    public static final int FRNN_OPT_SGD = FRNN_OPT_SGD();
    public static final int FRNN_OPT_ADAM = FRNN_OPT_ADAM();
    public static final int FRNN_OPT_RMSPROP = FRNN_OPT_RMSPROP();

    public static native String frnn_version();

    /** "built for ..." or "not built: ..." (see frnn.h). */
    public static native String frnn_cuda_build_info();

    public static native String frnn_last_error();

    public static native int frnn_cpu_features();

    /** The /proc/cpuinfo name of one FRNN_CPU_* bit, or null. */
    public static native String frnn_cpu_feature_name(int featureBit);

    /** Host arrays: JNI copies them in and {@code y} back out; arrays of length ≥ n, or null when n is 0. */
    public static native int frnn_activation_forward(int activation, long n, @Const float[] x, float[] y);

    /** Host native memory of at least n floats each; no copies. */
    public static native int frnn_activation_forward(int activation, long n, @Const FloatPointer x, FloatPointer y);

    // ---------------------------------------------------------------- contexts

    /** frnn_context: threads and workspace, one caller at a time (see frnn.h). */
    @Opaque
    @Name("frnn_context")
    public static final class Context extends Pointer {
        /** An empty handle for {@link #frnn_context_create} to fill. */
        public Context() { super((Pointer) null); }
    }

    /** {@code out} receives the new context's address. */
    public static native int frnn_context_create(int numThreads, @ByPtrPtr Context out);

    public static native void frnn_context_destroy(Context ctx);

    public static native int frnn_context_num_threads(@Const Context ctx);

    /** "avx512", "avx2" or "scalar". */
    public static native String frnn_cpu_isa();

    // ---------------------------------------------------------------- recurrent layers

    /** frnn_rnn_desc, field for field. */
    @Name("frnn_rnn_desc")
    public static final class RnnDesc extends Pointer {
        static { Loader.load(); }
        public RnnDesc() { allocate(); }
        private native void allocate();
        public native int cell(); public native RnnDesc cell(int v);
        public native int input_size(); public native RnnDesc input_size(int v);
        public native int units(); public native RnnDesc units(int v);
        public native int activation(); public native RnnDesc activation(int v);
        public native int recurrent_activation(); public native RnnDesc recurrent_activation(int v);
        public native int reset_after(); public native RnnDesc reset_after(int v);
        public native int go_backwards(); public native RnnDesc go_backwards(int v);
        public native int return_sequences(); public native RnnDesc return_sequences(int v);
        public native int zero_output_for_mask(); public native RnnDesc zero_output_for_mask(int v);
    }

    /** frnn_rnn_tensors, field for field; pointers are host memory (null where optional). */
    @Name("frnn_rnn_tensors")
    public static final class RnnTensors extends Pointer {
        static { Loader.load(); }
        public RnnTensors() { allocate(); }
        private native void allocate();
        public native int batch(); public native RnnTensors batch(int v);
        public native int time(); public native RnnTensors time(int v);
        @Cast("const float*") public native FloatPointer x();
        public native RnnTensors x(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer mask();
        public native RnnTensors mask(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer h0();
        public native RnnTensors h0(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer c0();
        public native RnnTensors c0(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer kernel();
        public native RnnTensors kernel(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer recurrent_kernel();
        public native RnnTensors recurrent_kernel(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer bias();
        public native RnnTensors bias(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer input_dropout();
        public native RnnTensors input_dropout(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer recurrent_dropout();
        public native RnnTensors recurrent_dropout(@Cast("const float*") FloatPointer p);
        public native FloatPointer output();
        public native RnnTensors output(FloatPointer p);
        public native FloatPointer h_last();
        public native RnnTensors h_last(FloatPointer p);
        public native FloatPointer c_last();
        public native RnnTensors c_last(FloatPointer p);
    }

    /** frnn_rnn_grads, field for field. */
    @Name("frnn_rnn_grads")
    public static final class RnnGrads extends Pointer {
        static { Loader.load(); }
        public RnnGrads() { allocate(); }
        private native void allocate();
        @Cast("const float*") public native FloatPointer d_output();
        public native RnnGrads d_output(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer d_h_last();
        public native RnnGrads d_h_last(@Cast("const float*") FloatPointer p);
        @Cast("const float*") public native FloatPointer d_c_last();
        public native RnnGrads d_c_last(@Cast("const float*") FloatPointer p);
        public native FloatPointer dx();
        public native RnnGrads dx(FloatPointer p);
        public native FloatPointer d_kernel();
        public native RnnGrads d_kernel(FloatPointer p);
        public native FloatPointer d_recurrent_kernel();
        public native RnnGrads d_recurrent_kernel(FloatPointer p);
        public native FloatPointer d_bias();
        public native RnnGrads d_bias(FloatPointer p);
        public native FloatPointer dh0();
        public native RnnGrads dh0(FloatPointer p);
        public native FloatPointer dc0();
        public native RnnGrads dc0(FloatPointer p);
    }

    public static native long frnn_rnn_tape_floats(@Const RnnDesc desc, int batch, int time);

    /** tape: null for inference. */
    public static native int frnn_rnn_forward(Context ctx, @Const RnnDesc desc, @Const RnnTensors t, FloatPointer tape);

    public static native int frnn_rnn_backward(Context ctx, @Const RnnDesc desc, @Const RnnTensors t,
                                               @Const FloatPointer tape, @Const RnnGrads g);

    // ---------------------------------------------------------------- dense, embedding, element-wise, losses, optimizers
    // Host memory throughout; null FloatPointers stand for NULL where frnn.h allows it.

    public static native int frnn_dense_forward(Context ctx, long rows, long in, long out, @Const FloatPointer x,
                                                @Const FloatPointer kernel, @Const FloatPointer bias, int activation,
                                                FloatPointer y);

    public static native int frnn_dense_backward(Context ctx, long rows, long in, long out, @Const FloatPointer x,
                                                 @Const FloatPointer y, @Const FloatPointer dy,
                                                 @Const FloatPointer kernel, int activation, FloatPointer dx,
                                                 FloatPointer dKernel, FloatPointer dBias);

    public static native int frnn_embedding_forward(long count, @Const FloatPointer ids, @Const FloatPointer table,
                                                    long vocab, long dim, FloatPointer out);

    public static native int frnn_embedding_backward(long count, @Const FloatPointer ids, @Const FloatPointer dOut,
                                                     long vocab, long dim, FloatPointer dTable);

    public static native int frnn_fill(long n, float value, FloatPointer x);

    public static native int frnn_not_equal_mask(long rows, long cols, @Const FloatPointer x, double value,
                                                 FloatPointer mask);

    public static native int frnn_scale_rows(long rows, long cols, @Const FloatPointer x, @Const FloatPointer s,
                                             FloatPointer out);

    public static native int frnn_multiply(long n, @Const FloatPointer a, @Const FloatPointer b, FloatPointer out);

    public static native int frnn_axpby(long n, double alpha, @Const FloatPointer a, double beta,
                                        @Const FloatPointer b, FloatPointer out);

    public static native int frnn_reverse_time(long batch, long time, long features, @Const FloatPointer x,
                                               FloatPointer out);

    public static native int frnn_concat_columns(long rows, long ka, long kb, @Const FloatPointer a,
                                                 @Const FloatPointer b, FloatPointer out);

    public static native int frnn_split_columns(long rows, long ka, long kb, @Const FloatPointer in, FloatPointer a,
                                                FloatPointer b);

    /** loss: one double, written. */
    public static native int frnn_loss(int kind, long rows, long cols, @Const FloatPointer pred,
                                       @Const FloatPointer target, @Const FloatPointer weights, FloatPointer dPred,
                                       double[] loss);

    /** result: two doubles, written. */
    public static native int frnn_metric(int kind, long rows, long cols, @Const FloatPointer pred,
                                         @Const FloatPointer target, @Const FloatPointer weights, double[] result);

    public static native int frnn_sum_of_squares(long n, @Const FloatPointer x, double[] result);

    public static native int frnn_clip(long n, double lo, double hi, FloatPointer x);

    public static native int frnn_optimizer_step(int kind, double learningRate, double beta1, double beta2,
                                                 double epsilon, double momentum, int nesterov, double rho, long n,
                                                 FloatPointer params, @Const FloatPointer grads, FloatPointer state,
                                                 long iteration);
}

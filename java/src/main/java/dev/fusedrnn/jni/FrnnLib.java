package dev.fusedrnn.jni;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.NoException;
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
}

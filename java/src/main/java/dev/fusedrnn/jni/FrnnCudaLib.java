package dev.fusedrnn.jni;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Binding of the {@code frnn_cuda} library: the {@code frnn_cuda_*} functions of
 * {@code native/include/fusedrnn/frnn.h}. Its JNI library exists only in builds that compiled the CUDA
 * library (see java/pom.xml); elsewhere, and on machines where it cannot load, the first use of this
 * class throws a {@link LinkageError}, which {@link NativeLibraries#cuda()} reports as a reason.
 * Status codes are {@link FrnnLib}'s.
 */
@Platform(include = "fusedrnn/frnn.h", link = "frnn_cuda")
@NoException
public final class FrnnCudaLib {
    static {
        Loader.load();
    }

    private FrnnCudaLib() {}

    public static native String frnn_cuda_last_error();

    public static native String frnn_cuda_architectures();

    /** deviceCount: one int, written; reason: NUL-terminated text, written, of capacity reasonLen. */
    public static native int frnn_cuda_query(int[] deviceCount, @Cast("char*") byte[] reason, int reasonLen);

    /** x and y are device addresses (cudaMalloc) of at least n floats. */
    public static native int frnn_cuda_activation_forward(int activation, long n, @Cast("const float*") long x,
                                                          @Cast("float*") long y);
}

package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the native libraries load on this machine, what they offer, and why not when they don't.
 * The first call of {@link #cpu()} or {@link #cuda()} loads the library; the outcome is kept for the
 * life of the JVM. An absent or unloadable library is an expected state, reported as a status with a
 * reason, never as an exception or a stack trace.
 */
public final class NativeLibraries {

    /**
     * The CPU library: {@code loaded}, or the {@code reason} it is not; its {@code version} and the CPU
     * {@code features} it detected, by their /proc/cpuinfo names ("avx2", "fma", "avx512f", ...).
     */
    public record CpuStatus(boolean loaded, String reason, String version, List<String> features) {
        /** The features separated by spaces, e.g. "avx2 fma avx512f". */
        public String featureString() {
            return String.join(" ", features);
        }
    }

    /**
     * The CUDA library: {@code loaded} (its binding works), {@code available} (it can run kernels on
     * at least one of {@code deviceCount} devices); {@code reason} says why not when unavailable,
     * {@code device} describes device 0 when available; {@code architectures} are the compiled GPU
     * architectures ("" when not loaded).
     */
    public record CudaStatus(boolean loaded, boolean available, int deviceCount, String reason, String device,
                             String architectures) {}

    private static final int REASON_CAPACITY = 1024;

    private static CpuStatus cpu;
    private static CudaStatus cuda;

    private NativeLibraries() {}

    /** Loads the CPU library on first use; never throws. */
    public static synchronized CpuStatus cpu() {
        if (cpu == null) cpu = loadCpu();
        return cpu;
    }

    /** Loads the CUDA library and queries the devices on first use; never throws. */
    public static synchronized CudaStatus cuda() {
        if (cuda == null) cuda = loadCuda();
        return cuda;
    }

    /**
     * {@code y[i] = a(x[i])} in float32 by the native CPU kernel.
     *
     * @throws NullPointerException     when {@code a} or {@code x} is null
     * @throws IllegalArgumentException for {@link Activation#SOFTMAX}, which is not element-wise
     * @throws IllegalStateException    when the CPU library is not loaded (with the reason)
     * @throws FrnnException            when the native call fails (with the native message)
     */
    public static float[] activation(Activation a, float[] x) {
        if (a == null) throw new NullPointerException("activation is null; expected one of " + elementwiseNames());
        if (x == null) throw new NullPointerException("x is null; expected a float[] of inputs");
        if (a == Activation.SOFTMAX) {
            throw new IllegalArgumentException("activation SOFTMAX is row-wise, not element-wise; expected one of "
                    + elementwiseNames());
        }
        CpuStatus status = cpu();
        if (!status.loaded()) {
            throw new IllegalStateException("native CPU library not loaded: " + status.reason());
        }
        float[] y = new float[x.length];
        throwIfError(FrnnLib.frnn_activation_forward(nativeId(a), x.length, x, y));
        return y;
    }

    /** Throws {@link FrnnException} with frnn_cpu's last error when {@code status} is not FRNN_OK. */
    static void throwIfError(int status) {
        if (status != FrnnLib.FRNN_OK) throw new FrnnException(status, FrnnLib.frnn_last_error());
    }

    /** The frnn_activation id of an element-wise activation (loads the CPU library). */
    static int nativeId(Activation a) {
        switch (a) {
            case LINEAR: return FrnnLib.FRNN_ACT_LINEAR;
            case TANH: return FrnnLib.FRNN_ACT_TANH;
            case SIGMOID: return FrnnLib.FRNN_ACT_SIGMOID;
            case RELU: return FrnnLib.FRNN_ACT_RELU;
            case HARD_SIGMOID_KERAS2: return FrnnLib.FRNN_ACT_HARD_SIGMOID_KERAS2;
            case HARD_SIGMOID_KERAS3: return FrnnLib.FRNN_ACT_HARD_SIGMOID_KERAS3;
            default:
                throw new IllegalArgumentException("activation " + a + " has no native id; expected one of "
                        + elementwiseNames());
        }
    }

    private static String elementwiseNames() {
        return "LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID_KERAS2, HARD_SIGMOID_KERAS3";
    }

    private static CpuStatus loadCpu() {
        try {
            String version = FrnnLib.frnn_version();
            int mask = FrnnLib.frnn_cpu_features();
            List<String> features = new ArrayList<>();
            for (int bit = 0; bit < FrnnLib.FRNN_CPU_FEATURE_BITS; bit++) {
                if ((mask & (1 << bit)) != 0) features.add(FrnnLib.frnn_cpu_feature_name(1 << bit));
            }
            return new CpuStatus(true, "", version, List.copyOf(features));
        } catch (LinkageError e) {
            return new CpuStatus(false, "CPU library failed to load: " + describe(e), "", List.of());
        }
    }

    private static CudaStatus loadCuda() {
        // The CPU library knows how the build was configured: when it says the CUDA library was not
        // built, that is the reason (and a stale CUDA library from another build is not tried).
        CpuStatus host = cpu();
        if (host.loaded()) {
            String info = FrnnLib.frnn_cuda_build_info();
            if (info.startsWith("not built")) return unavailable(false, "CUDA library " + info);
        }
        String architectures;
        try {
            architectures = FrnnCudaLib.frnn_cuda_architectures();
        } catch (LinkageError e) {
            return unavailable(false, "CUDA library failed to load: " + describe(e));
        }
        int[] count = {0};
        byte[] text = new byte[REASON_CAPACITY];
        int status = FrnnCudaLib.frnn_cuda_query(count, text, text.length);
        String description = cString(text);
        if (status == FrnnLib.FRNN_OK) return new CudaStatus(true, true, count[0], "", description, architectures);
        String reason = status == FrnnLib.FRNN_ERR_CUDA ? description : FrnnCudaLib.frnn_cuda_last_error();
        return new CudaStatus(true, false, count[0], reason, "", architectures);
    }

    private static CudaStatus unavailable(boolean loaded, String reason) {
        return new CudaStatus(loaded, false, 0, reason, "", "");
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * "UnsatisfiedLinkError: no jniFrnnCudaLib in java.library.path ..." from the innermost cause, which
     * is the informative one (ExceptionInInitializerError wraps the loader's error).
     */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

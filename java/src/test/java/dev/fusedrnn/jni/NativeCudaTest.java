package dev.fusedrnn.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link NativeLibraries#cuda()} on any machine, and the CUDA binding's argument checks when it loads. */
class NativeCudaTest {

    /** An NVIDIA driver shows itself here; without one CUDA cannot be available. */
    private static boolean nvidiaDriverPresent() {
        return Files.exists(Path.of("/proc/driver/nvidia")) || Files.exists(Path.of("/dev/nvidiactl"));
    }

    @Test
    void statusIsConsistentAndNeverThrows() {
        NativeLibraries.CudaStatus cuda = NativeLibraries.cuda();
        System.out.println("NativeLibraries.cuda(): " + cuda);
        if (cuda.available()) {
            assertTrue(cuda.loaded() && cuda.deviceCount() > 0, cuda.toString());
            assertTrue(cuda.device().startsWith("device 0 of "), cuda.device());
        } else {
            assertFalse(cuda.reason().isBlank(), "an unavailable CUDA says why: " + cuda);
            // Loaded: the CUDA error behind it; not loaded: why the library is absent or failed to load.
            assertTrue(cuda.loaded() ? cuda.reason().contains("cudaError") : cuda.reason().startsWith("CUDA library "),
                    cuda.reason());
        }
        assertEquals(cuda.loaded(), !cuda.architectures().isEmpty(), cuda.toString());
        assertTrue(cuda == NativeLibraries.cuda(), "the outcome is computed once");
    }

    /** The loader's error inside the JVM's wrapper is the reason given, with its type. */
    @Test
    void linkageErrorsBecomeReasons() {
        LinkageError first =
                new ExceptionInInitializerError(new UnsatisfiedLinkError("no jniFrnnCudaLib in java.library.path"));
        assertEquals("UnsatisfiedLinkError: no jniFrnnCudaLib in java.library.path", NativeLibraries.describe(first));
        LinkageError later = new NoClassDefFoundError("Could not initialize class dev.fusedrnn.jni.FrnnCudaLib");
        assertEquals("NoClassDefFoundError: Could not initialize class dev.fusedrnn.jni.FrnnCudaLib",
                NativeLibraries.describe(later));
    }

    @Test
    void unavailableWithoutDriver() {
        assumeTrue(!nvidiaDriverPresent(), "an NVIDIA driver is present");
        NativeLibraries.CudaStatus cuda = NativeLibraries.cuda();
        assertFalse(cuda.available());
        assertEquals(0, cuda.deviceCount());
        if (cuda.loaded()) {
            assertTrue(cuda.reason().startsWith("cudaErrorInsufficientDriver (35): "), cuda.reason());
        }
    }

    @Test
    void cudaBindingRejectsBadArguments() {
        NativeLibraries.CudaStatus cuda = NativeLibraries.cuda();
        assumeTrue(cuda.loaded(), () -> "CUDA library not loaded: " + cuda.reason());
        byte[] reason = new byte[64];
        assertEquals(FrnnLib.FRNN_ERR_ARGUMENT, FrnnCudaLib.frnn_cuda_query(null, reason, reason.length));
        assertTrue(FrnnCudaLib.frnn_cuda_last_error().contains("device_count is NULL"));
        assertEquals(FrnnLib.FRNN_ERR_ARGUMENT, FrnnCudaLib.frnn_cuda_activation_forward(6, 4, 4096, 8192));
        assertTrue(FrnnCudaLib.frnn_cuda_last_error().startsWith("frnn_cuda_activation_forward: activation id 6"),
                FrnnCudaLib.frnn_cuda_last_error());
        assertEquals(FrnnLib.FRNN_ERR_ARGUMENT, FrnnCudaLib.frnn_cuda_activation_forward(1, 4, 0, 8192));
        assertTrue(FrnnCudaLib.frnn_cuda_last_error().contains("x is NULL"), FrnnCudaLib.frnn_cuda_last_error());
    }
}

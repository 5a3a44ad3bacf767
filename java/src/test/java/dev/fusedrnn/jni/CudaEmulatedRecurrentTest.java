package dev.fusedrnn.jni;

import org.junit.jupiter.api.BeforeAll;

/** {@link NativeRecurrentCrossBackendTest} on the cuda-emulated backend (see {@link CudaEmulatedBackendTest}). */
class CudaEmulatedRecurrentTest extends NativeRecurrentCrossBackendTest {
    @BeforeAll
    static void useEmulated() {
        var emulated = CudaEmulatedBackendTest.emulated();
        NativeRecurrentCrossBackendTest.cpu.close();
        NativeRecurrentCrossBackendTest.cpu = emulated;
    }
}

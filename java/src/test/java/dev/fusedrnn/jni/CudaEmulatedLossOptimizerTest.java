package dev.fusedrnn.jni;

import org.junit.jupiter.api.BeforeAll;

/** {@link NativeLossOptimizerTest} on the cuda-emulated backend (see {@link CudaEmulatedBackendTest}). */
class CudaEmulatedLossOptimizerTest extends NativeLossOptimizerTest {
    @BeforeAll
    static void useEmulated() {
        var emulated = CudaEmulatedBackendTest.emulated();
        NativeLossOptimizerTest.cpu.close();
        NativeLossOptimizerTest.cpu = emulated;
    }
}

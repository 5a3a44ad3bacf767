package dev.fusedrnn.jni;

import org.junit.jupiter.api.BeforeAll;

/** {@link NativeOpsTest} on the cuda-emulated backend (see {@link CudaEmulatedBackendTest}). */
class CudaEmulatedOpsTest extends NativeOpsTest {
    @BeforeAll
    static void useEmulated() {
        var emulated = CudaEmulatedBackendTest.emulated();
        NativeOpsTest.cpu.close();
        NativeOpsTest.cpu = emulated;
    }
}

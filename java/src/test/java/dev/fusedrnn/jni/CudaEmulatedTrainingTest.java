package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Backend;

/** {@link CpuTrainingTest}'s loss curves on the cuda-emulated backend (see {@link CudaEmulatedBackendTest}). */
class CudaEmulatedTrainingTest extends CpuTrainingTest {
    @Override
    Backend backendUnderTest() { return CudaEmulatedBackendTest.emulated(); }
}

package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA backend's own code, run on the CPU by frnn_cuda_emu ({@code cuda-emulated}), through the same
 * checks as the cpu backend: every recurrent cell and option, every non-recurrent operation, losses,
 * metrics and optimizers against the reference (with the bounds derived in those classes: the CUDA
 * kernels compute in float32 with the same per-element math and fixed summation orders, so the same
 * error analysis applies), and training loss curves. The CudaEmulated*Test classes rerun the cpu
 * backend's tests with the emulated backend in its place; this class checks what is particular to it.
 */
class CudaEmulatedBackendTest {

    static Backend emulated() {
        String problem = CudaBackend.emulationProblem();
        assumeTrue(problem == null, () -> "cuda-emulated unavailable: " + problem);
        return new CudaBackend(true);
    }

    @Test
    void selectableByNameButNeverByAuto() {
        assumeTrue(CudaBackend.emulationProblem() == null);
        try (Backend b = Backends.create("cuda-emulated")) {
            assertEquals("cuda-emulated", b.name());
            assertFalse(b.isDoublePrecision());
        }
        Backends.Selection auto = Backends.select("auto");
        auto.backend().close();
        assertFalse(auto.reason().contains("chose cuda-emulated"), auto.reason());
    }

    /** Buffers of another backend and closed buffers are rejected; slices and fill address the right elements. */
    @Test
    void foreignBuffersAndClosedBuffersAreRejected() {
        try (CudaBackend be = (CudaBackend) emulated(); NativeBackend cpuBackend = new NativeBackend(1)) {
            DeviceBuffer a = be.allocate(4);
            var foreign = cpuBackend.allocate(4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.multiply(a, foreign, a));
            assertTrue(e.getMessage().contains("not allocated by the cuda-emulated backend"), e.getMessage());
            a.close();
            assertThrows(IllegalStateException.class, a::toFloatArray);
            DeviceBuffer b = be.allocate(5);
            b.set(new float[] {1, 2, 3, 4, 5});
            assertEquals(3f, b.slice(2, 2).toFloatArray()[0]);
            b.slice(1, 3).fill(7);
            assertEquals(java.util.List.of(1f, 7f, 7f, 7f, 5f), boxed(b.toFloatArray()));
        }
    }

    private static java.util.List<Float> boxed(float[] v) {
        java.util.List<Float> out = new java.util.ArrayList<>();
        for (float f : v) out.add(f);
        return out;
    }
}

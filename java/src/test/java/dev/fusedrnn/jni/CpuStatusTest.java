package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The cpu backend's status: what it says, when it is available, and what selecting it returns. */
class CpuStatusTest {

    @BeforeAll
    static void requireLibrary() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
    }

    private static Backends.Status cpuStatus() {
        return Backends.describe().stream().filter(s -> s.name().equals("cpu")).findFirst().orElseThrow();
    }

    @Test
    void statusNamesTheKernelPathAndTheCpuFeaturesAndFollowsTheProbe() {
        Backends.Status s = cpuStatus();
        assertTrue(s.reason().contains(NativeBackend.isa() + " kernels"), s.reason());
        assertTrue(s.reason().contains("CPU features: "), s.reason());
        String problem = CpuProbe.recurrentKernelsProblem();
        assertEquals(problem == null, s.available(), s.reason());
        if (problem != null) assertTrue(s.reason().contains(problem), s.reason());
    }

    /** The library's recurrent kernels answer, so cpu is available and selecting it gives this backend. */
    @Test
    void recurrentKernelsAnswerAndCpuCanBeSelected() {
        assertNull(CpuProbe.recurrentKernelsProblem());
        try (Backend b = Backends.create("cpu")) {
            assertTrue(b instanceof NativeBackend);
            assertEquals("cpu", b.name());
        }
    }
}

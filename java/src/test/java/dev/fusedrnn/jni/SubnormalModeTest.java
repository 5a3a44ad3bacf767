package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The recurrent kernels flush subnormals to zero while they run (core/fp_mode.h), but the calling
 * thread's floating-point mode is restored on return: Java's float arithmetic must keep subnormals.
 */
class SubnormalModeTest {
    private static volatile float tiny = 1e-40f;   // subnormal: below Float.MIN_NORMAL (1.18e-38)

    @BeforeAll
    static void requireLibrary() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
    }

    @Test
    void javaArithmeticKeepsSubnormalsAfterANativeCall() {
        RnnSpec spec = new RnnSpec(CellType.LSTM, 3, 4, Activation.TANH, Activation.SIGMOID, true, false, true, false);
        try (NativeBackend be = new NativeBackend(2)) {
            new RnnTwin(spec, 2, 5, 1).run(be);
        }
        float doubled = tiny * 2f;    // with subnormals flushed, this would be 0
        assertTrue(doubled > 0f, "subnormal arithmetic was flushed to zero after the native call");
        assertEquals(tiny, doubled / 2f, 0f);
    }
}

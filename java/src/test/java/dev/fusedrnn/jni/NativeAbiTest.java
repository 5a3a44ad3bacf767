package dev.fusedrnn.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CPU library's queries and its handling of bad arguments through the binding. */
class NativeAbiTest {

    @BeforeAll
    static void requireLibrary() {
        NativeLibraries.CpuStatus cpu = NativeLibraries.cpu();
        assumeTrue(cpu.loaded(), () -> "CPU library not loaded: " + cpu.reason());
    }

    @Test
    void versionIsSemantic() {
        assertTrue(NativeLibraries.cpu().version().matches("\\d+\\.\\d+\\.\\d+"), NativeLibraries.cpu().version());
    }

    /** Every detectable feature is reported exactly when the kernel lists it in /proc/cpuinfo. */
    @Test
    void featuresAgreeWithProcCpuinfo() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        assumeTrue(Files.isReadable(cpuinfo), "no /proc/cpuinfo here");
        Optional<String> line = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags")).findFirst();
        assumeTrue(line.isPresent(), "no flags line in /proc/cpuinfo");
        Set<String> listed = new HashSet<>(Arrays.asList(line.get().substring(line.get().indexOf(':') + 1).trim()
                .split("\\s+")));
        Set<String> reported = new HashSet<>(NativeLibraries.cpu().features());
        for (int bit = 0; bit < FrnnLib.FRNN_CPU_FEATURE_BITS; bit++) {
            String name = FrnnLib.frnn_cpu_feature_name(1 << bit);
            assertEquals(listed.contains(name), reported.contains(name), name);
        }
        assertNull(FrnnLib.frnn_cpu_feature_name(1 << FrnnLib.FRNN_CPU_FEATURE_BITS));
        assertEquals(String.join(" ", NativeLibraries.cpu().features()), NativeLibraries.cpu().featureString());
    }

    @Test
    void statusNamesMatchTheHeader() {
        assertEquals("FRNN_OK", FrnnException.statusName(FrnnLib.FRNN_OK));
        assertEquals("FRNN_ERR_ARGUMENT", FrnnException.statusName(FrnnLib.FRNN_ERR_ARGUMENT));
        assertEquals("FRNN_ERR_UNSUPPORTED", FrnnException.statusName(FrnnLib.FRNN_ERR_UNSUPPORTED));
        assertEquals("FRNN_ERR_CUDA", FrnnException.statusName(FrnnLib.FRNN_ERR_CUDA));
        assertEquals("FRNN_ERR_OUT_OF_MEMORY", FrnnException.statusName(FrnnLib.FRNN_ERR_OUT_OF_MEMORY));
        assertEquals("FRNN_ERR_INTERNAL", FrnnException.statusName(FrnnLib.FRNN_ERR_INTERNAL));
    }

    /** Arguments Java would never pass reach the native checks: a status and a message, no crash. */
    @Test
    void nativeRejectsBadArguments() {
        float[] x = {1, 2, 3, 4};
        float[] y = {-1, -1, -1, -1};
        assertRejected(FrnnLib.frnn_activation_forward(6, 4, x, y), "activation id 6 is unknown; expected 0..5");
        assertRejected(FrnnLib.frnn_activation_forward(-1, 4, x, y), "activation id -1 is unknown");
        assertRejected(FrnnLib.frnn_activation_forward(FrnnLib.FRNN_ACT_TANH, -4, x, y), "n = -4 elements");
        assertRejected(FrnnLib.frnn_activation_forward(FrnnLib.FRNN_ACT_TANH, 4, (float[]) null, y), "x is NULL");
        assertRejected(FrnnLib.frnn_activation_forward(FrnnLib.FRNN_ACT_TANH, 4, x, (float[]) null), "y is NULL");
        assertArrayEqualsExactly(new float[] {-1, -1, -1, -1}, y);
        assertEquals(FrnnLib.FRNN_OK, FrnnLib.frnn_activation_forward(FrnnLib.FRNN_ACT_TANH, 0, x, y));
        assertEquals("", FrnnLib.frnn_last_error());
    }

    @Test
    void failedStatusBecomesFrnnExceptionWithNativeMessage() {
        int status = FrnnLib.frnn_activation_forward(42, 1, new float[1], new float[1]);
        FrnnException e = assertThrows(FrnnException.class, () -> NativeLibraries.throwIfError(status));
        assertEquals(FrnnLib.FRNN_ERR_ARGUMENT, e.status());
        assertTrue(e.getMessage().startsWith("FRNN_ERR_ARGUMENT (1): frnn_activation_forward: activation id 42"),
                e.getMessage());
        assertFalse(e.getMessage().contains("[/"), "message carries no absolute path: " + e.getMessage());
    }

    private static void assertRejected(int status, String messagePart) {
        assertEquals(FrnnLib.FRNN_ERR_ARGUMENT, status);
        String message = FrnnLib.frnn_last_error();
        assertTrue(message.startsWith("frnn_activation_forward: ") && message.contains(messagePart), message);
    }

    private static void assertArrayEqualsExactly(float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "element " + i);
        }
    }
}

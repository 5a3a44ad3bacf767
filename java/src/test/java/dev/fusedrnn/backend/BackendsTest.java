package dev.fusedrnn.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Selection is never silent: every backend has a status and a reason, and auto says what it skipped. */
class BackendsTest {
    @AfterEach
    void clear() { System.clearProperty("fusedrnn.backend"); }

    @Test
    void describeListsEveryBackendInAutosOrderWithAReason() {
        List<Backends.Status> all = Backends.describe();
        assertEquals(List.of("cuda", "cpu", "reference", "cuda-emulated"), all.stream().map(Backends.Status::name).toList());
        for (Backends.Status s : all) assertFalse(s.reason().isBlank(), s.toString());
        assertTrue(all.get(2).available());
    }

    @Test
    void autoExplainsEverySkippedBackend() {
        Backends.Selection s = Backends.select("auto");
        for (Backends.Status st : Backends.describe()) {
            if (st.name().equals(s.backend().name())) break;
            assertTrue(s.reason().contains(st.name() + " skipped (" + st.reason() + ")"), s.reason());
        }
        assertTrue(s.reason().endsWith("chose " + s.backend().name()), s.reason());
    }

    @Test
    void systemPropertyChoosesTheBackend() {
        System.setProperty("fusedrnn.backend", "reference");
        assertEquals("reference", Backends.requested());
        assertEquals("reference", Backends.select().backend().name());
    }

    @Test
    void unavailableOrUnknownBackendsAreErrorsWithTheReason() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Backends.select("tpu"));
        assertTrue(unknown.getMessage().contains("auto, reference, cpu, cuda or cuda-emulated"));
        for (Backends.Status s : Backends.describe()) {
            if (s.available()) continue;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select(s.name()));
            assertTrue(e.getMessage().contains(s.reason()), e.getMessage());
        }
    }
}

package dev.fusedrnn.cli.parity;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every bundled case on the {@code cpu} backend, as {@code fusedrnn parity --backend cpu} runs them: layer
 * cases within {@link Tolerance#FLOAT32} (its comment derives the bound), training runs through the model
 * API within their runner's bound. The backend is selected by name, so an unavailable cpu backend fails
 * here with its status's reason.
 */
class CpuBackendParityTest {
    private static Backend backend;

    @BeforeAll
    static void open() { backend = Backends.create("cpu"); }

    @AfterAll
    static void close() { if (backend != null) backend.close(); }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesOnTheCpuBackend() {
        ParityRunner runner = ParityRunner.standard();
        return ParityCases.loadBundled().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ParityResult r = runner.run(c, backend);
                    assertEquals(ParityResult.Status.PASS, r.status(),
                            () -> c.name() + ": " + (r.reason() != null ? r.reason() : r.errors() + " > " + r.tolerance()));
                }));
    }
}

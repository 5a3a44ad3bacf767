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
 * Every bundled case on the {@code cuda-emulated} backend (the CUDA backend's code run on the CPU), as {@code fusedrnn parity --backend cuda-emulated} runs them: layer
 * cases within {@link Tolerance#FLOAT32} (its comment derives the bound), training runs through the model
 * API within their runner's bound. The backend is selected by name, so an unavailable emulated backend fails
 * here with its status's reason.
 */
class CudaEmulatedParityTest {
    private static Backend backend;

    @BeforeAll
    static void open() { backend = Backends.create("cuda-emulated"); }

    @AfterAll
    static void close() { if (backend != null) backend.close(); }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesOnTheEmulatedCudaBackend() {
        ParityRunner runner = ParityRunner.standard();
        return ParityCases.loadBundled().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ParityResult r = runner.run(c, backend);
                    assertEquals(ParityResult.Status.PASS, r.status(),
                            () -> c.name() + ": " + (r.reason() != null ? r.reason() : r.errors() + " > " + r.tolerance()));
                }));
    }
}

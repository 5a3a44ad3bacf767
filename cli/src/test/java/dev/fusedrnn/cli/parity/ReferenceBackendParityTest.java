package dev.fusedrnn.cli.parity;

import dev.fusedrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every bundled case on the reference backend: layer cases within {@link Tolerance#FLOAT64}, training
 * runs (through the model API) within their runner's bound.
 */
class ReferenceBackendParityTest {

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesOnTheReferenceBackend() {
        ReferenceBackend backend = new ReferenceBackend();
        ParityRunner runner = ParityRunner.standard();
        return ParityCases.loadBundled().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ParityResult r = runner.run(c, backend);
                    assertEquals(ParityResult.Status.PASS, r.status(),
                            () -> c.name() + ": " + (r.reason() != null ? r.reason() : r.errors() + " > " + r.tolerance()));
                }));
    }
}

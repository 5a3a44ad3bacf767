package dev.fusedrnn.cli.parity;

import dev.fusedrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ACCEPTANCE TEST: every bundled layer case on the reference backend, within {@link Tolerance#FLOAT64}.
 * It fails until the reference backend's recurrent cells exist (RecurrentRef throws until then) and
 * must pass from then on; it is deliberately left enabled.
 */
class ReferenceBackendParityTest {

    @TestFactory
    Stream<DynamicTest> everyLayerCaseMatchesOnTheReferenceBackend() {
        ReferenceBackend backend = new ReferenceBackend();
        ParityRunner runner = new ParityRunner(null);
        return ParityCases.loadBundled().stream()
                .filter(c -> c.kind() == ParityCase.Kind.LAYER)
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    ParityResult r = runner.run(c, backend);
                    assertEquals(ParityResult.Status.PASS, r.status(),
                            () -> c.name() + ": " + (r.reason() != null ? r.reason() : r.errors() + " > " + r.tolerance()));
                }));
    }
}

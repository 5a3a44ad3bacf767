package dev.fusedrnn.cli.parity;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every bundled case on every backend that runs here, as {@code fusedrnn parity --backend B} runs them: layer
 * cases within {@link Tolerance#FLOAT64} on the double-precision reference and {@link Tolerance#FLOAT32} on
 * the float32 backends (its comment derives the bound), training runs through the model API within their
 * runner's bound. {@code cuda-emulated} is the CUDA backend's own code run on the CPU. Backends are selected
 * by name, so one that cannot load fails here with its status's reason.
 */
class BackendParityTest {
    private static final List<Backend> opened = new ArrayList<>();

    @AfterAll
    static void close() { opened.forEach(Backend::close); }

    @TestFactory
    Stream<DynamicContainer> everyCaseMatchesOnEveryBackend() {
        ParityRunner runner = ParityRunner.standard();
        List<ParityCase> cases = ParityCases.loadBundled();
        return Stream.of("reference", "cpu", "cuda-emulated").map(name -> {
            Backend backend = Backends.create(name);
            opened.add(backend);
            return DynamicContainer.dynamicContainer(name, cases.stream()
                    .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                        ParityResult r = runner.run(c, backend);
                        assertEquals(ParityResult.Status.PASS, r.status(),
                                () -> name + " " + c.name() + ": " + (r.reason() != null ? r.reason() : r.errors() + " > " + r.tolerance()));
                    })));
        });
    }
}

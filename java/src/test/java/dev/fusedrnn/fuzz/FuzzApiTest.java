package dev.fusedrnn.fuzz;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

/**
 * The default suite's share of the fuzzing: a few hundred seeded cases per generator on each backend
 * (seconds). The long run is {@link FuzzStressTest}. A failure prints the seed that replays it.
 */
class FuzzApiTest {
    private static final int CASES = 120;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void layerConfigurations(String backend) {
        try (FuzzTarget t = FuzzTarget.of(backend, dir)) {
            FuzzRunner.run("fuzz layers [" + backend + "]", FuzzRunner.seed(11), FuzzRunner.cases(CASES), FuzzTarget.LIMIT_MILLIS,
                    g -> LayerCases.make(g, t.backend));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void fitEvaluatePredictData(String backend) {
        try (FuzzTarget t = FuzzTarget.of(backend, dir)) {
            FuzzRunner.run("fuzz data [" + backend + "]", FuzzRunner.seed(22), FuzzRunner.cases(CASES), FuzzTarget.LIMIT_MILLIS,
                    g -> DataCases.make(g, t.backend));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void optimizerAndLossSettings(String backend) {
        try (FuzzTarget t = FuzzTarget.of(backend, dir)) {
            FuzzRunner.run("fuzz compile [" + backend + "]", FuzzRunner.seed(33), FuzzRunner.cases(CASES), FuzzTarget.LIMIT_MILLIS,
                    g -> CompileCases.make(g, t.backend));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void modelFiles(String backend) {
        try (FuzzTarget t = FuzzTarget.of(backend, dir)) {
            FuzzRunner.run("fuzz model files [" + backend + "]", FuzzRunner.seed(44), FuzzRunner.cases(CASES), FuzzTarget.LIMIT_MILLIS,
                    g -> {
                        try {
                            return FileCases.modelFile(g, backend, dir);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void kerasFiles(String backend) {
        try (FuzzTarget t = FuzzTarget.of(backend, dir)) {
            FuzzRunner.run("fuzz keras files [" + backend + "]", FuzzRunner.seed(55), FuzzRunner.cases(CASES), FuzzTarget.LIMIT_MILLIS,
                    g -> FileCases.keras(g, backend, dir));
        }
    }
}

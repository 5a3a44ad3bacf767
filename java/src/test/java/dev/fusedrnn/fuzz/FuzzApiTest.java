package dev.fusedrnn.fuzz;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.function.Function;

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
    void layerConfigurations(String backend) { fuzz("layers", backend, 11, t -> g -> LayerCases.make(g, t.backend)); }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void fitEvaluatePredictData(String backend) { fuzz("data", backend, 22, t -> g -> DataCases.make(g, t.backend)); }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void optimizerAndLossSettings(String backend) { fuzz("compile", backend, 33, t -> g -> CompileCases.make(g, t.backend)); }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void modelFiles(String backend) { fuzz("model files", backend, 44, t -> g -> FileCases.modelFile(g, backend, dir)); }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void kerasFiles(String backend) { fuzz("keras files", backend, 55, t -> g -> FileCases.keras(g, backend, dir)); }

    /** {@link #CASES} cases from one generator on one backend, from seed {@code seed} (or -Dfusedrnn.fuzz.seed). */
    private void fuzz(String kind, String backend, long seed, Function<FuzzTarget, FuzzRunner.Generator> generator) {
        try (FuzzTarget t = FuzzTarget.of(backend, dir)) {
            FuzzRunner.run("fuzz " + kind + " [" + backend + "]", FuzzRunner.seed(seed), FuzzRunner.cases(CASES),
                    FuzzTarget.LIMIT_MILLIS, generator.apply(t));
        }
    }
}

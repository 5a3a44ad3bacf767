package dev.fusedrnn.fuzz;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The long fuzz run ({@code mvn -Pstress verify}): every kind of case mixed, 100,000 per backend by
 * default ({@code -Dfusedrnn.fuzz.cases=N} for another count, {@code -Dfusedrnn.fuzz.seed=S} for another
 * start, {@code -Dfusedrnn.fuzz.backends=cpu,reference} for some backends only). Prints
 * {@code fuzz [<backend>]: N passed, M failed} and fails when M > 0.
 */
@Tag("stress")
class FuzzStressTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu", "cuda-emulated"})
    void mixed(String backend) {
        assumeTrue(Arrays.asList(System.getProperty("fusedrnn.fuzz.backends", backend).split(",")).contains(backend),
                () -> backend + " is not in -Dfusedrnn.fuzz.backends");
        try (FuzzTarget t = FuzzTarget.of(backend, dir)) {
            FuzzRunner.run("fuzz [" + backend + "]", FuzzRunner.seed(1_000_000), FuzzRunner.cases(100_000), FuzzTarget.LIMIT_MILLIS, t::mixed);
        }
    }
}

package dev.fusedrnn.cli.parity;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training cases: skipped with a reason until a TrainingCaseRunner is registered, then run and judged. */
class ParityRunnerTest {
    private static final List<ParityCase> CASES = ParityCases.loadBundled();
    private static final ParityCase TRAINING = CASES.stream().filter(c -> c.kind() == ParityCase.Kind.TRAINING)
            .findFirst().orElseThrow();

    @Test
    void trainingCasesAreSkippedWithoutARunner() {
        ParityResult r = new ParityRunner(null).run(TRAINING, new FakeBackend(CASES, true));
        assertEquals(ParityResult.Status.SKIPPED, r.status());
        assertTrue(r.reason().contains("TrainingCaseRunner"), r.reason());
        assertTrue(r.errors().isEmpty());
        assertFalse(r.passed());
    }

    @Test
    void aRegisteredRunnerIsCalledAndJudgedByItsTolerance() {
        Map<String, Double> errors = new LinkedHashMap<>();
        errors.put("losses", 1e-12);
        errors.put("final_weights.kernel", 3e-11);
        TrainingCaseRunner fixed = (c, b) -> errors;
        FakeBackend backend = new FakeBackend(CASES, true);
        ParityResult r = new ParityRunner(fixed).run(TRAINING, backend);
        assertEquals(ParityResult.Status.PASS, r.status());
        assertEquals(errors, r.errors());

        TrainingCaseRunner strict = new TrainingCaseRunner() {
            @Override public Map<String, Double> run(ParityCase c, dev.fusedrnn.backend.Backend b) { return errors; }
            @Override public double tolerance(ParityCase c, dev.fusedrnn.backend.Backend b) { return 1e-11; }
        };
        r = new ParityRunner(strict).run(TRAINING, backend);
        assertEquals(ParityResult.Status.FAIL, r.status());
        assertEquals(1e-11, r.tolerance());
    }

    @Test
    void aThrowingRunIsAFailureCarryingTheException() {
        TrainingCaseRunner broken = (c, b) -> { throw new UnsupportedOperationException("optimizer missing"); };
        ParityResult r = new ParityRunner(broken).run(TRAINING, new FakeBackend(CASES, true));
        assertEquals(ParityResult.Status.FAIL, r.status());
        assertTrue(r.reason().contains("optimizer missing"), r.reason());

        ParityResult empty = new ParityRunner((c, b) -> Map.of()).run(TRAINING, new FakeBackend(CASES, true));
        assertEquals(ParityResult.Status.FAIL, empty.status(), "a run that compares nothing proves nothing");
    }
}

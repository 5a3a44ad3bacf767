package dev.fusedrnn.cli.parity;

import dev.fusedrnn.backend.Backend;

import java.util.Map;

/**
 * Runs parity cases on a backend and judges them: layer cases through {@link LayerCaseRunner},
 * training runs through the registered {@link TrainingCaseRunner} (skipped while there is none).
 * A case whose run throws is a failure carrying the exception as its reason, so one broken case
 * does not hide the others.
 */
public final class ParityRunner {
    private final TrainingCaseRunner training;

    /** @param training runs training cases; null reports them as skipped */
    public ParityRunner(TrainingCaseRunner training) {
        this.training = training;
    }

    /** A runner with the registered training runner, if any. */
    public static ParityRunner standard() {
        return new ParityRunner(registeredTrainingRunner());
    }

    /**
     * The registration point for training runs: return the model-API implementation of
     * {@link TrainingCaseRunner} here once it exists. Null means training cases are not run yet.
     */
    static TrainingCaseRunner registeredTrainingRunner() {
        return new ModelTrainingCaseRunner();
    }

    public boolean runsTraining() { return training != null; }

    public ParityResult run(ParityCase c, Backend backend) {
        double tolerance = Tolerance.forBackend(backend);
        if (c.kind() == ParityCase.Kind.TRAINING) {
            if (training == null) {
                return new ParityResult(c.name(), backend.name(), ParityResult.Status.SKIPPED, tolerance, Map.of(),
                        "not run: training cases need a TrainingCaseRunner, and none is registered"
                                + " (ParityRunner.registeredTrainingRunner)");
            }
            tolerance = training.tolerance(c, backend);
        }
        Map<String, Double> errors;
        try {
            errors = c.kind() == ParityCase.Kind.LAYER ? LayerCaseRunner.run(c, backend) : training.run(c, backend);
        } catch (RuntimeException e) {
            return new ParityResult(c.name(), backend.name(), ParityResult.Status.FAIL, tolerance, Map.of(), e.toString());
        }
        if (errors.isEmpty()) {
            return new ParityResult(c.name(), backend.name(), ParityResult.Status.FAIL, tolerance, errors,
                    "nothing was compared");
        }
        boolean pass = true;
        for (double e : errors.values()) pass &= Tolerance.within(e, tolerance);
        return new ParityResult(c.name(), backend.name(), pass ? ParityResult.Status.PASS : ParityResult.Status.FAIL,
                tolerance, errors, null);
    }
}

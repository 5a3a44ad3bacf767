package dev.fusedrnn.cli.parity;

import dev.fusedrnn.backend.Backend;

import java.util.Map;

/**
 * Runs a training case ({@link ParityCase.Kind#TRAINING}) on a backend through the model API: build the
 * model of the case from {@code initial_weights}, train {@code steps} full-batch updates on
 * {@code data}, and compare with the case's {@code losses}, {@code gradients_step0},
 * {@code weights_after_step1} and {@code final_weights}.
 *
 * <p>Register an implementation in {@link ParityRunner#registeredTrainingRunner()}; until one exists,
 * training cases are reported as skipped ("not run") with the reason.
 */
@FunctionalInterface
public interface TrainingCaseRunner {

    /**
     * Runs {@code c} on {@code backend}; returns tensor name → max scaled error
     * ({@link Tolerance#scaledError}), e.g. {@code losses}, {@code final_weights.kernel}.
     */
    Map<String, Double> run(ParityCase c, Backend backend);

    /**
     * The bound the errors must meet. Training compounds the per-step round-off over {@code steps}
     * updates (and Adam and RMSprop divide by running moments), so an implementation may derive a
     * wider bound than a single layer call's; the default is the layer bound.
     */
    default double tolerance(ParityCase c, Backend backend) {
        return Tolerance.forBackend(backend);
    }
}

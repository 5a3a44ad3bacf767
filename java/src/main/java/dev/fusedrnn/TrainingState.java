package dev.fusedrnn;

import java.util.List;
import java.util.Map;

/**
 * Where a model's training stands between two epochs: everything beyond the weights that a checkpoint
 * must hold for a later {@code fit} to continue exactly as the uninterrupted run would have (see
 * {@code dev.fusedrnn.io.ModelFile}).
 *
 * @param optimizerState the optimizer's state slots (Adam's m then v, ...), each as long as the parameters,
 *                       at the backend's precision; null when the optimizer has none or has not stepped
 * @param iterations     optimizer steps taken (Adam's bias correction depends on it)
 * @param epochsDone     epochs completed by fit; the next fit starts at this epoch
 * @param randomState    the fit's random source (shuffling, dropout) after those epochs
 * @param callbacks      the state of each stateful callback of that fit, in order
 */
public record TrainingState(double[] optimizerState, long iterations, int epochsDone, long randomState,
                            List<CallbackState> callbacks) {

    /** One stateful callback's state: its class name and values (numbers, strings, booleans, float arrays). */
    public record CallbackState(String type, Map<String, Object> values) { }

    public TrainingState {
        callbacks = List.copyOf(callbacks);
    }
}

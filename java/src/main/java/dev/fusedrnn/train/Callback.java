package dev.fusedrnn.train;

import java.util.Map;

/**
 * Progress events of {@code fit}, as Keras callbacks: every method has an empty default. {@code logs} map
 * Keras metric names ({@code loss}, {@code accuracy}, {@code val_loss}, ...) to values.
 */
public interface Callback {
    default void onTrainBegin(TrainingControl control) { }

    default void onEpochBegin(int epoch) { }

    /** After each batch: the running means of the epoch so far. */
    default void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> logs) { }

    /** After each epoch, with validation results when there is validation data. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) { }

    default void onTrainEnd(Map<String, Double> lastLogs) { }
}

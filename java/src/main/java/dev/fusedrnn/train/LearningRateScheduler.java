package dev.fusedrnn.train;

import java.util.function.BiFunction;

/**
 * Keras LearningRateScheduler: at the start of each epoch, the learning rate becomes
 * {@code schedule(epoch, currentLearningRate)} (epochs count from 0).
 */
public final class LearningRateScheduler implements Callback {
    private final BiFunction<Integer, Double, Double> schedule;
    private TrainingControl control;

    public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule) {
        if (schedule == null) throw new IllegalArgumentException("LearningRateScheduler needs a schedule");
        this.schedule = schedule;
    }

    @Override
    public void onTrainBegin(TrainingControl c) { control = c; }

    @Override
    public void onEpochBegin(int epoch) {
        Double lr = schedule.apply(epoch, control.learningRate());
        if (lr == null || !(lr > 0) || lr.isInfinite()) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave " + lr + " for epoch " + epoch
                    + "; a learning rate must be positive and finite");
        }
        control.setLearningRate(lr);
    }
}

package dev.fusedrnn.train;

/** What a callback may do to the training it observes. */
public interface TrainingControl {
    /** Ends training after the current epoch (Keras's model.stop_training = True). */
    void stop();

    /** A copy of all the model's parameters, flat, in Keras order of layers and weights. */
    float[] parameters();

    /** Replaces all the model's parameters (same layout as {@link #parameters()}). */
    void setParameters(float[] values);

    /** The optimizer's current learning rate. */
    double learningRate();

    /** Sets the optimizer's learning rate for the following updates. */
    void setLearningRate(double learningRate);
}

package dev.fusedrnn.train;

/**
 * Training stopped because a loss or a gradient became NaN or infinite. The update of that batch was not
 * applied, so the model's parameters are those after the previous training step. Thrown by {@code fit}
 * unless {@link FitOptions#checkFinite(boolean)} turned the check off.
 */
public final class NonFiniteException extends ArithmeticException {
    private final String layer;
    private final String weight;
    private final int epoch;
    private final int batch;
    private final long step;

    public NonFiniteException(String message, String layer, String weight, int epoch, int batch, long step) {
        super(message);
        this.layer = layer;
        this.weight = weight;
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
    }

    /** The layer where the value first became non-finite, e.g. {@code "lstm (LSTM)"}; null if only the loss was. */
    public String layer() { return layer; }

    /** The weight whose gradient was non-finite, e.g. {@code "recurrent_kernel"}; null for a forward value. */
    public String weight() { return weight; }

    /** The epoch, counted from 1 as the progress output shows it. */
    public int epoch() { return epoch; }

    /** The batch within the epoch, counted from 1. */
    public int batch() { return batch; }

    /** The training step (optimizer update) that was refused, counted from 1 over the model's life. */
    public long step() { return step; }
}

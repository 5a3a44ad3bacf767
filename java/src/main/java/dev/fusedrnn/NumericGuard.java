package dev.fusedrnn;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.layers.Act;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.NonFiniteException;

import java.util.List;

/**
 * The finite-value check of one training step ({@link FitOptions#checkFinite(boolean)}): the loss after the
 * forward pass and every gradient after the backward pass, both before the update, so that a NaN or an
 * infinity stops training instead of reaching the weights; and the parameters after the update, which
 * finite gradients can still overflow. A healthy step costs two reductions, over the gradients and over the
 * parameters; finding the culprit costs more, and only when something is wrong.
 *
 * <p>Σx² in double is finite exactly when every float32 element is finite (a float32 square is below
 * 1.2e77), so the backends' {@code sumOfSquares} serves as the test.
 */
final class NumericGuard {
    private final int epoch;
    private final int batch;
    private final long step;

    /** For the {@code batch}-th batch (from 1) of the {@code epoch}-th epoch (from 1), training step {@code step} (from 1). */
    NumericGuard(int epoch, int batch, long step) {
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
    }

    /**
     * After the forward pass: {@code outputs.get(i)} is the output of {@code layers.get(i)}. A non-finite loss
     * is blamed on the first layer whose output is non-finite, else on the loss itself.
     */
    void checkLoss(double loss, String lossName, Backend be, List<Layer> layers, List<Act> outputs) {
        if (Double.isFinite(loss)) return;
        for (int i = 0; i < layers.size(); i++) {
            if (!finite(be, outputs.get(i).data())) {
                String layer = layers.get(i).label();
                throw error("the output of " + layer + " became NaN or infinite", layer, null);
            }
        }
        throw error("the loss (" + lossName + ") became " + loss + " from finite predictions", null, null);
    }

    /**
     * After the backward pass, before clipping and the update. Gradients flow from the last layer to the
     * first, so the last layer with a non-finite gradient is where it began.
     */
    void checkGradients(Backend be, List<Layer> layers, Buffer allGradients) {
        if (finite(be, allGradients)) return;
        for (int i = layers.size() - 1; i >= 0; i--) {
            for (Layer.Weight w : layers.get(i).weights()) {
                if (!finite(be, w.gradient())) {
                    String layer = layers.get(i).label();
                    throw error("the gradient of " + layer + " weight " + w.name + " became NaN or infinite", layer, w.name);
                }
            }
        }
        throw error("a gradient became NaN or infinite", null, null);
    }

    /**
     * After the update: finite gradients can still overflow float32 in {@code p − lr·g} (a huge learning
     * rate). The weights are then already lost, so the message says so and points to a checkpoint.
     */
    void checkParameters(Backend be, List<Layer> layers, Buffer allParameters) {
        if (finite(be, allParameters)) return;
        for (Layer l : layers) {
            for (Layer.Weight w : l.weights()) {
                if (!finite(be, w.value())) {
                    throw error("the update made " + l.label() + " weight " + w.name + " NaN or infinite (learning rate"
                            + " × gradient beyond the float32 range)", l.label(), w.name, false);
                }
            }
        }
        throw error("the update made a parameter NaN or infinite", null, null, false);
    }

    private NonFiniteException error(String what, String layer, String weight) { return error(what, layer, weight, true); }

    private NonFiniteException error(String what, String layer, String weight, boolean beforeUpdate) {
        String state = beforeUpdate
                ? "this step's update was not applied, the parameters are those after step " + (step - 1)
                : "the parameters of that weight are lost: restore them from a checkpoint";
        String message = "fit: " + what + " at epoch " + epoch + ", batch " + batch + " (training step " + step
                + "); " + state + ". Lower the learning rate, clip gradients (clipnorm) or check the scale of the"
                + " data; FitOptions.checkFinite(false) turns this check off";
        return new NonFiniteException(message, layer, weight, epoch, batch, step);
    }

    private static boolean finite(Backend be, Buffer b) { return Double.isFinite(be.sumOfSquares(b)); }
}

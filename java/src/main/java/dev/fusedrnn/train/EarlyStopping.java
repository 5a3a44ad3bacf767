package dev.fusedrnn.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras EarlyStopping: stops when {@code monitor} has not improved by more than {@code minDelta} for
 * {@code patience} epochs; with restoreBestWeights, puts back the weights of the best epoch. Metrics
 * whose name contains "acc" improve upwards, all others downwards (Keras's "auto" mode).
 */
public final class EarlyStopping implements StatefulCallback {
    private final Monitor monitor;
    private double minDelta;
    private int patience;
    private boolean restoreBestWeights;

    private TrainingControl control;
    private int wait;
    private float[] bestWeights;
    private int stoppedEpoch = -1;

    public EarlyStopping() { this("val_loss"); }

    public EarlyStopping(String monitor) { this.monitor = new Monitor(monitor, "EarlyStopping"); }

    public EarlyStopping minDelta(double d) { this.minDelta = Math.abs(d); return this; }

    public EarlyStopping patience(int p) {
        if (p < 0) throw new IllegalArgumentException("patience must be >= 0, got " + p);
        this.patience = p;
        return this;
    }

    public EarlyStopping restoreBestWeights(boolean on) { this.restoreBestWeights = on; return this; }

    /** The epoch (0-based) after which training stopped, or −1. */
    public int stoppedEpoch() { return stoppedEpoch; }

    @Override
    public void onTrainBegin(TrainingControl c) {
        control = c;
        monitor.reset();
        wait = 0;
        bestWeights = null;
        stoppedEpoch = -1;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", monitor.best());
        s.put("wait", wait);
        s.put("stopped_epoch", stoppedEpoch);
        if (bestWeights != null) s.put("best_weights", bestWeights.clone());
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> s) {
        monitor.best(Monitor.number(s, "best"));
        wait = (int) Monitor.number(s, "wait");
        stoppedEpoch = (int) Monitor.number(s, "stopped_epoch");
        bestWeights = s.get("best_weights") instanceof float[] w ? w.clone() : null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (monitor.improves(monitor.value(logs), minDelta)) {
            wait = 0;
            if (restoreBestWeights) bestWeights = control.parameters();
            return;
        }
        wait++;
        if (wait >= patience && epoch > 0) {   // Keras: stop after `patience` epochs without improvement
            stoppedEpoch = epoch;
            control.stop();
            if (restoreBestWeights && bestWeights != null) control.setParameters(bestWeights);
        }
    }
}

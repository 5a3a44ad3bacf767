package dev.fusedrnn.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras ReduceLROnPlateau: when {@code monitor} has not improved by more than {@code minDelta} for
 * {@code patience} epochs, multiply the learning rate by {@code factor} (not below {@code minLr}), then
 * wait {@code cooldown} epochs before counting again. Defaults as Keras: val_loss, 0.1, 10, 1e-4, 0, 0.
 */
public final class ReduceLROnPlateau implements StatefulCallback {
    private final Monitor monitor;
    private double factor = 0.1;
    private int patience = 10;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private TrainingControl control;
    private int wait;
    private int cooldownLeft;

    public ReduceLROnPlateau() { this("val_loss"); }

    public ReduceLROnPlateau(String monitor) { this.monitor = new Monitor(monitor, "ReduceLROnPlateau"); }

    public ReduceLROnPlateau factor(double f) {
        if (!(f > 0 && f < 1)) throw new IllegalArgumentException("ReduceLROnPlateau factor must be in (0, 1), got " + f);
        this.factor = f;
        return this;
    }

    public ReduceLROnPlateau patience(int p) {
        if (p < 0) throw new IllegalArgumentException("patience must be >= 0, got " + p);
        this.patience = p;
        return this;
    }

    public ReduceLROnPlateau minDelta(double d) { this.minDelta = Math.abs(d); return this; }

    public ReduceLROnPlateau cooldown(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("cooldown must be >= 0, got " + epochs);
        this.cooldown = epochs;
        return this;
    }

    public ReduceLROnPlateau minLr(double lr) { this.minLr = lr; return this; }

    @Override
    public void onTrainBegin(TrainingControl c) {
        control = c;
        monitor.reset();
        wait = 0;
        cooldownLeft = 0;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", monitor.best());
        s.put("wait", wait);
        s.put("cooldown_left", cooldownLeft);
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> s) {
        monitor.best(Monitor.number(s, "best"));
        wait = (int) Monitor.number(s, "wait");
        cooldownLeft = (int) Monitor.number(s, "cooldown_left");
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double v = monitor.value(logs);
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        }
        if (monitor.improves(v, minDelta)) {
            wait = 0;
        } else if (cooldownLeft == 0 && ++wait >= patience) {
            double lr = control.learningRate();
            if (lr > minLr) {
                control.setLearningRate(Math.max(lr * factor, minLr));
                cooldownLeft = cooldown;
                wait = 0;
            }
        }
    }
}

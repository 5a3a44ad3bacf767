package dev.fusedrnn.train;

import java.util.Map;

/**
 * A watched metric, as Keras's callbacks watch one: accuracies improve upwards, everything else
 * downwards (Keras's "auto" mode), and only by more than {@code minDelta}.
 */
final class Monitor {
    private final String metric;
    private final String owner;
    private double best;

    Monitor(String metric, String owner) {
        this.metric = metric;
        this.owner = owner;
        reset();
    }

    void reset() { best = maximize() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; }

    /** The best value so far (for checkpoints). */
    double best() { return best; }

    void best(double v) { best = v; }

    /** A number from a saved callback state. */
    static double number(Map<String, Object> state, String key) {
        Object v = state.get(key);
        if (!(v instanceof Number)) throw new IllegalArgumentException("callback state: '" + key + "' is missing or not a number");
        return ((Number) v).doubleValue();
    }

    private boolean maximize() { return metric.contains("acc"); }

    /** The metric's value in this epoch's logs; a clear error when it is not logged. */
    double value(Map<String, Double> logs) {
        Double v = logs.get(metric);
        if (v == null) {
            throw new IllegalArgumentException(owner + " monitors '" + metric + "', which is not logged; logged: " + logs.keySet());
        }
        return v;
    }

    /** Whether {@code v} beats the best so far by more than minDelta; if so it becomes the best. */
    boolean improves(double v, double minDelta) {
        boolean better = maximize() ? v - minDelta > best : v + minDelta < best;
        if (better) best = v;
        return better;
    }
}

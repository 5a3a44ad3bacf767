package dev.fusedrnn.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

/** What {@code fit} returns: per-epoch values of each logged metric, as Keras's History.history. */
public final class History implements Callback {
    private final Map<String, List<Double>> history = new LinkedHashMap<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.forEach((k, v) -> history.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    /** The values of one metric, one per epoch run ("loss", "val_loss", ...). */
    public List<Double> get(String metric) {
        List<Double> v = history.get(metric);
        if (v == null) throw new IllegalArgumentException("no metric '" + metric + "' in history; have " + history.keySet());
        return Collections.unmodifiableList(v);
    }

    /** The last epoch's value of a metric. */
    public double last(String metric) {
        List<Double> v = get(metric);
        return v.get(v.size() - 1);
    }

    /** Number of epochs run. */
    public int epochs() { return history.isEmpty() ? 0 : history.values().iterator().next().size(); }

    public Map<String, List<Double>> asMap() { return Collections.unmodifiableMap(history); }

    @Override
    public String toString() { return history.toString(); }
}

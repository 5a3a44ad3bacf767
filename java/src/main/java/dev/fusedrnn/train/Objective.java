package dev.fusedrnn.train;

import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A compiled loss and metrics, and the rules tying them to shapes: which targets a loss accepts for a
 * model output, and which accuracy "accuracy" means (Keras: binary when the output has one unit, sparse
 * when targets have one dimension fewer than the output, else categorical).
 */
public final class Objective {
    private final LossKind loss;
    private final List<String> metricNames;

    public Objective(LossKind loss, List<String> metricNames) {
        this.loss = loss;
        for (String m : metricNames) kindOf(m, new int[] {2}, new int[] {2});   // reject unknown names early
        this.metricNames = List.copyOf(metricNames);
    }

    public static Objective of(String loss, String... metrics) {
        return new Objective(LossKind.parse(loss), Arrays.asList(metrics));
    }

    public LossKind loss() { return loss; }

    /** Metric names as the user gave them: the keys of the logs. */
    public List<String> metricNames() { return metricNames; }

    /** The metric kinds, in the order of {@link #metricNames()}, for these per-sample shapes. */
    public List<MetricKind> resolve(int[] outputSample, int[] targetSample) {
        List<MetricKind> kinds = new ArrayList<>();
        for (String m : metricNames) kinds.add(kindOf(m, outputSample, targetSample));
        return kinds;
    }

    private static MetricKind kindOf(String name, int[] out, int[] target) {
        switch (String.valueOf(name).trim().toLowerCase(Locale.ROOT)) {
            case "accuracy": case "acc":
                if (out[out.length - 1] == 1) return MetricKind.BINARY_ACCURACY;
                if (target.length == out.length - 1) return MetricKind.SPARSE_CATEGORICAL_ACCURACY;
                if (target.length == out.length && target[target.length - 1] == 1) return MetricKind.SPARSE_CATEGORICAL_ACCURACY;
                return MetricKind.CATEGORICAL_ACCURACY;
            case "binary_accuracy": return MetricKind.BINARY_ACCURACY;
            case "categorical_accuracy": return MetricKind.CATEGORICAL_ACCURACY;
            case "sparse_categorical_accuracy": return MetricKind.SPARSE_CATEGORICAL_ACCURACY;
            case "mae": case "mean_absolute_error": return MetricKind.MAE;
            case "mse": case "mean_squared_error": return MetricKind.MSE;
            default:
                throw new IllegalArgumentException("unknown metric '" + name + "'; expected accuracy, binary_accuracy,"
                        + " categorical_accuracy, sparse_categorical_accuracy, mae or mse");
        }
    }

    /**
     * Checks that per-sample targets fit the per-sample output for {@code kind}: the same shape, or for
     * class-id targets the output's shape without its last dimension (a trailing 1 is accepted).
     */
    public static void checkTargets(String what, boolean sparse, int[] outputSample, int[] targetSample) {
        boolean ok;
        String expected;
        if (sparse) {
            int[] ids = Arrays.copyOf(outputSample, outputSample.length - 1);
            int[] idsWithOne = Arrays.copyOf(outputSample, outputSample.length);
            idsWithOne[idsWithOne.length - 1] = 1;
            ok = Arrays.equals(targetSample, ids) || Arrays.equals(targetSample, idsWithOne);
            expected = "class ids of shape " + batchShape(ids) + " (or " + batchShape(idsWithOne) + ")";
        } else {
            ok = Arrays.equals(targetSample, outputSample);
            expected = "targets of shape " + batchShape(outputSample) + " like the model output";
        }
        if (!ok) throw new IllegalArgumentException(what + " needs " + expected + ", got " + batchShape(targetSample));
    }

    private static String batchShape(int[] sample) {
        StringBuilder sb = new StringBuilder("[N");
        for (int d : sample) sb.append(", ").append(d);
        return sb.append(']').toString();
    }
}

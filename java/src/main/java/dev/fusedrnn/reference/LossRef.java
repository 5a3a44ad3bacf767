package dev.fusedrnn.reference;

import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;

/** STUB: losses and metrics. */
final class LossRef {
    private LossRef() { }

    static double loss(LossKind kind, RefBuffer pred, RefBuffer target, RefBuffer weights, int rows, int cols, RefBuffer dPred) {
        throw new UnsupportedOperationException("TODO");
    }

    static double[] metric(MetricKind kind, RefBuffer pred, RefBuffer target, RefBuffer weights, int rows, int cols) {
        throw new UnsupportedOperationException("TODO");
    }
}

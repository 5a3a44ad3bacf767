package dev.fusedrnn.jni;

import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;
import dev.fusedrnn.backend.OptimizerSpec;

/** The frnn.h ids of the Java enums, read from the header through {@link FrnnLib} (one source of truth). */
final class NativeIds {
    private NativeIds() { }

    static int cell(CellType c) {
        switch (c) {
            case SIMPLE_RNN: return FrnnLib.FRNN_CELL_SIMPLE_RNN;
            case LSTM: return FrnnLib.FRNN_CELL_LSTM;
            default: return FrnnLib.FRNN_CELL_GRU;
        }
    }

    static int loss(LossKind k) {
        switch (k) {
            case MSE: return FrnnLib.FRNN_LOSS_MSE;
            case MAE: return FrnnLib.FRNN_LOSS_MAE;
            case BINARY_CROSSENTROPY: return FrnnLib.FRNN_LOSS_BINARY_CROSSENTROPY;
            case CATEGORICAL_CROSSENTROPY: return FrnnLib.FRNN_LOSS_CATEGORICAL_CROSSENTROPY;
            default: return FrnnLib.FRNN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
        }
    }

    static int metric(MetricKind k) {
        switch (k) {
            case BINARY_ACCURACY: return FrnnLib.FRNN_METRIC_BINARY_ACCURACY;
            case CATEGORICAL_ACCURACY: return FrnnLib.FRNN_METRIC_CATEGORICAL_ACCURACY;
            case SPARSE_CATEGORICAL_ACCURACY: return FrnnLib.FRNN_METRIC_SPARSE_CATEGORICAL_ACCURACY;
            case MAE: return FrnnLib.FRNN_METRIC_MAE;
            default: return FrnnLib.FRNN_METRIC_MSE;
        }
    }

    static int optimizer(OptimizerSpec.Kind k) {
        switch (k) {
            case SGD: return FrnnLib.FRNN_OPT_SGD;
            case ADAM: return FrnnLib.FRNN_OPT_ADAM;
            default: return FrnnLib.FRNN_OPT_RMSPROP;
        }
    }
}

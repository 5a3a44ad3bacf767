package dev.fusedrnn.backend;

/**
 * Metrics, each a weighted mean over rows like {@link LossKind}. The plain name "accuracy" resolves to
 * one of the three accuracies from the loss, as Keras does.
 */
public enum MetricKind {
    /** argmax over K or threshold 0.5 when K = 1... resolved to one of the next three. */
    BINARY_ACCURACY("binary_accuracy"),
    CATEGORICAL_ACCURACY("categorical_accuracy"),
    SPARSE_CATEGORICAL_ACCURACY("sparse_categorical_accuracy"),
    MAE("mae"),
    MSE("mse");

    private final String kerasName;

    MetricKind(String kerasName) { this.kerasName = kerasName; }

    public String kerasName() { return kerasName; }

    /** Whether targets are class ids (one per row). */
    public boolean sparseTargets() { return this == SPARSE_CATEGORICAL_ACCURACY; }
}

package dev.fusedrnn.backend;

import java.util.Locale;

/**
 * Keras losses. Each row of a prediction {@code [R, K]} gives one per-row loss; the reported loss is the
 * weighted mean over rows, {@code Σ w·l / Σ w} (weights are 1, or the sequence mask, as Keras 3 applies
 * a mask). Probabilities are clipped to {@code [1e-7, 1 − 1e-7]} as Keras does.
 */
public enum LossKind {
    /** mean over K of (p − y)². */
    MSE("mse", "mean_squared_error"),
    /** mean over K of |p − y|. */
    MAE("mae", "mean_absolute_error"),
    /** mean over K of −(y·log p + (1−y)·log(1−p)). */
    BINARY_CROSSENTROPY("binary_crossentropy"),
    /** −Σ y·log p over K (targets one-hot or soft). */
    CATEGORICAL_CROSSENTROPY("categorical_crossentropy"),
    /** −log p[label], targets are class ids {@code [R]}. */
    SPARSE_CATEGORICAL_CROSSENTROPY("sparse_categorical_crossentropy");

    private final String[] names;

    LossKind(String... names) { this.names = names; }

    public String kerasName() { return names[0]; }

    public static LossKind parse(String name) {
        if (name == null) throw new IllegalArgumentException("unknown loss 'null'; expected mse, mae, binary_crossentropy,"
                + " categorical_crossentropy or sparse_categorical_crossentropy");
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (LossKind k : values()) for (String s : k.names) if (s.equals(n)) return k;
        throw new IllegalArgumentException("unknown loss '" + name + "'; expected mse, mae, binary_crossentropy,"
                + " categorical_crossentropy or sparse_categorical_crossentropy");
    }

    /** Whether targets are class ids (one per row) rather than a tensor shaped like the prediction. */
    public boolean sparseTargets() { return this == SPARSE_CATEGORICAL_CROSSENTROPY; }
}

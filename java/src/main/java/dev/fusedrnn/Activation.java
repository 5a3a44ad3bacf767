package dev.fusedrnn;

import java.util.Locale;

/**
 * Element-wise activations with Keras names and Keras definitions. The scalar math lives here once;
 * the native kernels mirror it in {@code native/src/core/activations.h}.
 *
 * <p>{@code HARD_SIGMOID_KERAS2} is {@code clip(0.2x + 0.5, 0, 1)} (Keras 2 and tf.keras);
 * {@code HARD_SIGMOID_KERAS3} is {@code clip(x/6 + 0.5, 0, 1)} (Keras 3). {@code SOFTMAX} is a row-wise
 * activation and only valid for {@code Dense}; its scalar methods throw.
 */
public enum Activation {
    LINEAR("linear"), TANH("tanh"), SIGMOID("sigmoid"), RELU("relu"),
    HARD_SIGMOID_KERAS2("hard_sigmoid_keras2"), HARD_SIGMOID_KERAS3("hard_sigmoid_keras3"), SOFTMAX("softmax");

    private final String kerasName;

    Activation(String kerasName) { this.kerasName = kerasName; }

    /** The Keras name ({@code "tanh"}, {@code "hard_sigmoid_keras2"}, ...). */
    public String kerasName() { return kerasName; }

    /**
     * Parses a Keras activation name. {@code "hard_sigmoid"} alone is ambiguous between Keras 2 and 3
     * and is rejected with a hint; {@code null} and {@code "linear"} mean linear.
     */
    public static Activation parse(String name) {
        if (name == null) return LINEAR;
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("hard_sigmoid")) {
            throw new IllegalArgumentException("activation 'hard_sigmoid' differs between Keras 2 (clip(0.2x+0.5,0,1))"
                    + " and Keras 3 (clip(x/6+0.5,0,1)): use 'hard_sigmoid_keras2' or 'hard_sigmoid_keras3'");
        }
        for (Activation a : values()) if (a.kerasName.equals(n)) return a;
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of linear, tanh, sigmoid,"
                + " relu, hard_sigmoid_keras2, hard_sigmoid_keras3, softmax");
    }

    /** f(x). */
    public double apply(double x) {
        switch (this) {
            case LINEAR: return x;
            case TANH: return Math.tanh(x);
            case SIGMOID: return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case RELU: return x > 0 ? x : 0.0;
            case HARD_SIGMOID_KERAS2: return Math.min(1.0, Math.max(0.0, 0.2 * x + 0.5));
            case HARD_SIGMOID_KERAS3: return Math.min(1.0, Math.max(0.0, x / 6.0 + 0.5));
            default: throw new IllegalStateException("softmax is row-wise, not element-wise");
        }
    }

    /**
     * f'(x) given the input x and the output y = f(x) (whichever is cheaper is used). The derivative of
     * relu and of the hard sigmoids at their kinks is taken as 0 outside the open linear region, as
     * TensorFlow and PyTorch do.
     */
    public double derivative(double x, double y) {
        switch (this) {
            case LINEAR: return 1.0;
            case TANH: return 1.0 - y * y;
            case SIGMOID: return y * (1.0 - y);
            case RELU: return x > 0 ? 1.0 : 0.0;
            case HARD_SIGMOID_KERAS2: return (x > -2.5 && x < 2.5) ? 0.2 : 0.0;
            case HARD_SIGMOID_KERAS3: return (x > -3.0 && x < 3.0) ? 1.0 / 6.0 : 0.0;
            default: throw new IllegalStateException("softmax is row-wise, not element-wise");
        }
    }
}

package dev.fusedrnn.train;

import dev.fusedrnn.backend.OptimizerSpec;

/**
 * Keras Adam: learning rate 1e-3, β1 0.9, β2 0.999, ε 1e-7 — ε added to √v after the bias correction
 * of the step size (Keras's form, unlike PyTorch's).
 */
public final class Adam extends Optimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    public Adam() { this(1e-3); }

    public Adam(double learningRate) { super(learningRate); }

    public Adam beta1(double b) { this.beta1 = checkUnit("beta_1", b); return this; }

    public Adam beta2(double b) { this.beta2 = checkUnit("beta_2", b); return this; }

    public Adam epsilon(double e) { this.epsilon = checkPositive("epsilon", e); return this; }

    @Override
    public OptimizerSpec spec() {
        return new OptimizerSpec(OptimizerSpec.Kind.ADAM, learningRate, beta1, beta2, epsilon, 0, false, 0);
    }
}

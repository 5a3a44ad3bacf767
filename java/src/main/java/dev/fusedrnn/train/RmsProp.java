package dev.fusedrnn.train;

import dev.fusedrnn.backend.OptimizerSpec;

/** Keras 3 RMSprop: learning rate 1e-3, ρ 0.9, ε 1e-7; {@code p −= lr·g/√(a + ε)}. */
public final class RmsProp extends Optimizer {
    private double rho = 0.9;
    private double epsilon = 1e-7;

    public RmsProp() { this(1e-3); }

    public RmsProp(double learningRate) { super(learningRate); }

    public RmsProp rho(double r) { this.rho = checkUnit("rho", r); return this; }

    public RmsProp epsilon(double e) { this.epsilon = checkPositive("epsilon", e); return this; }

    @Override
    public OptimizerSpec spec() {
        return new OptimizerSpec(OptimizerSpec.Kind.RMSPROP, learningRate, 0, 0, epsilon, 0, false, rho);
    }
}

package dev.fusedrnn.train;

import dev.fusedrnn.backend.OptimizerSpec;

/** Keras SGD: learning rate 0.01, momentum 0, optional Nesterov momentum. */
public final class Sgd extends Optimizer {
    private double momentum;
    private boolean nesterov;

    public Sgd() { this(0.01); }

    public Sgd(double learningRate) { super(learningRate); }

    public Sgd momentum(double m) { this.momentum = checkUnit("momentum", m); return this; }

    public Sgd nesterov(boolean on) { this.nesterov = on; return this; }

    @Override
    public OptimizerSpec spec() {
        return new OptimizerSpec(OptimizerSpec.Kind.SGD, learningRate, 0, 0, 0, momentum, nesterov, 0);
    }
}

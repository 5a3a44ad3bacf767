package dev.fusedrnn.reference;

import dev.fusedrnn.backend.OptimizerSpec;

import static dev.fusedrnn.reference.TensorOpsRef.requireLength;

/**
 * Optimizer updates over flat buffers, and the two operations gradient clipping needs. The update rules are Keras 3's
 * {@code update_step} (keras/src/optimizers/sgd.py, adam.py, rmsprop.py), written in the same order of
 * operations; see {@link OptimizerSpec}. State is {@code stateSlots()} consecutive arrays the length of params.
 */
final class OptimizerRef {
    private OptimizerRef() { }

    /** Σ x² in index order. */
    static double sumOfSquares(RefBuffer x) {
        double s = 0.0;
        for (int i = 0; i < x.length; i++) s += x.get(i) * x.get(i);
        return s;
    }

    /** Clamps every element into [lo, hi] in place (NaN stays NaN). */
    static void clip(RefBuffer x, double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clip: expected lo <= hi, got lo = " + lo + ", hi = " + hi);
        for (int i = 0; i < x.length; i++) x.put(i, Math.min(hi, Math.max(lo, x.get(i))));
    }

    /** One update of params from grads; {@code iteration} counts from 0, so Adam's t = iteration + 1. */
    static void step(OptimizerSpec spec, RefBuffer params, RefBuffer grads, RefBuffer state, long iteration) {
        int n = params.length;
        if (grads.length != n) {
            throw new IllegalArgumentException("optimizer: params hold " + n + " values but grads hold " + grads.length);
        }
        int slots = spec.stateSlots();
        if (slots > 0) requireLength(state, (long) slots * n, "optimizer state (" + slots + " slots x " + n + " params)");
        switch (spec.kind()) {
            case SGD: sgd(spec, params, grads, state, n); break;
            case ADAM: adam(spec, params, grads, state, n, iteration); break;
            default: rmsprop(spec, params, grads, state, n); break;
        }
    }

    /** Plain: p −= lr·g. Momentum (slot 0 = m): m = μ·m − lr·g; then p += m, or with Nesterov p += μ·m − lr·g. */
    private static void sgd(OptimizerSpec spec, RefBuffer p, RefBuffer g, RefBuffer state, int n) {
        double lr = spec.learningRate();
        double mu = spec.momentum();
        for (int i = 0; i < n; i++) {
            if (mu == 0.0) {
                p.put(i, p.get(i) - g.get(i) * lr);
                continue;
            }
            double m = state.get(i) * mu - g.get(i) * lr;
            state.put(i, m);
            p.put(i, p.get(i) + (spec.nesterov() ? m * mu - g.get(i) * lr : m));
        }
    }

    /**
     * Slots m, v. m += (g − m)(1 − β1); v += (g² − v)(1 − β2); p −= m·α / (√v + ε) with
     * α = lr·√(1 − β2^t) / (1 − β1^t): the bias correction sits in α, so ε is added to the uncorrected √v.
     */
    private static void adam(OptimizerSpec spec, RefBuffer p, RefBuffer g, RefBuffer state, int n, long iteration) {
        double t = iteration + 1.0;
        double b1 = spec.beta1();
        double b2 = spec.beta2();
        double alpha = spec.learningRate() * Math.sqrt(1.0 - Math.pow(b2, t)) / (1.0 - Math.pow(b1, t));
        for (int i = 0; i < n; i++) {
            double gi = g.get(i);
            double m = state.get(i) + (gi - state.get(i)) * (1.0 - b1);
            double v = state.get(n + i) + (gi * gi - state.get(n + i)) * (1.0 - b2);
            state.put(i, m);
            state.put(n + i, v);
            p.put(i, p.get(i) - m * alpha / (Math.sqrt(v) + spec.epsilon()));
        }
    }

    /** Slot a (Keras' velocity): a = ρ·a + (1 − ρ)·g²; p −= lr·g / √(a + ε). Not centered, no momentum. */
    private static void rmsprop(OptimizerSpec spec, RefBuffer p, RefBuffer g, RefBuffer state, int n) {
        if (spec.momentum() != 0.0) {
            throw new IllegalArgumentException("RMSprop with momentum " + spec.momentum()
                    + " is not supported (one state slot, no momentum); use momentum 0");
        }
        double rho = spec.rho();
        double lr = spec.learningRate();
        for (int i = 0; i < n; i++) {
            double gi = g.get(i);
            double a = rho * state.get(i) + (1.0 - rho) * (gi * gi);
            state.put(i, a);
            p.put(i, p.get(i) - lr * gi / Math.sqrt(a + spec.epsilon()));
        }
    }
}

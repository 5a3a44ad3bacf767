package dev.fusedrnn.train;

import dev.fusedrnn.backend.OptimizerSpec;

import java.util.Locale;

/**
 * An optimizer with Keras 3's update rules and defaults ({@link Sgd}, {@link Adam}, {@link RmsProp}), plus
 * Keras's gradient clipping: {@code clipnorm} rescales each weight's gradient to at most that L2 norm,
 * {@code clipvalue} clamps each element. The update itself runs on the backend over the model's flat
 * buffers ({@link OptimizerSpec} documents the rules).
 */
public abstract class Optimizer {
    double learningRate;
    double clipnorm = Double.NaN;
    double clipvalue = Double.NaN;

    Optimizer(double learningRate) { this.learningRate = checkPositive("learning rate", learningRate); }

    /** The backend description of the update rule. */
    public abstract OptimizerSpec spec();

    public double learningRate() { return learningRate; }

    /** Changes the step size from the next update on (what learning-rate callbacks do). */
    public Optimizer learningRate(double lr) { this.learningRate = checkPositive("learning rate", lr); return this; }

    /** Maximum L2 norm of each weight's gradient (Keras clipnorm); NaN for none. */
    public double clipnorm() { return clipnorm; }

    /** Maximum absolute value of each gradient element (Keras clipvalue); NaN for none. */
    public double clipvalue() { return clipvalue; }

    /** Sets Keras's clipnorm (per weight). */
    public Optimizer clipnorm(double maxNorm) { this.clipnorm = checkPositive("clipnorm", maxNorm); return this; }

    /** Sets Keras's clipvalue (per element). */
    public Optimizer clipvalue(double maxValue) { this.clipvalue = checkPositive("clipvalue", maxValue); return this; }

    /** An optimizer by Keras name with its defaults: "sgd", "adam", "rmsprop". */
    public static Optimizer parse(String name) {
        if (name == null) throw new IllegalArgumentException("unknown optimizer 'null'; expected sgd, adam or rmsprop");
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd": return new Sgd();
            case "adam": return new Adam();
            case "rmsprop": return new RmsProp();
            default: throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected sgd, adam or rmsprop");
        }
    }

    /** The optimizer that applies {@code spec}'s rule (clipping is not part of a spec). */
    public static Optimizer of(OptimizerSpec spec) {
        switch (spec.kind()) {
            case SGD: return new Sgd(spec.learningRate()).momentum(spec.momentum()).nesterov(spec.nesterov());
            case ADAM: return new Adam(spec.learningRate()).beta1(spec.beta1()).beta2(spec.beta2()).epsilon(spec.epsilon());
            default: return new RmsProp(spec.learningRate()).rho(spec.rho()).epsilon(spec.epsilon());
        }
    }

    static double checkPositive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        return v;
    }

    static double checkUnit(String what, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(what + " must be in [0, 1), got " + v);
        return v;
    }
}

package dev.fusedrnn.backend;

/**
 * One optimizer's update rule and hyper-parameters, as a backend applies it to a flat parameter buffer.
 * Keras 3 rules, with t = iteration + 1:
 * <ul>
 * <li>SGD: without momentum {@code p −= lr·g}; with momentum {@code m = μ·m − lr·g}, then
 *     {@code p += m}, or with Nesterov {@code p += μ·m − lr·g}.</li>
 * <li>Adam: {@code m += (g − m)(1 − β1)}, {@code v += (g² − v)(1 − β2)},
 *     {@code p −= lr·√(1 − β2^t)/(1 − β1^t) · m / (√v + ε)}.</li>
 * <li>RMSprop: {@code a = ρ·a + (1 − ρ)·g²}, {@code p −= lr·g / √(a + ε)}.</li>
 * </ul>
 * State slots: SGD with momentum 1 (m), Adam 2 (m, v), RMSprop 1 (a), plain SGD 0.
 */
public record OptimizerSpec(Kind kind, double learningRate, double beta1, double beta2, double epsilon,
                            double momentum, boolean nesterov, double rho) {

    public enum Kind { SGD, ADAM, RMSPROP }

    /** Number of state values per parameter. */
    public int stateSlots() {
        switch (kind) {
            case SGD: return momentum != 0.0 ? 1 : 0;
            case ADAM: return 2;
            default: return 1;
        }
    }
}

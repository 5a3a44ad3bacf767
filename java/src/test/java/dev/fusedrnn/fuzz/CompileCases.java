package dev.fusedrnn.fuzz;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.NonFiniteException;
import dev.fusedrnn.train.Optimizer;
import dev.fusedrnn.train.RmsProp;
import dev.fusedrnn.train.Sgd;

/**
 * Optimizer and loss settings. Documented ends: a hyperparameter outside its range throws
 * IllegalArgumentException from its setter naming it (learning rate, beta_1, beta_2, rho, momentum,
 * epsilon, clipnorm, clipvalue) with the value given; an unknown loss, metric or optimizer name throws
 * IllegalArgumentException from compile quoting the name and listing the known ones; a loss whose
 * targets do not fit the model's output throws IllegalArgumentException from fit naming the loss and
 * both shapes. Valid settings train one epoch.
 */
final class CompileCases {
    private CompileCases() { }

    private interface Setting {
        Optimizer apply();
    }

    static FuzzCase make(Gen g, Backend backend) {
        Blueprint bp = Blueprint.draw(g);
        int n = g.between(1, 4);
        Tensor x = bp.inputs(g, n);
        Tensor y = bp.targets(g, n);
        String model = bp.description;
        int kind = g.between(0, 6);
        switch (kind) {
            case 0: {
                double v = g.notPositiveFinite();
                int which = g.between(0, 3);
                String field = which == 3 ? "learning rate" : new String[] {"learning rate", "clipnorm", "clipvalue"}[which];
                Setting s = () -> {
                    Optimizer o = g.pick(new Sgd(), new Adam(), new RmsProp());
                    if (which == 0) return new Adam(v);
                    if (which == 1) return o.clipnorm(v);
                    if (which == 2) return o.clipvalue(v);
                    return o.learningRate(v);
                };
                return compileFit(model + ": " + field + " " + v, backend, bp, x, y, s, "mse",
                        Expect.error(IllegalArgumentException.class, field, "got " + v));
            }
            case 1: {
                double v = g.outsideUnit();
                int which = g.between(0, 3);
                String field = new String[] {"beta_1", "beta_2", "rho", "momentum"}[which];
                Setting s = () -> which == 0 ? new Adam().beta1(v) : which == 1 ? new Adam().beta2(v)
                        : which == 2 ? new RmsProp().rho(v) : new Sgd().momentum(v);
                return compileFit(model + ": " + field + " " + v, backend, bp, x, y, s, bp.loss,
                        Expect.error(IllegalArgumentException.class, field, "got " + v));
            }
            case 2: {
                double v = g.notPositiveFinite();
                Setting s = () -> g.chance(0.5) ? new Adam().epsilon(v) : new RmsProp().epsilon(v);
                return compileFit(model + ": epsilon " + v, backend, bp, x, y, s, bp.loss,
                        Expect.error(IllegalArgumentException.class, "epsilon", "got " + v));
            }
            case 3: {
                String name = g.chance(0.8) ? g.bogusName() : null;
                int which = g.between(0, 2);
                String field = new String[] {"loss", "metric", "optimizer"}[which];
                return new FuzzCase(model + ": unknown " + field + " '" + name + "'", () -> {
                    try (Sequential m = new Sequential(bp.layers().toArray(new Layer[0])).backend(backend)) {
                        if (which == 0) m.compile("adam", name);
                        else if (which == 1) m.compile("adam", "mse", "mae", name);
                        else m.compile(name, "mse");
                    }
                }, Expect.error(IllegalArgumentException.class, field, "'" + name + "'"));
            }
            case 4: {
                // a loss whose targets do not fit this output: class ids against one-hot outputs, or the reverse
                boolean sparse = bp.loss.startsWith("sparse");
                if (!sparse && bp.classes == 1) break;   // [N, 1] targets are also valid class ids of one class
                String loss = sparse ? g.pick("mse", "categorical_crossentropy") : "sparse_categorical_crossentropy";
                String given = shape(y);
                return compileFit(model + ": loss " + loss + " with targets of shape " + given, backend, bp, x, y,
                        () -> new Adam(), loss, Expect.error(IllegalArgumentException.class, "fit: loss " + loss, "got " + given));
            }
            case 5: {
                // valid hyperparameters at their edges
                double lr = g.pick(1e-12, 1e-3, 0.5, 1e3);
                Setting s = () -> g.pick(new Adam(lr).beta1(g.pick(0.0, 0.999999)).beta2(0.0).epsilon(1e-30),
                        new Sgd(lr).momentum(g.pick(0.0, 0.99)).nesterov(g.chance(0.5)),
                        new RmsProp(lr).rho(0.0).epsilon(1e30)).clipnorm(g.pick(1e-30, 1.0, 1e30));
                // tiny epsilons and large steps may overflow: fit's documented numerical guard
                Expect e = Expect.resultOr(NonFiniteException.class, "fit: the ", "(training step ");
                return compileFit(model + ": valid edge settings, lr " + lr, backend, bp, x, y, s, bp.loss, e);
            }
            default:
                break;
        }
        return compileFit(model + ": valid settings", backend, bp, x, y, () -> g.pick(new Adam(), new Sgd(), new RmsProp()),
                bp.loss, Expect.result());
    }

    /** Compiles with the setting and loss, then fits one epoch. */
    private static FuzzCase compileFit(String what, Backend backend, Blueprint bp, Tensor x, Tensor y, Setting s, String loss, Expect e) {
        return new FuzzCase(what, () -> {
            try (Sequential m = new Sequential(bp.layers().toArray(new Layer[0])).backend(backend).seed(1)) {
                m.compile(s.apply(), loss);
                m.fit(x, y, new FitOptions().epochs(1).batchSize(2).verbose(0));
            }
        }, e);
    }

    private static String shape(Tensor t) {
        StringBuilder sb = new StringBuilder("[N");
        for (int i = 1; i < t.rank(); i++) sb.append(", ").append(t.dim(i));
        return sb.append(']').toString();
    }
}

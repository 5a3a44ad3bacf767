package dev.fusedrnn.fuzz;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.NonFiniteException;

import java.util.Arrays;

/**
 * Data and options given to fit, evaluate and predict on a valid compiled model. Documented ends: a value,
 * shape, id, label, size or option that the call cannot take throws IllegalArgumentException naming the
 * call and the argument (x, y, batch size, ...) and showing what was given against what is expected; finite
 * values however large are accepted (fit may then stop with NonFiniteException when a value overflows,
 * the documented numerical guard of fit).
 */
final class DataCases {
    private DataCases() { }

    /** What a case feeds the model, given a compiled model built for the blueprint. */
    private interface Call {
        void run(Sequential m) throws Exception;
    }

    static FuzzCase make(Gen g, Backend backend) {
        Blueprint bp = Blueprint.draw(g);
        int n = g.between(1, 5);
        Tensor x = bp.inputs(g, n);
        Tensor y = bp.targets(g, n);
        String op = g.pick("fit", "evaluate", "predict");
        String model = bp.description + ", " + n + " samples";
        int kind = g.between(0, 12);
        switch (kind) {
            case 0: {
                // NaN or ±Inf in x (token ids: the embedding's vocabulary check names them)
                float bad = g.nonFinite();
                int at = g.between(0, (int) x.size() - 1);
                Tensor bx = with(x, at, bad);
                Expect e = bp.vocab > 0 ? Expect.error(IllegalArgumentException.class, "l0", "token id " + bad, x.indexOf(at))
                        : Expect.error(IllegalArgumentException.class, op, "x holds " + bad, x.indexOf(at));
                return call(model + ": " + op + " with " + bad + " in x at " + at, backend, bp, op, bx, y, 32, e);
            }
            case 1: {
                if (op.equals("predict")) op = "evaluate";
                float bad = g.nonFinite();
                int at = g.between(0, (int) y.size() - 1);
                return call(model + ": " + op + " with " + bad + " in y", backend, bp, op, x, with(y, at, bad), 32,
                        Expect.error(IllegalArgumentException.class, op, "y holds " + bad, y.indexOf(at)));
            }
            case 2: {
                // huge but finite inputs are data like any other
                if (bp.vocab > 0) break;
                Tensor hx = Tensor.of(g.values((int) x.size(), true), x.shape());
                return call(model + ": " + op + " with values of ±1e30", backend, bp, op, hx, y, 32,
                        op.equals("fit") ? Expect.resultOr(NonFiniteException.class, "fit: the ", "(training step ") : Expect.result());
            }
            case 3: {
                // empty: no samples, no time steps, no features
                int[] s = x.shape();
                int d = g.between(0, s.length - 1);
                s[d] = 0;
                Tensor ex = Tensor.zeros(s);
                Tensor ey = d == 0 ? Tensor.zeros(withFirst(y.shape(), 0)) : y;
                Expect e = d == 0 ? (op.equals("predict") ? Expect.result() : Expect.error(IllegalArgumentException.class, op, "no samples"))
                        : Expect.error(IllegalArgumentException.class, Arrays.toString(Arrays.copyOfRange(s, 1, s.length)));
                return call(model + ": " + op + " with x of shape " + Arrays.toString(s), backend, bp, op, ex, ey, 32, e);
            }
            case 4: {
                if (op.equals("predict")) op = "fit";
                int m = n + g.pick(-n, 1, 3);
                Tensor my = bp.targets(g, Math.max(m, 0) == 0 ? 1 : m);
                if (m == 0) my = Tensor.zeros(withFirst(y.shape(), 0));
                return call(model + ": " + op + " with " + n + " x samples and " + my.dim(0) + " y samples", backend, bp, op, x, my, 32,
                        Expect.error(IllegalArgumentException.class, op, "x has " + n + " samples but y has " + my.dim(0)));
            }
            case 5: {
                // token ids or class labels outside their range
                if (bp.vocab > 0) {
                    float id = g.pick(-1f, (float) bp.vocab, bp.vocab + 1000f, 0.5f, -1e9f);
                    int at = g.between(0, (int) x.size() - 1);
                    return call(model + ": " + op + " with token id " + id, backend, bp, op, with(x, at, id), y, 32,
                            Expect.error(IllegalArgumentException.class, "l0", "token id " + id, "[0, " + bp.vocab + ")"));
                }
                if (!bp.loss.startsWith("sparse")) break;
                if (op.equals("predict")) op = "fit";
                float label = g.pick(-1f, (float) bp.classes, 1e9f, 0.5f);
                return call(model + ": " + op + " with class id " + label, backend, bp, op, x, with(y, 0, label), 32,
                        Expect.error(IllegalArgumentException.class, op, "class id " + label, "[0, " + bp.classes + ")"));
            }
            case 6: {
                // x of the wrong rank
                int[] s = g.chance(0.5) ? new int[] {n} : concat(x.shape(), 1);
                Tensor wx = Tensor.zeros(s);
                Expect e = s.length == 1 ? Expect.error(IllegalArgumentException.class, op, "must have a batch dimension")
                        : Expect.error(IllegalArgumentException.class, "l0", Layer.shapeString(Arrays.copyOfRange(s, 1, s.length)));
                return call(model + ": " + op + " with x of shape " + Arrays.toString(s), backend, bp, op, wx, y, 32, e);
            }
            case 7: {
                // y of the wrong shape for the loss and the output
                if (op.equals("predict")) op = "evaluate";
                Tensor wy = Tensor.zeros(concat(y.shape(), 2));
                return call(model + ": " + op + " with y of shape " + Arrays.toString(wy.shape()), backend, bp, op, x, wy, 32,
                        Expect.error(IllegalArgumentException.class, op, "loss " + bp.loss, "got " + batchShape(wy.shape())));
            }
            case 8: {
                int b = g.nonPositive();
                return call(model + ": " + op + " with batch size " + b, backend, bp, op, x, y, b,
                        Expect.error(IllegalArgumentException.class, "batch size", "got " + b));
            }
            case 9: {
                int b = g.pick(Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 1 << 30, n + 1);
                return call(model + ": " + op + " with batch size " + b, backend, bp, op, x, y, b, Expect.result());
            }
            case 10: {
                int epochs = g.pick(-1, Integer.MIN_VALUE, 0);
                return fit(model + ": fit with epochs " + epochs, backend, bp, x, y, () -> new FitOptions().epochs(epochs),
                        epochs == 0 ? Expect.result() : Expect.error(IllegalArgumentException.class, "epochs", "got " + epochs));
            }
            case 11: {
                double split = g.chance(0.7) ? g.outsideUnit() : 1e-9;
                boolean range = !(split >= 0 && split < 1);
                return fit(model + ": fit with validation split " + split, backend, bp, x, y, () -> new FitOptions().validationSplit(split),
                        range ? Expect.error(IllegalArgumentException.class, "validation split", "got " + split)
                                : n == 1 ? Expect.error(IllegalArgumentException.class, "validation split " + split, "no training")
                                : Expect.result());
            }
            case 12: {
                // misuse order: fit or evaluate before compile, anything after close
                boolean closed = g.chance(0.5);
                String call = op;
                return new FuzzCase(model + (closed ? ": " + op + " after close" : ": fit before compile"), () -> {
                    Sequential m = new Sequential(bp.layers().toArray(new Layer[0])).backend(backend).seed(1);
                    try {
                        if (closed) {
                            m.compile("sgd", bp.loss);
                            m.build(bp.sample());
                            m.close();
                            run(m, call, x, y, 32);
                        } else {
                            m.fit(x, y, quiet());
                        }
                    } finally {
                        m.close();
                    }
                }, Expect.error(IllegalStateException.class, closed ? "closed" : "compile"));
            }
            default:
                break;
        }
        return call(model + ": valid " + op, backend, bp, op, x, y, g.between(1, 4), Expect.result());
    }

    private static FuzzCase call(String what, Backend backend, Blueprint bp, String op, Tensor x, Tensor y, int batch, Expect e) {
        return new FuzzCase(what, () -> {
            try (Sequential m = new Sequential(bp.layers().toArray(new Layer[0])).backend(backend).seed(1)) {
                m.compile("adam", bp.loss);
                run(m, op, x, y, batch);
            }
        }, e);
    }

    private static void run(Sequential m, String op, Tensor x, Tensor y, int batch) {
        switch (op) {
            case "fit": m.fit(x, y, quiet().batchSize(batch)); break;
            case "evaluate": m.evaluate(x, y, batch); break;
            default: m.predict(x, batch);
        }
    }

    private static FuzzCase fit(String what, Backend backend, Blueprint bp, Tensor x, Tensor y,
                                java.util.function.Supplier<FitOptions> options, Expect e) {
        return new FuzzCase(what, () -> {
            try (Sequential m = new Sequential(bp.layers().toArray(new Layer[0])).backend(backend).seed(1)) {
                m.compile("adam", bp.loss);
                m.fit(x, y, options.get().verbose(0));
            }
        }, e);
    }

    private static FitOptions quiet() { return new FitOptions().verbose(0); }

    static Tensor with(Tensor t, int at, float v) {
        float[] a = t.toArray();
        a[at] = v;
        return Tensor.of(a, t.shape());
    }

    private static int[] withFirst(int[] s, int first) {
        int[] c = s.clone();
        c[0] = first;
        return c;
    }

    private static int[] concat(int[] s, int last) {
        int[] c = Arrays.copyOf(s, s.length + 1);
        c[s.length] = last;
        return c;
    }

    private static String batchShape(int[] s) {
        StringBuilder sb = new StringBuilder("[N");
        for (int i = 1; i < s.length; i++) sb.append(", ").append(s[i]);
        return sb.append(']').toString();
    }
}

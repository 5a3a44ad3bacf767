package dev.fusedrnn.fuzz;

import dev.fusedrnn.Activation;
import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.layers.Bidirectional;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Dropout;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.Flatten;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Recurrent;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.layers.TimeDistributed;
import dev.fusedrnn.train.FitOptions;

import java.util.List;
import java.util.function.Supplier;

/**
 * Layer configurations and model building. Documented ends: a bad option of a layer (units, rates,
 * activations, vocabulary, merge mode, wrapped layer) throws IllegalArgumentException from its constructor
 * or setter naming the layer and the option and showing the value; a layer that cannot take its input
 * shape, or a shape the model cannot be built for, throws IllegalArgumentException at build naming the
 * layer and both shapes; a size beyond what a model can hold is refused before anything is allocated.
 */
final class LayerCases {
    private LayerCases() { }

    static FuzzCase make(Gen g, Backend backend) {
        Blueprint bp = Blueprint.draw(g);
        int kind = g.between(0, 15);
        switch (kind) {
            case 0: {
                int u = g.nonPositive();
                Supplier<Layer> make = g.pick(() -> new LSTM(u), () -> new GRU(u), () -> new SimpleRNN(u), () -> new Dense(u));
                return new FuzzCase("recurrent or dense units " + u, () -> make.get(), Expect.error(IllegalArgumentException.class, "units", "got " + u));
            }
            case 1: {
                // units so large that one weight would exceed what a buffer holds: refused at build, nothing allocated
                boolean dense = g.chance(0.5);
                int u = dense ? g.pick(1 << 30, Integer.MAX_VALUE, Integer.MAX_VALUE / 2 + g.between(1, 1000))
                        : g.pick(1 << 29, 1 << 30, Integer.MAX_VALUE, Integer.MAX_VALUE / 2 + g.between(1, 1000));
                int c = g.between(1, 3);
                return buildCase("huge units " + u + (dense ? " in Dense" : " in LSTM") + " on (2, " + c + ")", backend,
                        () -> List.of(dense ? new Dense(u).name("big") : new LSTM(u).name("big")), new int[] {2, c},
                        Expect.error(IllegalArgumentException.class, "big", "at most"));
            }
            case 2: {
                double rate = g.outsideUnit();
                int which = g.between(0, 2);
                String field = which == 0 ? "rate" : which == 1 ? "dropout" : "recurrentDropout";
                return new FuzzCase(field + " " + rate, () -> {
                    if (which == 0) new Dropout(rate);
                    else if (which == 1) new LSTM(2).dropout(rate);
                    else new GRU(2).recurrentDropout(rate);
                }, Expect.error(IllegalArgumentException.class, field, "got " + rate));
            }
            case 3: {
                String name = g.bogusName();
                boolean dense = g.chance(0.5);
                return new FuzzCase("activation '" + name + "'", () -> {
                    if (dense) new Dense(2, name);
                    else new SimpleRNN(2).activation(Activation.parse(name));
                }, Expect.error(IllegalArgumentException.class, "activation", "'" + name + "'"));
            }
            case 4: {
                // activations a cell does not compute, or none at all
                Activation a = g.pick(Activation.RELU, Activation.SIGMOID, Activation.LINEAR, Activation.SOFTMAX, null);
                boolean gates = a != null && a != Activation.SIGMOID && g.chance(0.5);
                return buildCase((gates ? "LSTM recurrentActivation " : "LSTM activation ") + a, backend,
                        () -> List.of((Layer) (gates ? new LSTM(2).recurrentActivation(a) : new LSTM(2).activation(a)).name("rnn")),
                        new int[] {3, 2}, a == null ? Expect.error(IllegalArgumentException.class, "lstm", "activation", "null")
                                : Expect.error(IllegalArgumentException.class, "rnn", gates ? "recurrent activation" : "activation", a.kerasName()));
            }
            case 5: {
                // a recurrent layer after one that returns only its last output: rank mismatch
                return buildCase("LSTM(returnSequences=false) then GRU", backend,
                        () -> List.of(new LSTM(3).name("first"), new GRU(2).name("second")), new int[] {4, 2},
                        Expect.error(IllegalArgumentException.class, "second", "(None, 3)"));
            }
            case 6: {
                // returnState inside a model: misuse, found when the model runs
                return runCase("returnState in a model", backend, () -> List.of(new SimpleRNN(2).returnState(true).name("rs"), new Dense(1)),
                        new int[] {3, 1}, Expect.error(IllegalStateException.class, "rs", "returnState"));
            }
            case 7: {
                int in = g.chance(0.5) ? g.nonPositive() : g.pick((1 << 24) + 1, Integer.MAX_VALUE);
                int out = g.chance(0.5) ? g.nonPositive() : 3;
                boolean inBad = in < 1 || in > (1 << 24);
                return new FuzzCase("Embedding(" + in + ", " + out + ")", () -> new Embedding(in, out),
                        Expect.error(IllegalArgumentException.class, "embedding", inBad ? String.valueOf(in) : String.valueOf(out)));
            }
            case 8: {
                // an embedding that does not come first: it gets sequences, not ids
                return buildCase("Embedding after Dense", backend, () -> List.of(new Dense(2), new Embedding(5, 2).name("emb")),
                        new int[] {3, 2}, Expect.error(IllegalArgumentException.class, "emb", "(None, 3, 2)"));
            }
            case 9: {
                Supplier<Layer> inner = g.pick(() -> new LSTM(2), () -> new Bidirectional(new GRU(2)), () -> new Embedding(4, 2), () -> null);
                return new FuzzCase("TimeDistributed of a sequence layer or null", () -> new TimeDistributed(inner.get()),
                        Expect.error(IllegalArgumentException.class, "time_distributed"));
            }
            case 10: {
                // TimeDistributed on [N, F] (no time axis)
                return buildCase("TimeDistributed after a last-output LSTM", backend,
                        () -> List.of(new LSTM(2), new TimeDistributed(new Dense(1)).name("td")), new int[] {3, 2},
                        Expect.error(IllegalArgumentException.class, "td", "(None, 2)"));
            }
            case 11: {
                boolean nullLayer = g.chance(0.3);
                String mode = nullLayer ? "concat" : g.pick("bogus", "", "CONCAT2", null);   // one defect at a time
                return new FuzzCase("Bidirectional(" + (nullLayer ? "null" : "GRU") + ", '" + mode + "')",
                        () -> new Bidirectional(nullLayer ? null : new GRU(2), mode),
                        Expect.error(IllegalArgumentException.class, "bidirectional", nullLayer ? "null" : String.valueOf(mode)));
            }
            case 12: {
                // Flatten then a recurrent layer: rank 1 reaches a layer that needs (T, C)
                return buildCase("Flatten then SimpleRNN", backend, () -> List.of(new Flatten(), new SimpleRNN(2).name("after")),
                        new int[] {3, 2}, Expect.error(IllegalArgumentException.class, "after", "(None, 6)"));
            }
            case 13: {
                // input shapes the model cannot be built for
                int[] shape = g.pick(new int[] {}, new int[] {0, 2}, new int[] {3, 0}, new int[] {-1, 2}, new int[] {2, 2, 2}, new int[] {Integer.MIN_VALUE});
                boolean small = false;
                for (int d : shape) small |= d < 1;
                String shown = small ? java.util.Arrays.toString(shape) : Layer.shapeString(shape);
                return buildCase("build " + shown + " for " + bp.description, backend, bp::layers, shape,
                        Expect.error(IllegalArgumentException.class, shown));
            }
            case 14: {
                // the same layer twice, a null layer, a layer of another (built) model
                int which = g.between(0, 2);
                return new FuzzCase(new String[] {"one layer added twice", "a null layer", "a layer of another built model"}[which], () -> {
                    Dense d = new Dense(1);
                    if (which == 0) new Sequential(d, d).close();
                    else if (which == 1) new Sequential(new Dense(1), null).close();
                    else {
                        try (Sequential a = new Sequential(d).backend(backend); Sequential b = new Sequential(new LSTM(2))) {
                            a.build(2);
                            b.add(d);
                        }
                    }
                }, Expect.error(IllegalArgumentException.class, which == 1 ? "null" : "Dense"));
            }
            default:
                return runCase("valid " + bp.description, backend, bp::layers, bp.sample(), Expect.result(), bp, g);
        }
    }

    /** Builds a model of these layers for a sample shape. */
    private static FuzzCase buildCase(String what, Backend backend, Supplier<List<Layer>> layers, int[] shape, Expect e) {
        return new FuzzCase(what, () -> {
            try (Sequential m = new Sequential(layers.get().toArray(new Layer[0])).backend(backend).seed(1)) {
                m.build(shape);
            }
        }, e);
    }

    private static FuzzCase runCase(String what, Backend backend, Supplier<List<Layer>> layers, int[] shape, Expect e) {
        return runCase(what, backend, layers, shape, e, null, null);
    }

    /** Builds, predicts on two samples and, for a blueprint, compiles and fits one epoch. */
    private static FuzzCase runCase(String what, Backend backend, Supplier<List<Layer>> layers, int[] shape, Expect e, Blueprint bp, Gen g) {
        long dataSeed = g == null ? 7 : g.nextLong();
        return new FuzzCase(what, () -> {
            try (Sequential m = new Sequential(layers.get().toArray(new Layer[0])).backend(backend).seed(1)) {
                Gen data = new Gen(dataSeed);
                int[] full = new int[shape.length + 1];
                full[0] = 2;
                System.arraycopy(shape, 0, full, 1, shape.length);
                Tensor x = bp != null ? bp.inputs(data, 2) : Tensor.of(data.values(2 * product(shape), false), full);
                m.predict(x);
                if (bp != null) {
                    m.compile(data.pick("sgd", "adam", "rmsprop"), bp.loss);
                    m.fit(x, bp.targets(data, 2), new FitOptions().epochs(1).batchSize(data.between(1, 3)).verbose(0));
                }
            }
        }, e);
    }

    static int product(int[] s) {
        int p = 1;
        for (int d : s) p *= d;
        return p;
    }
}

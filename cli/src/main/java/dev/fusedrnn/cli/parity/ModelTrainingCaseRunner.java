package dev.fusedrnn.cli.parity;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Recurrent;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.Optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a training case through the public model API, exactly as a user would: a Sequential model of the
 * case's recurrent layer and Dense head, the case's initial weights, compile, then full-batch {@code fit}
 * without shuffling, one epoch per update. Compared: every reported loss ({@code fit}'s per-epoch loss is
 * the loss computed in that step, the last one comes from {@code evaluate}), the gradients of the first
 * step, the weights after the first step and after the last.
 */
public final class ModelTrainingCaseRunner implements TrainingCaseRunner {
    private static final String[] RNN_WEIGHTS = {"kernel", "recurrent_kernel", "bias"};
    private static final String[] DENSE_WEIGHTS = {"dense_kernel", "dense_bias"};

    /**
     * The data enter through float32 {@link Tensor}s, so even a float64 backend starts from inputs
     * rounded by 2^-24 relative; over 20 updates that perturbation stays of order 1e-7 (the losses
     * decrease smoothly and every step is a contraction-sized update), so both kinds of backend are held
     * to the float32 bound.
     */
    @Override
    public double tolerance(ParityCase c, Backend backend) { return Tolerance.FLOAT32; }

    @Override
    public Map<String, Double> run(ParityCase c, Backend backend) {
        ParityCase.Training t = c.training();
        ParityCase.Dims d = c.dims();
        Recurrent rnn = layer(c);
        Dense head = new Dense(d.denseUnits(), t.headActivation());
        Map<String, Double> errors = new LinkedHashMap<>();
        try (Sequential model = new Sequential(rnn, head).backend(backend).seed(0)) {
            model.build(d.time(), d.input());
            rnn.setWeights(weights(t.initialWeights(), RNN_WEIGHTS));
            head.setWeights(weights(t.initialWeights(), DENSE_WEIGHTS));
            model.compile(Optimizer.of(t.optimizer()), t.headLoss().kerasName());
            Tensor x = tensor(t.data().get("x"));
            Tensor y = tensor(t.data().get("y"));
            FitOptions oneStep = new FitOptions().epochs(1).batchSize(d.batch()).shuffle(false).verbose(0);
            List<Double> losses = new ArrayList<>(model.fit(x, y, oneStep).get("loss"));
            compare(errors, "gradients_step0.", t.gradientsStep0(), gradients(rnn), gradients(head));
            compare(errors, "weights_after_step1.", t.weightsAfterStep1(), rnn.getWeightsAsDouble(), head.getWeightsAsDouble());
            if (t.steps() > 1) {
                losses.addAll(model.fit(x, y, new FitOptions().epochs(t.steps() - 1).batchSize(d.batch()).shuffle(false)
                        .verbose(0)).get("loss"));
            }
            losses.add(model.evaluate(x, y, d.batch()).get("loss"));
            errors.put("losses", Tolerance.scaledError(losses.stream().mapToDouble(Double::doubleValue).toArray(), t.losses()));
            compare(errors, "final_weights.", t.finalWeights(), rnn.getWeightsAsDouble(), head.getWeightsAsDouble());
        }
        return errors;
    }

    private static Recurrent layer(ParityCase c) {
        int units = c.dims().units();
        Recurrent r;
        if (c.cell() == CellType.LSTM) r = new LSTM(units);
        else if (c.cell() == CellType.GRU) r = new GRU(units).resetAfter(c.options().resetAfter());
        else r = new SimpleRNN(units);
        return r.activation(c.activation()).recurrentActivation(c.recurrentActivation());
    }

    private static double[][] weights(Map<String, ParityTensor> m, String[] names) {
        double[][] w = new double[names.length][];
        for (int i = 0; i < names.length; i++) w[i] = require(m, names[i]).data();
        return w;
    }

    private static double[][] gradients(Layer l) {
        List<Layer.Weight> ws = l.weights();
        double[][] g = new double[ws.size()][];
        for (int i = 0; i < g.length; i++) g[i] = ws.get(i).gradient().toDoubleArray();
        return g;
    }

    private static void compare(Map<String, Double> errors, String prefix, Map<String, ParityTensor> expected,
                                double[][] rnn, double[][] head) {
        for (int i = 0; i < RNN_WEIGHTS.length; i++) {
            errors.put(prefix + RNN_WEIGHTS[i], Tolerance.scaledError(rnn[i], require(expected, RNN_WEIGHTS[i]).data()));
        }
        for (int i = 0; i < DENSE_WEIGHTS.length; i++) {
            errors.put(prefix + DENSE_WEIGHTS[i], Tolerance.scaledError(head[i], require(expected, DENSE_WEIGHTS[i]).data()));
        }
    }

    private static ParityTensor require(Map<String, ParityTensor> m, String key) {
        ParityTensor t = m.get(key);
        if (t == null) throw new IllegalArgumentException("training case lacks '" + key + "'");
        return t;
    }

    private static Tensor tensor(ParityTensor p) {
        float[] v = new float[p.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) p.data()[i];
        return Tensor.of(v, p.shape());
    }
}

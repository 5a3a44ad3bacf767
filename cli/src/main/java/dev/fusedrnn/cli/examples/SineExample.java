package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.TimeDistributed;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sine prediction, the classic first Keras RNN tutorial, on the series s(t) = 0.04·t·cos(0.25·t) sampled
 * at 50 points of [0, 10π]. {@code sine}: windows of 3 values predict the next one (many-to-one,
 * SimpleRNN + Dense). {@code sine-seq2seq}: 3 values predict the next 3 (returnSequences +
 * TimeDistributed(Dense(1))). The first 80 % of the windows train, the last 20 % test.
 */
final class SineExample extends Example {
    static final int POINTS = 50;
    static final int WINDOW = 3;
    private final boolean seq2seq;

    SineExample(boolean seq2seq) { this.seq2seq = seq2seq; }

    @Override public String name() { return seq2seq ? "sine-seq2seq" : "sine"; }

    @Override public CellType defaultCell() { return CellType.SIMPLE_RNN; }

    @Override public int defaultEpochs() { return 200; }

    /** The series s(t) at 50 evenly spaced t in [0, 10π]. */
    static double[] series() {
        double[] s = new double[POINTS];
        for (int k = 0; k < POINTS; k++) {
            double t = 10 * Math.PI * k / (POINTS - 1);
            s[k] = 0.04 * t * Math.cos(0.25 * t);
        }
        return s;
    }

    @Override
    public Sequential model(CellType cell, String backend, long seed) {
        Sequential m = seq2seq
                ? new Sequential(layer(cell, 16).returnSequences(true), new TimeDistributed(new Dense(1)))
                : new Sequential(layer(cell, 16), new Dense(1));
        return m.backend(backend).seed(seed).build(WINDOW, 1);
    }

    @Override
    public Result train(Run run) {
        double[] s = series();
        int horizon = seq2seq ? WINDOW : 1;
        int samples = POINTS - WINDOW - horizon + 1;
        float[][][] x = new float[samples][WINDOW][1];
        float[][][] y = new float[samples][horizon][1];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < WINDOW; j++) x[i][j][0] = (float) s[i + j];
            for (int j = 0; j < horizon; j++) y[i][j][0] = (float) s[i + WINDOW + j];
        }
        Tensor tx = Tensor.of(x);
        Tensor ty = seq2seq ? Tensor.of(y) : Tensor.of(Tensor.of(y).toArray2());
        int train = (int) (samples * 0.8);
        try (Sequential model = model(run.cell(), run.backend(), run.seed())) {
            model.compile(new Adam(0.01), "mse", "mae");
            long t0 = System.nanoTime();
            History h = model.fit(tx.rows(0, train), ty.rows(0, train), new FitOptions().epochs(run.epochs())
                    .batchSize(run.batchSize()).seed(run.seed()).verbose(run.verbose()).out(run.out())
                    .validationData(tx.rows(train, samples), ty.rows(train, samples)));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (h.epochs() > 0) h.asMap().forEach((k, v) -> metrics.put(k, v.get(v.size() - 1)));
            metrics.put("test_mse", model.evaluate(tx.rows(train, samples), ty.rows(train, samples)).get("loss"));
            if (run.plots() != null) {
                plotHistory(run, h);
                // the next value after each test window (for seq2seq: the first of the 3 predicted)
                float[] p = model.predict(tx.rows(train, samples)).toArray();
                double[] k = new double[samples - train];
                double[] actual = new double[k.length];
                double[] predicted = new double[k.length];
                for (int i = 0; i < k.length; i++) {
                    k[i] = train + i + WINDOW;
                    actual[i] = s[train + i + WINDOW];
                    predicted[i] = p[i * horizon];
                }
                Plots.forecast(name(), "forecast", name() + ": next value after each test window", "step", "s",
                        k, actual, Map.of(cellName(run.cell()), predicted), run.plots());
            }
            return new Result(name(), run.cell(), model.backend().name(), h.epochs(), seconds, metrics);
        }
    }
}

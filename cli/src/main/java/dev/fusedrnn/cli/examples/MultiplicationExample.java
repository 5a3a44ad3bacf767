package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The multiplication problem of the LSTM paper (Hochreiter and Schmidhuber, 1997): 100 steps of two
 * features — a marker, 1 at two random steps and 0 elsewhere, and a value uniform in [0, 1); the target
 * is the product of the two marked values. 3000 samples, 2560 to train and 440 to test; two stacked
 * 30-unit layers and Dense(1), Adam (learning rate 3e-3), mse. A prediction is correct when it is within 0.04 of the target.
 */
public final class MultiplicationExample extends Example {
    public static final double TOLERANCE = 0.04;
    /** Adam's step size: 3e-3 converges about twice as fast here as Keras's default 1e-3. */
    public static final double LEARNING_RATE = 3e-3;

    @Override public String name() { return "multiplication"; }

    @Override public CellType defaultCell() { return CellType.LSTM; }

    @Override public int defaultEpochs() { return 30; }

    /** {@code samples} sequences of {@code time} steps: x {@code [N, T, 2]} (marker, value) and y {@code [N, 1]}. */
    public static Tensor[] data(int samples, int time, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][][] x = new float[samples][time][2];
        float[][] y = new float[samples][1];
        for (int n = 0; n < samples; n++) {
            for (int t = 0; t < time; t++) x[n][t][1] = (float) rng.nextDouble();
            int a = rng.nextInt(time);
            int b = rng.nextInt(time - 1);
            if (b >= a) b++;                       // two distinct marked steps
            x[n][a][0] = 1f;
            x[n][b][0] = 1f;
            y[n][0] = x[n][a][1] * x[n][b][1];
        }
        return new Tensor[] {Tensor.of(x), Tensor.of(y)};
    }

    /** Fraction of predictions within {@link #TOLERANCE} of their targets. */
    public static double correctness(Tensor predicted, Tensor target) {
        float[] p = predicted.toArray();
        float[] y = target.toArray();
        int ok = 0;
        for (int i = 0; i < p.length; i++) if (Math.abs(p[i] - y[i]) <= TOLERANCE) ok++;
        return ok / (double) p.length;
    }

    /** Two stacked layers of the cell and a linear Dense(1) on {@code time} steps of 2 features. */
    public static Sequential model(CellType cell, int units, int time, String backend, long seed) {
        return new Sequential(layer(cell, units).returnSequences(true), layer(cell, units), new Dense(1))
                .backend(backend).seed(seed).build(time, 2);
    }

    @Override
    public Sequential model(CellType cell, String backend, long seed) { return model(cell, 30, 100, backend, seed); }

    @Override
    public Result train(Run run) {
        Tensor[] d = data(3000, 100, run.seed());
        Tensor xTrain = d[0].rows(0, run.cap(2560));
        Tensor yTrain = d[1].rows(0, run.cap(2560));
        Tensor xTest = d[0].rows(2560, 3000);
        Tensor yTest = d[1].rows(2560, 3000);
        try (Sequential model = model(run.cell(), run.backend(), run.seed())) {
            model.compile(new Adam(LEARNING_RATE), "mse");
            long t0 = System.nanoTime();
            History h = model.fit(xTrain, yTrain, new FitOptions().epochs(run.epochs()).batchSize(run.batchSize())
                    .seed(run.seed()).verbose(run.verbose()).out(run.out()).validationData(xTest, yTest));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (h.epochs() > 0) h.asMap().forEach((k, v) -> metrics.put(k, v.get(v.size() - 1)));
            metrics.put("correctness", correctness(model.predict(xTest), yTest));
            plotHistory(run, h);
            return new Result(name(), run.cell(), model.backend().name(), h.epochs(), seconds, metrics);
        }
    }
}

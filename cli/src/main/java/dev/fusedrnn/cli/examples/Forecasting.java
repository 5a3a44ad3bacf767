package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.data.MinMaxScaler;
import dev.fusedrnn.data.Series;
import dev.fusedrnn.data.Windows;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps the forecasting examples share: scale with a MinMaxScaler fitted on the training period only,
 * cut {@code window}-step windows that predict the next value of the target column, put a window in the
 * training set when its target is dated on or before {@code lastTrain} and in the test set otherwise, train,
 * and score the test forecasts in scaled and in original units, next to two baselines: the training mean
 * (every forecast is the mean training target: what a model that learned nothing but the level of its
 * training data predicts) and persistence (next value = last value seen).
 */
final class Forecasting {
    /** A prepared forecasting problem. */
    record Problem(Windows.Windowed train, Windows.Windowed test, MinMaxScaler scaler, int target, Series series) { }

    private Forecasting() { }

    static Problem prepare(Series s, int target, int window, LocalDate lastTrain, Integer maxTrain) {
        int trainRows = s.countUpTo(lastTrain);
        if (trainRows <= window || trainRows >= s.size()) {
            throw new IllegalArgumentException("the split at " + lastTrain + " leaves " + trainRows + " of " + s.size()
                    + " rows for training; both periods need more than one window of " + window);
        }
        MinMaxScaler scaler = new MinMaxScaler().fit(s.rows(0, trainRows));
        Windows.Windowed all = Windows.manyToOne(scaler.transform(s.values()), window, target);
        int nTrain = trainRows - all.firstTarget();              // windows whose target row is < trainRows
        int from = maxTrain == null ? 0 : Math.max(0, nTrain - maxTrain);   // a cap keeps the latest windows
        return new Problem(all.rows(from, nTrain), all.rows(nTrain, all.size()), scaler, target, s);
    }

    /**
     * Trains and scores; {@code unit} names the original unit in the output. With {@code validationSplit} 0
     * the test windows are the validation data (for the curves only: nothing is chosen by them); above 0,
     * the last fraction of the training windows is, so that callbacks such as EarlyStopping select on data
     * that is not the test set.
     */
    static Example.Result run(Example ex, Example.Run run, Problem p, Sequential model, String unit, double validationSplit,
                              Callback... callbacks) {
        run.out().printf("%s: %d training windows up to %s, %d test windows %s .. %s, %d feature(s) %s%n", ex.name(),
                p.train().size(), p.series().dates()[p.train().firstTarget() + p.train().size() - 1], p.test().size(),
                p.series().dates()[p.test().firstTarget()], p.series().dates()[p.series().size() - 1],
                p.series().columns().size(), p.series().columns());
        long t0 = System.nanoTime();
        FitOptions fo = new FitOptions().epochs(run.epochs()).batchSize(run.batchSize())
                .seed(run.seed()).verbose(run.verbose()).out(run.out()).shuffle(true).callbacks(callbacks);
        if (validationSplit > 0) fo.validationSplit(validationSplit); else fo.validationData(p.test().x(), p.test().y());
        History h = model.fit(p.train().x(), p.train().y(), fo);
        double seconds = (System.nanoTime() - t0) / 1e9;
        float[] predScaled = model.predict(p.test().x()).toArray();
        float[] actualScaled = p.test().y().toArray();
        int n = actualScaled.length;
        double[] pred = new double[n];
        double[] actual = new double[n];
        double[] last = new double[n];
        double[] x = new double[n];
        double mseScaled = 0;
        double trainMean = 0;
        float[] trainY = p.train().y().toArray();
        for (float v : trainY) trainMean += v / (double) trainY.length;
        double meanMse = 0;
        for (int i = 0; i < n; i++) {
            int row = p.test().firstTarget() + i;
            pred[i] = p.scaler().inverse(predScaled[i], p.target());
            actual[i] = p.series().values()[row][p.target()];
            last[i] = p.series().values()[row - 1][p.target()];
            x[i] = yearFraction(p.series().dates()[row]);
            mseScaled += sq(predScaled[i] - actualScaled[i]) / n;
            meanMse += sq(actualScaled[i] - trainMean) / n;
        }
        Map<String, Double> metrics = Example.lastEpoch(h);
        metrics.put("test_mse", mseScaled);
        metrics.put("test_rmse_original", rmse(pred, actual));
        metrics.put("test_mae_original", mae(pred, actual));
        metrics.put("train_mean_mse", meanMse);
        metrics.put("persistence_mse", mseScaled(last, actual, p));
        metrics.put("persistence_rmse_original", rmse(last, actual));
        run.out().printf("%s test forecasts: RMSE %.4g %s, MAE %.4g %s (persistence RMSE %.4g); scaled MSE %.4g"
                        + " (training mean %.4g, persistence %.4g)%n", ex.name(), metrics.get("test_rmse_original"), unit,
                metrics.get("test_mae_original"), unit, metrics.get("persistence_rmse_original"), mseScaled, meanMse,
                metrics.get("persistence_mse"));
        if (run.plots() != null) {
            Plots.history(h, ex.name(), run.plots());
            Map<String, double[]> lines = new LinkedHashMap<>();
            lines.put("predicted", pred);
            String col = p.series().columns().get(p.target());
            Plots.forecast(ex.name(), "forecast", ex.name() + ": " + col + ", test period", "year", col + " (" + unit + ")",
                    x, actual, lines, run.plots());
        }
        return new Example.Result(ex.name(), run.cell(), model.backend().name(), h.epochs(), seconds, metrics);
    }

    private static double mseScaled(double[] a, double[] b, Problem p) {
        double per = 1 / p.scaler().unitsPerScaled(p.target());
        double s = 0;
        for (int i = 0; i < a.length; i++) s += sq((a[i] - b[i]) * per) / a.length;
        return s;
    }

    static double rmse(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += sq(a[i] - b[i]) / a.length;
        return Math.sqrt(s);
    }

    static double mae(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]) / a.length;
        return s;
    }

    static double yearFraction(LocalDate d) { return d.getYear() + (d.getDayOfYear() - 1) / (double) d.lengthOfYear(); }

    private static double sq(double v) { return v * v; }
}

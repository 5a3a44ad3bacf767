package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.data.Windows;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code sine} example's recurrent model against a least-squares linear model on the same windows:
 * 3 values of s(t) = 0.04·t·cos(0.25·t) predict the next one; the first 80 % of the windows train, the last
 * 20 % test. The linear model is {@code y = w·x + b}, fitted exactly by the normal equations. A growing
 * oscillation like this one obeys a linear recurrence almost exactly, so the linear model is a strong
 * baseline: the comparison shows what the recurrent model adds (or not) on such data.
 */
final class SineVsLinearExample extends Example {
    @Override public String name() { return "sine-vs-linear"; }

    @Override public CellType defaultCell() { return CellType.SIMPLE_RNN; }

    @Override public int defaultEpochs() { return 200; }

    @Override
    public Sequential model(CellType cell, String backend, long seed) { return new SineExample(false).model(cell, backend, seed); }

    @Override
    public Result train(Run run) {
        double[] s = SineExample.series();
        double[][] rows = new double[s.length][];
        for (int i = 0; i < s.length; i++) rows[i] = new double[] {s[i]};
        Windows.Windowed all = Windows.manyToOne(rows, SineExample.WINDOW, 0);
        int train = (int) (all.size() * 0.8);
        Windows.Windowed tr = all.rows(0, train);
        Windows.Windowed te = all.rows(train, all.size());
        try (Sequential model = model(run.cell(), run.backend(), run.seed())) {
            model.compile(new Adam(0.01), "mse");
            long t0 = System.nanoTime();
            History h = model.fit(tr.x(), tr.y(), new FitOptions().epochs(run.epochs()).batchSize(run.batchSize())
                    .seed(run.seed()).verbose(run.verbose()).out(run.out()).validationData(te.x(), te.y()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            float[] rnn = model.predict(te.x()).toArray();
            double[] w = leastSquares(tr.x(), tr.y());
            double[] lin = linear(w, te.x());
            float[] y = te.y().toArray();
            double[] rnnD = new double[y.length];
            double[] actual = new double[y.length];
            double[] t = new double[y.length];
            double rnnMse = 0;
            double linMse = 0;
            for (int i = 0; i < y.length; i++) {
                rnnD[i] = rnn[i];
                actual[i] = y[i];
                t[i] = te.firstTarget() + i;
                rnnMse += (rnn[i] - y[i]) * (double) (rnn[i] - y[i]) / y.length;
                linMse += (lin[i] - y[i]) * (lin[i] - y[i]) / y.length;
            }
            Map<String, Double> metrics = lastEpoch(h);
            metrics.put("rnn_test_mse", rnnMse);
            metrics.put("linear_test_mse", linMse);
            run.out().printf("sine-vs-linear: test MSE %s %.4g, least-squares linear %.4g%n", cellName(run.cell()), rnnMse, linMse);
            if (run.plots() != null) {
                plotHistory(run, h);
                Map<String, double[]> lines = new LinkedHashMap<>();
                lines.put(cellName(run.cell()), rnnD);
                lines.put("linear", lin);
                Plots.forecast(name(), "forecast", "sine-vs-linear: test windows", "sample index k", "s", t, actual, lines, run.plots());
            }
            return new Result(name(), run.cell(), model.backend().name(), h.epochs(), seconds, metrics);
        }
    }

    /** Weights {@code [w_1..w_T, b]} minimizing the squared error of {@code w·x + b} over windows x {@code [N, T, 1]}. */
    static double[] leastSquares(Tensor x, Tensor y) {
        int n = x.dim(0);
        int k = x.dim(1) + 1;
        float[] xv = x.toArray();
        float[] yv = y.toArray();
        double[][] a = new double[k][k + 1];     // normal equations [XᵀX | Xᵀy], X with a column of ones
        for (int i = 0; i < n; i++) {
            double[] row = new double[k];
            for (int j = 0; j < k - 1; j++) row[j] = xv[i * (k - 1) + j];
            row[k - 1] = 1;
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) a[r][c] += row[r] * row[c];
                a[r][k] += row[r] * yv[i];
            }
        }
        for (int c = 0; c < k; c++) {            // Gauss-Jordan with partial pivoting
            int p = c;
            for (int r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
            double[] tmp = a[c]; a[c] = a[p]; a[p] = tmp;
            if (Math.abs(a[c][c]) < 1e-12) throw new IllegalStateException("least squares: the windows are linearly dependent");
            for (int r = 0; r < k; r++) {
                if (r == c) continue;
                double f = a[r][c] / a[c][c];
                for (int j = c; j <= k; j++) a[r][j] -= f * a[c][j];
            }
        }
        double[] w = new double[k];
        for (int r = 0; r < k; r++) w[r] = a[r][k] / a[r][r];
        return w;
    }

    static double[] linear(double[] w, Tensor x) {
        int n = x.dim(0);
        int t = x.dim(1);
        float[] xv = x.toArray();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = w[t];
            for (int j = 0; j < t; j++) v += w[j] * xv[i * t + j];
            out[i] = v;
        }
        return out;
    }
}

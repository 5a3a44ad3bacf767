package dev.fusedrnn;

import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Dropout;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.EarlyStopping;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;
import dev.fusedrnn.train.Sgd;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fit, evaluate, predict, callbacks and history behave as Keras's do. */
class TrainingBehaviourTest {

    private static Tensor[] sineData(int n, int t) {
        float[][][] x = new float[n][t][1];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) x[i][j][0] = (float) Math.sin(0.3 * (i + j));
            y[i][0] = (float) Math.sin(0.3 * (i + t));
        }
        return new Tensor[] {Tensor.of(x), Tensor.of(y)};
    }

    private static Sequential model(long seed) {
        return new Sequential(new SimpleRNN(8), new Dense(1)).backend("reference").seed(seed);
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        Tensor[] d = sineData(40, 6);
        float[][] runs = new float[3][];
        long[] seeds = {1, 1, 2};
        for (int r = 0; r < 3; r++) {
            try (Sequential m = model(seeds[r])) {
                m.compile(new Adam(0.01), "mse");
                m.fit(d[0], d[1], new FitOptions().epochs(3).batchSize(8).verbose(0));
                runs[r] = m.getParameters();
            }
        }
        assertArrayEquals(runs[0], runs[1]);
        assertNotEquals(runs[0][0], runs[2][0]);
    }

    @Test
    void trainingReducesTheLossAndHistoryRecordsEveryEpoch() {
        Tensor[] d = sineData(64, 8);
        try (Sequential m = model(3)) {
            m.compile(new Adam(0.01), "mse", "mae");
            History h = m.fit(d[0], d[1], new FitOptions().epochs(15).batchSize(16).validationSplit(0.25).verbose(0));
            assertEquals(15, h.epochs());
            assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), new ArrayList<>(h.asMap().keySet()));
            assertTrue(h.last("loss") < 0.5 * h.get("loss").get(0), h.toString());
            Map<String, Double> eval = m.evaluate(d[0].rows(48, 64), d[1].rows(48, 64));
            // validationSplit takes the last 25 % before shuffling: evaluate on them reproduces val_loss
            assertEquals(h.last("val_loss"), eval.get("loss"), 1e-12);
            assertEquals(h.last("val_mae"), eval.get("mae"), 1e-12);
            Tensor p = m.predict(d[0]);
            assertArrayEquals(new int[] {64, 1}, p.shape());
        }
    }

    @Test
    void everyCallbackSeesEachBatchIndexOnce() {
        Tensor[] d = sineData(10, 4);
        try (Sequential m = model(4)) {
            m.compile(new Sgd(0.01), "mse");
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();
            Callback a = new Callback() {
                @Override
                public void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> logs) { first.add(epoch + ":" + batch + "/" + batches); }
            };
            Callback b = new Callback() {
                @Override
                public void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> logs) { second.add(epoch + ":" + batch + "/" + batches); }
            };
            m.fit(d[0], d[1], new FitOptions().epochs(2).batchSize(4).verbose(0).callbacks(a, b));
            List<String> expected = List.of("0:0/3", "0:1/3", "0:2/3", "1:0/3", "1:1/3", "1:2/3");
            assertEquals(expected, first);
            assertEquals(expected, second);
        }
    }

    @Test
    void epochLossIsTheBatchSizeWeightedMeanOfBatchLosses() {
        Tensor[] d = sineData(10, 4);
        try (Sequential m = model(4)) {
            m.compile(new Sgd(1e-12), "mse");   // a step too small to move the weights measurably
            double expected = (4 * m.evaluate(d[0].rows(0, 4), d[1].rows(0, 4)).get("loss")
                    + 4 * m.evaluate(d[0].rows(4, 8), d[1].rows(4, 8)).get("loss")
                    + 2 * m.evaluate(d[0].rows(8, 10), d[1].rows(8, 10)).get("loss")) / 10;
            History h = m.fit(d[0], d[1], new FitOptions().epochs(1).batchSize(4).shuffle(false).verbose(0));
            assertEquals(expected, h.last("loss"), 1e-9);
            assertEquals(expected, m.evaluate(d[0], d[1], 4).get("loss"), 1e-9);
        }
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        Tensor[] d = sineData(32, 5);
        try (Sequential m = model(5)) {
            m.compile(new Sgd(5.0), "mse");    // a learning rate this large makes the validation loss rise
            List<float[]> weights = new ArrayList<>();
            List<Double> valLoss = new ArrayList<>();
            Callback recorder = new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    weights.add(m.getParameters());
                    valLoss.add(logs.get("val_loss"));
                }
            };
            EarlyStopping stop = new EarlyStopping("val_loss").patience(2).restoreBestWeights(true);
            History h = m.fit(d[0], d[1], new FitOptions().epochs(50).batchSize(32).validationSplit(0.25).verbose(0)
                    .callbacks(recorder, stop));
            assertTrue(h.epochs() < 50, "did not stop: " + valLoss);
            int best = 0;
            for (int i = 1; i < valLoss.size(); i++) if (valLoss.get(i) < valLoss.get(best)) best = i;
            assertEquals(h.epochs() - 1 - 2, best, "stops `patience` epochs after the best: " + valLoss);
            assertArrayEquals(weights.get(best), m.getParameters());
        }
    }

    @Test
    void dropoutIsActiveInTrainingOnlyAndPredictIsDeterministic() {
        Tensor[] d = sineData(16, 5);
        try (Sequential m = new Sequential(new LSTM(6).dropout(0.5).recurrentDropout(0.5), new Dropout(0.5), new Dense(1))
                .backend("reference").seed(6)) {
            m.compile(new Sgd(1e-12), "mse");
            double eval = m.evaluate(d[0], d[1]).get("loss");
            assertEquals(eval, m.evaluate(d[0], d[1]).get("loss"), 0.0);
            double train = m.fit(d[0], d[1], new FitOptions().epochs(1).batchSize(16).verbose(0)).last("loss");
            assertNotEquals(eval, train, 1e-6);
            assertArrayEquals(m.predict(d[0]).toArray(), m.predict(d[0], 5).toArray());
        }
    }

    @Test
    void clipnormBoundsEachWeightsStep() {
        Tensor[] d = sineData(16, 5);
        try (Sequential m = new Sequential(new GRU(4), new Dense(1)).backend("reference").seed(7)) {
            m.build(5, 1);
            float[] before = m.getParameters();
            m.compile(new Sgd(1.0).clipnorm(1e-3), "mse");
            m.fit(d[0], d[1], new FitOptions().epochs(1).batchSize(16).verbose(0));
            float[] after = m.getParameters();
            // with lr 1, each weight moves by its clipped gradient: a norm of at most 1e-3 per weight,
            // so at most 5 weights (kernel, recurrent kernel, bias, dense kernel, dense bias) · 1e-3 in all
            double moved = 0;
            for (int i = 0; i < before.length; i++) moved += (after[i] - before[i]) * (double) (after[i] - before[i]);
            assertTrue(Math.sqrt(moved) <= Math.sqrt(5) * 1e-3 * (1 + 1e-5), "moved " + Math.sqrt(moved));
            assertTrue(Math.sqrt(moved) > 1e-4, "clipping should not stop learning: moved " + Math.sqrt(moved));
        }
    }

    @Test
    void progressLinesLookLikeKeras() {
        Tensor[] d = sineData(20, 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Sequential m = model(8)) {
            m.compile(new Adam(), "mse", "mae");
            m.fit(d[0], d[1], new FitOptions().epochs(2).batchSize(8).validationSplit(0.2).verbose(1)
                    .out(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("Epoch 1/2", lines[0]);
        assertTrue(lines[1].matches("2/2 \u2501{20} \\d+s \\d+ms/step - loss: \\d\\.\\d{4} - mae: \\d\\.\\d{4}"
                + " - val_loss: \\d\\.\\d{4} - val_mae: \\d\\.\\d{4} - ETA: \\d+s"), lines[1]);
        assertEquals("Epoch 2/2", lines[2]);
        assertTrue(lines[3].endsWith("val_mae: " + lines[3].substring(lines[3].length() - 6)), lines[3]);
    }

    @Test
    void sparseCategoricalTrainingWithAccuracy() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 60;
        float[][][] x = new float[n][4][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            for (int t = 0; t < 4; t++) {
                x[i][t][0] = (float) (labels[i] - 1 + 0.3 * r.nextGaussian());
                x[i][t][1] = (float) r.nextGaussian();
            }
        }
        try (Sequential m = new Sequential(new LSTM(8), new Dense(3, "softmax")).backend("reference").seed(10)) {
            m.compile(new Adam(0.02), "sparse_categorical_crossentropy", "accuracy");
            History h = m.fit(Tensor.of(x), Tensor.ofLabels(labels), new FitOptions().epochs(20).batchSize(16).verbose(0));
            assertTrue(h.last("accuracy") > 0.9, h.toString());
        }
    }
}

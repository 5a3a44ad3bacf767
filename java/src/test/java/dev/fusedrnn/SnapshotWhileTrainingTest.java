package dev.fusedrnn;

import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One thread trains while 4 threads predict on snapshots taken between epochs: each prediction equals a
 * fresh single-threaded prediction with the parameters of its epoch, and the training ends bit for bit where
 * an undisturbed run ends.
 */
class SnapshotWhileTrainingTest {
    private static final int EPOCHS = 8, PREDICTORS = 4;

    /** A snapshot and the epoch whose end it was taken at. */
    private record Published(int epoch, Sequential model) { }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "reference", "cuda-emulated"})
    void predictionsOnSnapshotsMatchAndTrainingIsUndisturbed(String backend) throws Exception {
        check(backend);
    }

    private static void check(String backend) throws Exception {
        ThreadingFixture.assumeBackend(backend);
        SplittableRandom r = new SplittableRandom(5);
        Tensor x = ThreadingFixture.sequences(r, 64);
        Tensor y = ThreadingFixture.targets(r, 64);
        Tensor probe = ThreadingFixture.sequences(r, 5);

        // The undisturbed run, and each epoch's parameters.
        List<double[][][]> weightsByEpoch = new ArrayList<>();   // [epoch][layer][weight] at the backend's precision
        History plain;
        float[] plainEnd;
        try (Sequential m = ThreadingFixture.lstmModel(backend, 11)) {
            Callback record = new Callback() {
                @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    double[][][] w = new double[m.layers().size()][][];
                    for (int i = 0; i < w.length; i++) w[i] = m.layers().get(i).getWeightsAsDouble();
                    weightsByEpoch.add(w);
                }
            };
            plain = m.fit(x, y, options().callbacks(record));
            plainEnd = m.getParameters();
        }

        // The same training, publishing a snapshot after each epoch to 4 threads that predict on it.
        AtomicReference<Published> latest = new AtomicReference<>();
        List<Published> all = new ArrayList<>();
        AtomicBoolean trainingDone = new AtomicBoolean();
        Map<Integer, List<float[]>> seen = new ConcurrentHashMap<>();
        History busy;
        float[] busyEnd;
        ExecutorService pool = Executors.newFixedThreadPool(PREDICTORS);
        try (Sequential m = ThreadingFixture.lstmModel(backend, 11)) {
            Callback publish = new Callback() {
                @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    Published p = new Published(epoch, m.snapshot());
                    all.add(p);
                    latest.set(p);
                    // Train on only once a prediction has used this snapshot, so every epoch's snapshot is
                    // predicted on (while the next epoch trains, the predictors keep using it) whatever the timing.
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (!seen.containsKey(epoch)) {
                        if (System.nanoTime() > deadline) throw new AssertionError("no prediction on epoch " + epoch + "'s snapshot in 60 s");
                        Thread.onSpinWait();
                    }
                }
            };
            List<Future<Integer>> predictors = new ArrayList<>();
            for (int t = 0; t < PREDICTORS; t++) {
                predictors.add(pool.submit(() -> {
                    int calls = 0;
                    while (!trainingDone.get() || calls == 0) {
                        Published p = latest.get();
                        if (p == null) { Thread.onSpinWait(); continue; }
                        float[] out = p.model().predict(probe).toArray();
                        seen.computeIfAbsent(p.epoch(), e -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(out);
                        calls++;
                    }
                    return calls;
                }));
            }
            try {
                busy = m.fit(x, y, options().callbacks(publish));
                busyEnd = m.getParameters();
            } finally {
                trainingDone.set(true);
            }
            int calls = 0;
            for (Future<Integer> f : predictors) calls += f.get();
            System.out.printf(Locale.ROOT, "snapshots on %s: %d predictions on %d epochs' snapshots while training%n",
                    backend, calls, seen.size());
        } finally {
            pool.shutdownNow();
            for (Published p : all) p.model().close();
        }

        assertEquals(plain.asMap(), busy.asMap(), "loss curve with snapshots taken");
        assertArrayEquals(plainEnd, busyEnd, "final parameters with snapshots taken");
        assertEquals(EPOCHS, seen.size(), "predictions on every epoch's snapshot, got " + seen.keySet());
        for (Map.Entry<Integer, List<float[]>> e : seen.entrySet()) {
            float[] want;
            try (Sequential fresh = new Sequential(new dev.fusedrnn.layers.LSTM(8), new dev.fusedrnn.layers.Dense(3)).backend(backend)) {
                fresh.build(ThreadingFixture.TIME, ThreadingFixture.FEATURES);
                double[][][] w = weightsByEpoch.get(e.getKey());
                for (int i = 0; i < w.length; i++) fresh.layers().get(i).setWeights(w[i]);
                want = fresh.predict(probe).toArray();
            }
            for (float[] got : e.getValue()) assertArrayEquals(want, got, backend + ": a prediction on epoch " + e.getKey() + "'s snapshot");
        }
    }

    private static FitOptions options() { return new FitOptions().epochs(EPOCHS).batchSize(8).verbose(0).seed(3); }
}

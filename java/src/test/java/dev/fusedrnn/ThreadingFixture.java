package dev.fusedrnn;

import dev.fusedrnn.backend.Backends;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Small models and data for the threading, leak and checkpoint tests: an LSTM + Dense regressor on
 * {@code [N, 6, 4]} sequences and an Embedding + GRU + Dense classifier on {@code [N, 6]} token ids.
 */
public final class ThreadingFixture {
    public static final int TIME = 6, FEATURES = 4, VOCAB = 30;

    private ThreadingFixture() { }

    /** Skips the test when the named backend cannot run here. */
    public static void assumeBackend(String name) {
        for (Backends.Status s : Backends.describe()) {
            if (s.name().equals(name)) assumeTrue(s.available(), () -> name + " unavailable: " + s.reason());
        }
    }

    /** LSTM(8) + Dense(3), built for [6, 4], compiled with Adam and mse. */
    public static Sequential lstmModel(String backend, long seed) {
        Sequential m = new Sequential(new LSTM(8), new Dense(3)).backend(backend).seed(seed);
        m.build(TIME, FEATURES);
        m.compile("adam", "mse");
        return m;
    }

    /** Embedding(30, 5, maskZero) + GRU(7) + Dense(4, softmax), built for [6] ids, sparse categorical crossentropy. */
    public static Sequential embeddingModel(String backend, long seed) {
        Sequential m = new Sequential(new Embedding(VOCAB, 5).maskZero(true), new GRU(7), new Dense(4, "softmax"))
                .backend(backend).seed(seed);
        m.build(TIME);
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return m;
    }

    /** Sequences {@code [n, 6, 4]} in [−1, 1). */
    public static Tensor sequences(SplittableRandom r, int n) { return TestData.uniform(r, 1, n, TIME, FEATURES); }

    /** Token ids {@code [n, 6]}, a few of them 0 (masked padding), never a whole row. */
    public static Tensor ids(SplittableRandom r, int n) {
        int[][] ids = new int[n][TIME];
        for (int[] row : ids) {
            for (int t = 0; t < TIME; t++) row[t] = t > 0 && r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(VOCAB - 1);
        }
        return Tensor.ofIds(ids);
    }

    /** Regression targets {@code [n, 3]}. */
    public static Tensor targets(SplittableRandom r, int n) { return TestData.uniform(r, 1, n, 3); }

    /** Runs the tasks on a pool of {@code threads} threads, all at once, and rethrows the first failure. */
    public static <T> List<T> runAll(int threads, List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) futures.add(pool.submit(t));
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.fusedrnn;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * 8 threads predict on ONE model at once (an LSTM regressor and an Embedding + GRU classifier, so the
 * recurrent kernels run): every result is bit for bit the single-threaded one. Inputs of several batch sizes
 * are interleaved so concurrent calls differ in shape and the native context pool grows to its largest.
 */
class ConcurrentPredictTest {
    private static final int THREADS = 8;

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "reference", "cuda-emulated"})
    void eightThreadsOnOneModelGetTheSingleThreadedResults(String backend) throws Exception {
        run(backend, 10_000);
    }

    @Tag("stress")
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "reference", "cuda-emulated"})
    void eightThreadsOnOneModelAtLength(String backend) throws Exception {
        run(backend, 400_000);
    }

    /** {@code calls} predictions in all, half on each model. */
    private static void run(String backend, int calls) throws Exception {
        ThreadingFixture.assumeBackend(backend);
        long start = System.nanoTime();
        try (Sequential lstm = ThreadingFixture.lstmModel(backend, 7);
             Sequential gru = ThreadingFixture.embeddingModel(backend, 8)) {
            SplittableRandom r = new SplittableRandom(42);
            int[] batches = {1, 3, 5, 8};
            Tensor[] inputs = new Tensor[2 * batches.length];
            float[][] want = new float[inputs.length][];
            for (int i = 0; i < batches.length; i++) {
                inputs[2 * i] = ThreadingFixture.sequences(r, batches[i]);
                inputs[2 * i + 1] = ThreadingFixture.ids(r, batches[i]);
            }
            for (int i = 0; i < inputs.length; i++) want[i] = (i % 2 == 0 ? lstm : gru).predict(inputs[i], 4).toArray();
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                tasks.add(() -> {
                    int perThread = calls / THREADS;
                    for (int k = 0; k < perThread; k++) {
                        int i = (thread + k) % inputs.length;
                        float[] got = (i % 2 == 0 ? lstm : gru).predict(inputs[i], 4).toArray();
                        if (!java.util.Arrays.equals(got, want[i])) {   // cheap check first; the assertion says where
                            assertArrayEquals(want[i], got, backend + ": thread " + thread + ", call " + k + ", input " + i);
                        }
                    }
                    return perThread;
                });
            }
            int done = ThreadingFixture.runAll(THREADS, tasks).stream().mapToInt(Integer::intValue).sum();
            System.out.printf(Locale.ROOT, "concurrent predict on %s: %d calls by %d threads, all bit-identical, %.1f s%n",
                    backend, done, THREADS, (System.nanoTime() - start) / 1e9);
        }
    }
}

package dev.fusedrnn.jni;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.TimeDistributed;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.FitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How a training batch uses the device, counted by the emulated CUDA runtime
 * ({@link FrnnCudaEmuLib#frnn_cuda_emu_count}): a batch's inputs, targets and sample weights travel in one
 * host-to-device copy, and its buffers come from the stream-ordered pool's cache, never from cudaMalloc.
 */
class CudaEmulatedTransferTest {

    @BeforeEach
    void requireEmulation() {
        String problem = CudaBackend.emulationProblem();
        assumeTrue(problem == null, () -> "cuda-emulated unavailable: " + problem);
    }

    /** The emulator's counters at the end of every batch. */
    private static final class Counts implements Callback {
        final List<long[]> atBatchEnd = new ArrayList<>();   // {epoch, copy_h2d, malloc, pool_grow}

        @Override
        public void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> logs) {
            atBatchEnd.add(new long[] {epoch, FrnnCudaEmuLib.frnn_cuda_emu_count("copy_h2d"),
                FrnnCudaEmuLib.frnn_cuda_emu_count("malloc"), FrnnCudaEmuLib.frnn_cuda_emu_count("pool_grow")});
        }

        /** Counter {@code k} from one batch's end to the next's, for the batches after the first of each epoch. */
        long[] perBatch(int k) {
            List<Long> d = new ArrayList<>();
            for (int i = 1; i < atBatchEnd.size(); i++) {
                if (atBatchEnd.get(i)[0] == atBatchEnd.get(i - 1)[0]) d.add(atBatchEnd.get(i)[k] - atBatchEnd.get(i - 1)[k]);
            }
            return d.stream().mapToLong(Long::longValue).toArray();
        }

        /** As {@link #perBatch} for the last epoch only. */
        long[] perBatchLastEpoch(int k) {
            long last = atBatchEnd.get(atBatchEnd.size() - 1)[0];
            List<Long> d = new ArrayList<>();
            for (int i = 1; i < atBatchEnd.size(); i++) {
                if (atBatchEnd.get(i)[0] == last && atBatchEnd.get(i - 1)[0] == last) d.add(atBatchEnd.get(i)[k] - atBatchEnd.get(i - 1)[k]);
            }
            return d.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** x [32, 6, 2] uniform in [-1, 1]; y [32, 1]. */
    private static Tensor[] data() {
        Random r = new Random(5);
        float[] x = new float[32 * 6 * 2];
        float[] y = new float[32];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
        for (int n = 0; n < 32; n++) y[n] = x[n * 12] * x[n * 12 + 1];
        return new Tensor[] {Tensor.of(x, 32, 6, 2), Tensor.of(y, 32, 1)};
    }

    @Test
    void aTrainingBatchIsOneHostToDeviceCopyAndAllocatesFromThePoolCache() {
        Tensor[] d = data();
        float[] w = new float[32];
        for (int i = 0; i < 32; i++) w[i] = 0.5f + (i % 3);
        for (float[] weights : new float[][] {null, w}) {
            try (Sequential m = new Sequential(new LSTM(5), new Dense(1)).backend("cuda-emulated").seed(3)) {
                m.compile(new Adam(0.01), "mse");
                Counts c = new Counts();
                FitOptions o = new FitOptions().epochs(2).batchSize(8).shuffle(false).verbose(0).callbacks(c);
                m.fit(d[0], d[1], weights == null ? o : o.sampleWeight(weights));
                String what = weights == null ? "without sample weights" : "with sample weights";
                assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, c.perBatch(1), "host-to-device copies per batch " + what);
                assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0}, c.perBatch(2), "cudaMalloc calls per batch " + what);
                assertArrayEquals(new long[] {0, 0, 0}, c.perBatchLastEpoch(3), "pool growth per batch in epoch 2 " + what);
            }
        }
    }

    /** Masked sequence outputs with sample weights: the mask times the uploaded weights, on the device. */
    @Test
    void maskedSampleWeightsAreOneCopyAndMatchTheReference() {
        int[][] ids = {{0, 1, 2}, {3, 0, 4}, {1, 1, 0}, {2, 4, 3}};
        float[] y = new float[4 * 3];
        for (int i = 0; i < y.length; i++) y[i] = (i % 5) / 5f - 0.4f;
        float[] w = {3f, 0.5f, 1f, 2f};
        double[] loss = new double[2];
        String[] backends = {"cuda-emulated", "reference"};
        for (int b = 0; b < 2; b++) {
            try (Sequential m = new Sequential(new Embedding(5, 2).maskZero(true), new GRU(2).returnSequences(true),
                    new TimeDistributed(new Dense(1))).backend(backends[b]).seed(4)) {
                m.compile(new Adam(0.01), "mse");
                Counts c = new Counts();
                loss[b] = m.fit(Tensor.ofIds(ids), Tensor.of(y, 4, 3, 1),
                        new FitOptions().epochs(2).batchSize(2).shuffle(false).sampleWeight(w).verbose(0).callbacks(c)).last("loss");
                if (b == 0) assertArrayEquals(new long[] {1, 1}, c.perBatch(1), "host-to-device copies per batch");
            }
        }
        assertEquals(loss[1], loss[0], 1e-5 * Math.max(1, Math.abs(loss[1])));
    }
}

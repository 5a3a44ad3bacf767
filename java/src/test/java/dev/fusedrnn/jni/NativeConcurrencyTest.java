package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.OptimizerSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 8 concurrent callers on one cpu backend of 2 threads (on a 2-core machine: oversubscribed), each
 * running a dense layer's forward and backward, a loss and an Adam step many times: every caller gets
 * exactly the results of a lone caller, and nothing crashes. (The recurrent calls' concurrency test is in
 * NativeRecurrentDeterminismTest.)
 */
class NativeConcurrencyTest {

    @BeforeAll
    static void requireLibrary() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
    }

    /** One training-like step; returns y, dKernel, dx, dPred, the loss and the updated params, concatenated. */
    private static float[] step(NativeBackend be, long seed) {
        int rows = 33, in = 17, out = 9;
        Random r = new Random(seed);
        try (Buffer x = be.allocate(rows * in).set(RnnTwin.uniform(r, rows * in, 1));
             Buffer k = be.allocate(in * out).set(RnnTwin.uniform(r, in * out, 1));
             Buffer y = be.allocate(rows * out);
             Buffer target = be.allocate(rows * out).set(RnnTwin.uniform(r, rows * out, 1));
             Buffer dPred = be.allocate(rows * out);
             Buffer dx = be.allocate(rows * in);
             Buffer dk = be.allocate(in * out);
             Buffer state = be.allocate(2 * in * out)) {
            be.denseForward(x, rows, in, out, k, null, Activation.SOFTMAX, y);
            double loss = be.loss(LossKind.MSE, y, target, null, rows, out, dPred);
            be.denseBackward(x, y, dPred, rows, in, out, k, Activation.SOFTMAX, dx, dk, null);
            be.optimizerStep(new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.01, 0.9, 0.999, 1e-7, 0, false, 0), k, dk, state, 0);
            List<float[]> parts = List.of(y.toFloatArray(), dk.toFloatArray(), dx.toFloatArray(), dPred.toFloatArray(),
                    new float[] {(float) loss}, k.toFloatArray());
            int n = parts.stream().mapToInt(p -> p.length).sum();
            float[] all = new float[n];
            int at = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            return all;
        }
    }

    @Test
    void eightCallersGetTheLoneCallersResults() throws Exception {
        try (NativeBackend be = new NativeBackend(2)) {
            float[][] want = new float[8][];
            for (int s = 0; s < 8; s++) want[s] = step(be, s);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int caller = 0; caller < 8; caller++) {
                    int c = caller;
                    done.add(pool.submit(() -> {
                        for (int rep = 0; rep < 50; rep++) {
                            int s = (c + rep) % 8;
                            assertArrayEquals(want[s], step(be, s), "caller " + c + ", repetition " + rep);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
            } finally {
                pool.shutdown();
            }
        }
    }
}

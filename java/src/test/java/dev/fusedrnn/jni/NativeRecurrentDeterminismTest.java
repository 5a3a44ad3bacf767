package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Recurrent results of the cpu backend are bit-identical for any thread count and any run, and 8
 * concurrent callers on one backend get the single caller's results (each call takes its own context).
 * Sizes large enough that the kernels split work among threads (N = 16, H = 48).
 */
class NativeRecurrentDeterminismTest {

    /**
     * These sizes are larger than the cross-backend test's: a pre-activation sums C + G·H ≥ 68 products of
     * weights up to 0.6 with dropout-scaled inputs and states up to 2, so float32 rounding alone allows
     * about 68 · 2^-24 · Σ|terms| ≈ 68 · 6e-8 · 25 ≈ 1e-4 in the worst case per step (observed: 1.2e-5).
     * This test is about bit-identity across threads; the agreement with the reference is a sanity check.
     */
    private static final double LARGER_SIZE_TOLERANCE = 1e-4;

    @BeforeAll
    static void requireLibrary() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
    }

    private static List<RnnTwin> cases() {
        List<RnnTwin> l = new ArrayList<>();
        for (CellType cell : CellType.values()) {
            RnnSpec spec = new RnnSpec(cell, 20, 48, Activation.TANH, Activation.SIGMOID, true, false, true, false);
            RnnTwin c = new RnnTwin(spec, 16, 9, cell.ordinal());
            float[] m = new float[16 * 9];
            for (int i = 0; i < m.length; i++) m[i] = (i * 7) % 5 == 0 ? 0 : 1;
            c.mask = m;
            l.add(c.withInitialState(3).withFinalStateGradients(4).withDropout(5));
        }
        return l;
    }

    private static void assertIdentical(Map<String, float[]> want, Map<String, float[]> got) {
        for (String k : want.keySet()) assertArrayEquals(want.get(k), got.get(k), k);
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        for (RnnTwin c : cases()) {
            Map<String, float[]> one;
            try (NativeBackend be = new NativeBackend(1)) {
                one = c.run(be);
                assertIdentical(one, c.run(be));   // and run to run
            }
            NativeRecurrentCrossBackendTest.assertMatches("determinism case " + c.spec.cell(), c.run(new ReferenceBackend()), one,
                    LARGER_SIZE_TOLERANCE);
            for (int threads : new int[] {2, 3, 4}) {
                try (NativeBackend be = new NativeBackend(threads)) {
                    assertIdentical(one, c.run(be));
                }
            }
        }
    }

    @Test
    void eightConcurrentCallersGetTheSingleCallersResults() throws Exception {
        List<RnnTwin> cases = cases();
        try (NativeBackend be = new NativeBackend(2)) {
            List<Map<String, float[]>> want = new ArrayList<>();
            for (RnnTwin c : cases) want.add(c.run(be));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int caller = 0; caller < 8; caller++) {
                    int first = caller;
                    done.add(pool.submit(() -> {
                        for (int rep = 0; rep < 4; rep++) {
                            int k = (first + rep) % cases.size();
                            assertIdentical(want.get(k), cases.get(k).run(be));
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

package dev.fusedrnn.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs generated cases, each on a watchdog thread under a time limit (a hang fails the case, and the
 * stuck thread is abandoned), counts passes and failures, prints {@code <suite>: N passed, M failed} and
 * fails the test when M > 0, listing failures with the seed that replays each one:
 * {@code -Dfusedrnn.fuzz.seed=<seed> -Dfusedrnn.fuzz.cases=1}.
 */
public final class FuzzRunner {
    /** Makes the case of a seed; generation itself must not fail. */
    @FunctionalInterface
    public interface Generator {
        FuzzCase make(Gen g);
    }

    private static final int SHOWN = 15;

    private FuzzRunner() { }

    /** The case count: {@code -Dfusedrnn.fuzz.cases}, else {@code dflt}. */
    public static int cases(int dflt) { return Integer.getInteger("fusedrnn.fuzz.cases", dflt); }

    /** The first case's seed: {@code -Dfusedrnn.fuzz.seed}, else {@code dflt}; case i uses seed + i. */
    public static long seed(long dflt) { return Long.getLong("fusedrnn.fuzz.seed", dflt); }

    public static void run(String suite, long seed, int cases, long limitMillis, Generator gen) {
        ExecutorService worker = newWorker();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> ends = new TreeMap<>();
        int passed = 0, failed = 0;
        long start = System.nanoTime();
        try {
            for (int i = 0; i < cases; i++) {
                long caseSeed = seed + i;
                FuzzCase[] made = new FuzzCase[1];
                Throwable[] thrown = new Throwable[1];
                Future<?> f = worker.submit(() -> {
                    made[0] = gen.make(new Gen(caseSeed));
                    try {
                        made[0].action().run();
                    } catch (Throwable t) {
                        thrown[0] = t;
                    }
                });
                String why;
                try {
                    f.get(limitMillis, TimeUnit.MILLISECONDS);
                    why = made[0].expect().mismatch(thrown[0]);
                    ends.merge(thrown[0] == null ? "result" : thrown[0].getClass().getSimpleName(), 1, Integer::sum);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    worker.shutdownNow();
                    worker = newWorker();   // the stuck thread is a daemon and is left behind
                    why = "did not finish within " + limitMillis + " ms (hang)";
                    ends.merge("hang", 1, Integer::sum);
                } catch (Exception e) {
                    why = "the generator failed: " + e.getCause();
                }
                if (why == null) {
                    passed++;
                } else {
                    failed++;
                    if (failures.size() < SHOWN) {
                        String what = made[0] == null ? "(not generated)" : made[0].description() + "; expected " + made[0].expect();
                        failures.add("seed " + caseSeed + ": " + what + "\n    -> " + why);
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d passed, %d failed%n", suite, passed, failed);
        System.out.printf("%s: %.1f s, %.2f ms per case; ends: %s%n", suite, seconds, 1000 * seconds / Math.max(1, cases), ends);
        if (failed > 0) {
            fail(suite + ": " + failed + " of " + cases + " cases failed (replay one with -Dfusedrnn.fuzz.seed=<seed>"
                    + " -Dfusedrnn.fuzz.cases=1):\n" + String.join("\n", failures));
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }
}

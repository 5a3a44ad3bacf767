package dev.fusedrnn.io;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.ThreadingFixture;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.History;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a training JVM with SIGKILL at random moments while it writes checkpoints (one per epoch, each mostly
 * fsync), many times. Each time the checkpoint on disk loads, holds exactly the parameters of an
 * uninterrupted run at its epoch, and training resumed from it gives that run's loss curve, bit for bit;
 * the resumed training, checkpointing to the same file, removes the temporary file the kill left behind.
 */
class CheckpointKillTest {
    private static final int REFERENCE_EPOCHS = 200, RESUMED_EPOCHS = 3, LAST_KILL_EPOCH = 40;
    private static final List<float[]> PARAMS = new ArrayList<>();   // after each epoch of the uninterrupted run
    private static List<Double> losses;

    @BeforeAll
    static void uninterruptedRun() {
        ThreadingFixture.assumeBackend(CheckpointChild.BACKEND);
        try (Sequential m = CheckpointChild.model()) {
            Callback record = new Callback() {
                @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { PARAMS.add(m.getParameters()); }
            };
            losses = m.fit(CheckpointChild.X, CheckpointChild.Y, CheckpointChild.options(REFERENCE_EPOCHS, record)).get("loss");
        }
    }

    @Test
    void aKilledTrainingResumesFromItsLastCheckpoint(@TempDir Path dir) throws Exception {
        killAndResume(dir, 5, 1);
    }

    @Tag("stress")
    @Test
    void aHundredKills(@TempDir Path dir) throws Exception {
        killAndResume(dir, 120, 2);
    }

    private static void killAndResume(Path dir, int kills, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long start = System.nanoTime();
        int leftovers = 0;
        for (int k = 0; k < kills; k++) {
            Path run = Files.createDirectory(dir.resolve("run" + k));
            Path file = run.resolve("ckpt.frnn");
            int killAfter = 1 + r.nextInt(LAST_KILL_EPOCH);   // >= 1: epoch 0's checkpoint is complete
            long delayNanos = r.nextLong(3_000_000);           // then 0 to 3 ms into the next checkpoint write
            Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    CheckpointChild.class.getName(), file.toString()).redirectErrorStream(true).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.equals("epoch " + killAfter)) {
                    assertTrue(line.startsWith("epoch "), "the child failed: " + line);
                }
                for (long t0 = System.nanoTime(); System.nanoTime() - t0 < delayNanos; ) Thread.onSpinWait();
                p.destroyForcibly();   // SIGKILL
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            try (Stream<Path> files = Files.list(run)) {
                leftovers += (int) files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
            }
            resumeAndCompare(file, killAfter, run);
        }
        System.out.printf(Locale.ROOT, "checkpoint kills: %d, every checkpoint loaded and resumed bit-exactly;"
                + " %d temporary files left by kills; %.1f s%n", kills, leftovers, (System.nanoTime() - start) / 1e9);
    }

    private static void resumeAndCompare(Path file, int killAfter, Path run) throws Exception {
        try (Sequential m = ModelFile.load(file, CheckpointChild.BACKEND)) {
            int done = m.trainingState().epochsDone();
            assertTrue(done >= killAfter, "killed after epoch " + killAfter + " ended, the checkpoint has " + done + " epochs");
            assertTrue(done + RESUMED_EPOCHS <= REFERENCE_EPOCHS, "the child ran on too far before the kill: " + done + " epochs");
            assertArrayEquals(PARAMS.get(done - 1), m.getParameters(), "the checkpoint's parameters after " + done + " epochs");
            History h = m.fit(CheckpointChild.X, CheckpointChild.Y, CheckpointChild.options(done + RESUMED_EPOCHS,
                    new ModelCheckpoint(m, file)));
            assertEquals(losses.subList(done, done + RESUMED_EPOCHS), h.get("loss"), "losses of the resumed epochs after " + done);
            assertArrayEquals(PARAMS.get(done + RESUMED_EPOCHS - 1), m.getParameters(), "parameters after resuming");
        }
        try (Stream<Path> files = Files.list(run)) {
            assertEquals(List.of(file), files.toList(), "the resumed training's checkpoint removed the killed one's temporary file");
        }
    }
}

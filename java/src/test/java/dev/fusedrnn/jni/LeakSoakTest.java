package dev.fusedrnn.jni;

import dev.fusedrnn.ThreadingFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak: 100,000 predictions and 1,000 training steps in a child JVM whose heap is fixed and touched up
 * front ({@code -Xms = -Xmx}, AlwaysPreTouch), so that its resident memory moves only with native memory,
 * metaspace and JIT code. Between warm-up and the end, the buffer and JavaCPP byte counts must not move at
 * all, and the resident set may grow by at most {@value #RSS_MARGIN_MIB} MiB.
 *
 * <p>Any leaked buffer, however small, shows in the exact counts. The resident-set margin is for what they do
 * not see (native allocations inside the library, JNI references): malloc keeps freed chunks in its free lists
 * and per-thread arenas, the JIT compiles more methods after warm-up, and the GC's native structures move; a
 * measured cpu soak grew by 5.6 MiB. A native leak of 300 bytes a call over the 90,000 calls after warm-up
 * would be 26 MiB, over the margin.
 */
@Tag("stress")
class LeakSoakTest {
    static final int RSS_MARGIN_MIB = 24;

    @Test
    void cpuMemoryStaysFlatOver100kPredictionsAnd1kSteps() throws Exception {
        soak("cpu", 100_000, 1_000);
    }

    @Test
    void emulatedCudaMemoryStaysFlatOver100kPredictionsAnd1kSteps() throws Exception {
        soak("cuda-emulated", 100_000, 1_000);
    }

    private static void soak(String backend, int predicts, int fitSteps) throws Exception {
        ThreadingFixture.assumeBackend(backend);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), LeakSoakMain.class.getName(), backend, Integer.toString(predicts), Integer.toString(fitSteps))
                .redirectErrorStream(true).start();
        Map<String, MemoryFigures> at = new HashMap<>();
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                out.append(line).append('\n');
                if (line.startsWith("memory ")) at.put(line.split(" ")[1], MemoryFigures.parse(line));
            }
        }
        assertTrue(p.waitFor(30, TimeUnit.MINUTES));
        System.out.print("soak on " + backend + ":\n" + out);
        assertEquals(0, p.exitValue(), out.toString());
        for (String label : List.of("start", "warm", "end", "closed")) assertTrue(at.containsKey(label), "no " + label + " line:\n" + out);
        MemoryFigures warm = at.get("warm"), end = at.get("end");
        assertArrayEquals(warm.exact(), end.exact(), "buffer and JavaCPP bytes after warm-up and at the end");
        assertArrayEquals(at.get("start").exact(), at.get("closed").exact(), "buffer and JavaCPP bytes at start and after close");
        long growth = end.rss() - warm.rss();
        System.out.printf(Locale.ROOT, "soak on %s: RSS %.1f MiB after warm-up, %.1f MiB at the end (%+.1f MiB; margin %d MiB),"
                        + " physicalBytes %+.1f MiB%n", backend, warm.rss() / 1048576.0, end.rss() / 1048576.0, growth / 1048576.0,
                RSS_MARGIN_MIB, (end.physical() - warm.physical()) / 1048576.0);
        assertTrue(growth < RSS_MARGIN_MIB * 1048576L, "resident memory grew by " + growth + " bytes");
    }
}

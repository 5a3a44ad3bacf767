package dev.fusedrnn.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line tool: its output contracts (the JSON last line, the summary table, info). */
class CommandsTest {

    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new Main()).execute(args);
            assertEquals(0, code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainPrintsProgressThenOneJsonObjectWithKerasMetricNames(@TempDir Path dir) throws Exception {
        String out = run("train", "sine", "--epochs", "60", "--backend", "reference", "--seed", "3", "--out", dir.toString());
        String[] lines = out.strip().split("\n");
        assertTrue(lines[0].startsWith("Epoch 1/60"), out);
        JsonObject json = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals("sine", json.get("example").getAsString());
        assertEquals("simple", json.get("cell").getAsString());
        assertEquals("reference", json.get("backend").getAsString());
        assertEquals(60, json.get("epochs").getAsInt());
        JsonObject m = json.getAsJsonObject("metrics");
        for (String k : new String[] {"loss", "mae", "val_loss", "val_mae", "test_mse"}) assertTrue(m.has(k), k + " in " + m);
        assertEquals(m.get("val_loss").getAsDouble(), m.get("test_mse").getAsDouble(), 1e-9);
        // the series' variance is about 0.3: a model that learned nothing would score near that
        assertTrue(m.get("test_mse").getAsDouble() < 0.05, m.toString());
        assertEquals(lines[lines.length - 1], Files.readString(dir.resolve("metrics.json")).strip());
    }

    @Test
    void seq2seqUsesTimeDistributed() {
        String out = run("summary", "sine-seq2seq", "--cell", "gru");
        assertTrue(out.contains("gru (GRU)"), out);
        assertTrue(out.contains("time_distributed (TimeDistributed)"), out);
        assertTrue(out.contains("(None, 3, 1)"), out);
    }

    @Test
    void summaryShowsKerasParameterCounts() {
        assertTrue(run("summary", "multiplication", "--cell", "lstm").contains("Total params: 11,311"));
        assertTrue(run("summary", "multiplication", "--cell", "simple").contains("Total params: 2,851"));
        assertTrue(run("summary", "multiplication", "--cell", "gru").contains("Total params: 8,671"));
    }

    @Test
    void benchPrintsTheTimeAndOneJsonObject() {
        String[] lines = run("bench", "--cell", "gru", "--batch-size", "3", "--time-steps", "4", "--input-size", "2",
                "--units", "5", "--backend", "reference", "--repetitions", "3", "--warmup", "1", "--mask-fraction", "0.25",
                "--recurrent-dropout", "0.5", "--json").strip().split("\n");
        assertTrue(lines[0].startsWith("gru train N=3 T=4 C=2 H=5 on reference"), lines[0]);
        JsonObject json = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        for (String k : new String[] {"cell", "backend", "threads", "batch_size", "time_steps", "input_size", "units", "mode",
                "ms_per_iteration", "us_per_timestep", "gflops"}) {
            assertTrue(json.has(k), k + " in " + json);
        }
        double ms = json.get("ms_per_iteration").getAsDouble();
        assertEquals(1000 * ms / 4, json.get("us_per_timestep").getAsDouble(), 1e-9);
        // FLOPs = 3 · 2·N·T·G·H·(C+H) for training
        assertEquals(3 * 2.0 * 3 * 4 * 3 * 5 * (2 + 5) / (ms * 1e6), json.get("gflops").getAsDouble(), 1e-9);
    }

    @Test
    void selftestPassesOnTheJavaAndCpuBackendsAndReportsCudaWithItsReason() {
        String out = run("selftest", "--backends", "reference,cpu,cuda");
        assertTrue(out.contains("reference      ok      121/121"), out);
        assertTrue(out.contains("cuda           skipped -") && out.contains("unavailable: "), out);
        assertTrue(out.strip().endsWith("selftest passed"), out);
    }

    @Test
    void infoNamesEveryBackendAndTheSelection() {
        String out = run("info");
        for (String b : new String[] {"cuda", "cpu", "reference", "selected: "}) assertTrue(out.contains(b), out);
        assertTrue(out.contains("CPU features") || out.contains("not loaded"), out);
    }
}

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
    void infoNamesEveryBackendAndTheSelection() {
        String out = run("info");
        for (String b : new String[] {"cuda", "cpu", "reference", "selected: "}) assertTrue(out.contains(b), out);
        assertTrue(out.contains("CPU features") || out.contains("not loaded"), out);
    }
}

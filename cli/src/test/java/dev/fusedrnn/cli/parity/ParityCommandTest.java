package dev.fusedrnn.cli.parity;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command's output, summary line and exit codes, run on {@link FakeBackend}. */
class ParityCommandTest {
    private static final List<ParityCase> CASES = ParityCases.loadBundled();
    private static final String REFERENCE = ParityCaseTest.REFERENCE.toString();
    private static final String GENERATED = ParityCaseTest.GENERATED.toString();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Function<String, dev.fusedrnn.backend.Backend> backends, String... args) {
        CommandLine cmd = new CommandLine(new ParityCommand(backends, new ParityRunner(null)));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private List<String> lines() {
        return Arrays.asList(out.toString().split("\\R"));
    }

    @Test
    void tablePrintsTheToleranceOneRowPerCaseAndTheSummary() {
        int code = run(name -> new FakeBackend(CASES, false), "--vectors", REFERENCE, "--backend", "fake");
        assertEquals(0, code, err.toString());
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("backend fake32 (float32):") && lines.get(0).endsWith("<= 1.0e-05"), lines.get(0));
        assertEquals(1 + 12 + 1, lines.size(), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("pass  sample_lstm ") && l.contains(" d_c0 ")), out.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("skip  train_lstm ") && l.contains("not run")), out.toString());
        assertEquals("9 passed, 0 failed, 3 skipped", lines.get(lines.size() - 1));
    }

    @Test
    void jsonPrintsOneObjectPerCase() {
        int code = run(name -> new FakeBackend(CASES, true), "--vectors", GENERATED, "--vectors", REFERENCE, "--json");
        assertEquals(0, code, err.toString());
        List<String> lines = lines();
        assertEquals(109 + 12 + 1, lines.size());
        assertEquals("94 passed, 0 failed, 27 skipped", lines.get(lines.size() - 1));
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("gru_backwards", first.get("case").getAsString());
        assertEquals("fake64", first.get("backend").getAsString());
        assertTrue(first.get("pass").getAsBoolean());
        assertEquals(0.0, first.getAsJsonObject("errors").get("d_recurrent_kernel").getAsDouble());
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            assertTrue(o.has("case") && o.has("backend") && o.has("pass") && o.has("errors"), line);
        }
    }

    @Test
    void aFailingCaseGivesExitCodeOneAndNoSkippedWordWithoutSkips(@TempDir Path dir) throws Exception {
        for (String f : List.of("sample_gru.json", "sample_lstm.json")) Files.copy(Path.of(REFERENCE, f), dir.resolve(f));
        int code = run(name -> new FakeBackend(CASES, true).perturb("sample_gru", "d_h0", 0, 0.5), "--vectors", dir.toString());
        assertEquals(1, code);
        List<String> lines = lines();
        assertTrue(lines.get(1).startsWith("FAIL  sample_gru ") && lines.get(1).contains("d_h0 "), out.toString());
        assertEquals("1 passed, 1 failed", lines.get(lines.size() - 1));

        out.getBuffer().setLength(0);
        code = run(name -> new FakeBackend(CASES, true).perturb("sample_gru", "d_h0", 0, Double.NaN),
                "--vectors", dir.toString(), "--json");
        assertEquals(1, code);
        JsonObject gru = JsonParser.parseString(lines().get(0)).getAsJsonObject();
        assertFalse(gru.get("pass").getAsBoolean());
        assertEquals("NaN", gru.getAsJsonObject("errors").get("d_h0").getAsString());
    }

    @Test
    void withoutVectorsTheBundledSuitesRun() {
        assertEquals(0, run(name -> new FakeBackend(CASES, true), "--json"));
        List<String> lines = lines();
        assertEquals("94 passed, 0 failed, 27 skipped", lines.get(lines.size() - 1));
    }

    @Test
    void unknownBackendsAndEmptyDirectoriesAreUsageErrors(@TempDir Path dir) {
        assertEquals(2, run(ParityCommand::openBackend, "--backend", "tpu", "--vectors", REFERENCE));
        assertTrue(err.toString().contains("unknown backend 'tpu'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run(name -> new FakeBackend(CASES, true), "--vectors", dir.toString()));
        assertTrue(err.toString().contains("no parity cases"), err.toString());
        assertEquals(2, run(name -> new FakeBackend(CASES, true), "--vectors", dir.resolve("absent").toString()));
    }
}

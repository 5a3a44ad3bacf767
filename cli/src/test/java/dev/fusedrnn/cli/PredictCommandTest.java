package dev.fusedrnn.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.io.ModelFile;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.LSTM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fusedrnn predict}: Keras files and our model files, CSV and JSON inputs, the JSON last line, and
 * exit code 2 with one clear line for bad files. Keras outputs are checked against the float64 fixtures
 * on the reference backend: |y − e| ≤ 2^-24·|e| + 1e-12, the float32 rounding of the printed prediction.
 */
class PredictCommandTest {
    @TempDir
    Path dir;

    /** Exit code, stdout, stderr of one run, with the error handling of {@code Main.main}. */
    private record Run(int code, String out, String err) {
        JsonObject json() {
            String[] lines = out.strip().split("\n");
            return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        }
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                cmd.getErr().println("fusedrnn " + cmd.getCommandName() + ": " + e.getMessage());
                return 2;
            });
            int code = cli.execute(args);
            return new Run(code, bytes.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PredictCommandTest.class.getResource("/predict/" + name).toURI());
    }

    private static JsonObject fixture(String name) throws Exception {
        return JsonParser.parseString(Files.readString(resource(name))).getAsJsonObject();
    }

    private static void assertClose(JsonArray expected, JsonArray got) {
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            double e = expected.get(i).getAsDouble();
            double y = got.get(i).getAsFloat();   // the shortest decimal of a float32: parse it back as that float
            assertTrue(Math.abs(y - e) <= Math.scalb(1.0, -24) * Math.abs(e) + 1e-12, "value " + i + ": " + y + " vs " + e);
        }
    }

    @Test
    void kerasH5WithJsonInput() throws Exception {
        JsonObject f = fixture("synthetic_k2_gru_reset_before.expected.json");
        Path input = dir.resolve("x.json");
        Files.writeString(input, f.get("input").toString());
        Run r = run("predict", "--model", resource("synthetic_k2_gru_reset_before.h5").toString(), "--input", input.toString(),
                "--backend", "reference");
        assertEquals(0, r.code(), r.err());
        JsonObject out = r.json();
        assertEquals(f.getAsJsonObject("output").get("shape"), out.get("shape"));
        assertClose(f.getAsJsonObject("output").getAsJsonArray("data"), out.getAsJsonArray("data"));
    }

    @Test
    void kerasArchiveWithACsvOfTokenIds() throws Exception {
        // The fixture's first sample, ids 0 0 3 1 6 2, one per row under a header.
        Path input = dir.resolve("ids.csv");
        Files.writeString(input, "id\n0\n0\n3\n1\n6\n2\n");
        Run r = run("predict", "--model", resource("synthetic_k3_embedding_mask.keras").toString(), "--input", input.toString(),
                "--backend", "reference");
        assertEquals(0, r.code(), r.err());
        assertEquals("[1,1]", r.json().get("shape").toString());
        JsonArray expected = new JsonArray();
        expected.add(fixture("synthetic_k3_embedding_mask.expected.json").getAsJsonObject("output").getAsJsonArray("data").get(0));
        assertClose(expected, r.json().getAsJsonArray("data"));
    }

    @Test
    void ourModelFileWithACsvSequence() throws Exception {
        Path model = dir.resolve("m.frnn");
        float[] x = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, 0.8f};
        float[] expected;
        try (Sequential m = new Sequential(new LSTM(5), new Dense(3))) {
            m.backend("reference").seed(9).build(4, 2);
            ModelFile.save(m, model);
            expected = m.predict(Tensor.of(x, 1, 4, 2)).toArray();
        }
        Path input = dir.resolve("seq.csv");
        Files.writeString(input, "0.1,-0.2\n0.3,0.4\n-0.5,0.6\n0.7,0.8\n");
        Run r = run("predict", "--model", model.toString(), "--input", input.toString(), "--backend", "reference");
        assertEquals(0, r.code(), r.err());
        assertEquals("[1,3]", r.json().get("shape").toString());
        JsonArray data = r.json().getAsJsonArray("data");
        float[] got = new float[data.size()];
        for (int i = 0; i < got.length; i++) got[i] = data.get(i).getAsFloat();
        assertArrayEquals(expected, got);   // the printed floats parse back to the same float32 values
    }

    @Test
    void badFilesExitWithCode2AndOneLine() throws Exception {
        Path csv = dir.resolve("ragged.csv");
        Files.writeString(csv, "1,2\n3\n");
        Path model = resource("synthetic_k2_gru_reset_before.h5");
        Run ragged = run("predict", "--model", model.toString(), "--input", csv.toString());
        assertEquals(2, ragged.code());
        assertTrue(ragged.err().contains("ragged.csv:2: 1 values, but the rows above have 2"), ragged.err());

        Path corrupt = dir.resolve("corrupt.frnn");
        try (Sequential m = new Sequential(new Dense(1))) {
            m.backend("reference").build(2);
            ModelFile.save(m, corrupt);
        }
        byte[] b = Files.readAllBytes(corrupt);
        b[b.length - 6] ^= 1;
        Files.write(corrupt, b);
        Path json = dir.resolve("x.json");
        Files.writeString(json, "{\"shape\": [1, 2], \"data\": [1, 2]}");
        Run damaged = run("predict", "--model", corrupt.toString(), "--input", json.toString());
        assertEquals(2, damaged.code());
        assertTrue(damaged.err().contains("checksum does not match"), damaged.err());

        Run missing = run("predict", "--model", dir.resolve("absent.h5").toString(), "--input", json.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such model file"), missing.err());

        Run wrongShape = run("predict", "--model", model.toString(), "--input", json.toString(), "--backend", "reference");
        assertEquals(2, wrongShape.code());
        assertTrue(wrongShape.err().contains("does not fit"), wrongShape.err());
    }
}

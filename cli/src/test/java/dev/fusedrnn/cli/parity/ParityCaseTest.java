package dev.fusedrnn.cli.parity;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading case files: both kinds, FORMAT.md's defaults, the directory scan, and the committed indexes. */
class ParityCaseTest {
    static final Path REFERENCE = Path.of("src/main/resources/parity/keras-rnn-reference");
    static final Path GENERATED = Path.of("src/main/resources/parity/generated");

    static ParityCase load(Path dir, String file) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(dir.resolve(file))).getAsJsonObject();
        return ParityCase.parse(file, o);
    }

    @Test
    void parsesALayerCase() throws IOException {
        ParityCase c = load(REFERENCE, "sample_lstm.json");
        assertEquals(ParityCase.Kind.LAYER, c.kind());
        assertEquals("sample_lstm", c.name());
        assertEquals(CellType.LSTM, c.cell());
        assertEquals(Activation.TANH, c.activation());
        assertEquals(Activation.SIGMOID, c.recurrentActivation());
        assertEquals(new ParityCase.Options(true, true, false, false, true, true), c.options());
        assertEquals(new ParityCase.Dims(3, 6, 4, 5, 4, 0), c.dims());
        ParityTensor x = c.layer().inputs().get("x");
        assertArrayEquals(new int[] {3, 6, 4}, x.shape());
        // the first two numbers of inputs.x as written in the file: shortest repr parses to the same double
        assertEquals(-0.02241823760995284, x.data()[0]);
        assertEquals(1.886946843463129, x.data()[1]);
        assertArrayEquals(new int[] {4, 20}, c.layer().inputs().get("kernel").shape());
        assertEquals(List.of("sequence", "last_h", "last_c"), List.copyOf(c.layer().forward().keySet()));
        assertEquals(List.of("x", "kernel", "recurrent_kernel", "bias", "h0", "c0"), List.copyOf(c.layer().gradients().keySet()));
    }

    @Test
    void parsesOptionsAndActivations() throws IOException {
        ParityCase c = load(REFERENCE, "sample_gru_v1_hsig_keras3_mask.json");
        assertEquals(Activation.HARD_SIGMOID_KERAS3, c.recurrentActivation());
        assertEquals(new ParityCase.Options(false, true, false, true, false, false), c.options());
        assertArrayEquals(new int[] {3, 6}, c.layer().inputs().get("mask").shape());
        ParityCase relu = load(REFERENCE, "sample_rnn_relu_backwards_mask.json");
        assertEquals(Activation.RELU, relu.activation());
        assertTrue(relu.options().goBackwards());
    }

    @Test
    void parsesTrainingRunsWithAndWithoutOptimizerAndHead() throws IOException {
        ParityCase sgd = load(REFERENCE, "sample_train_lstm.json");
        ParityCase.Training t = sgd.training();
        assertEquals(new OptimizerSpec(OptimizerSpec.Kind.SGD, 0.5, 0, 0, 0, 0, false, 0), t.optimizer());
        assertEquals(Activation.LINEAR, t.headActivation());
        assertEquals(LossKind.MSE, t.headLoss());
        assertEquals(1, sgd.dims().denseUnits());
        assertEquals(t.steps() + 1, t.losses().length);
        assertEquals(List.of("x", "y"), List.copyOf(t.data().keySet()));  // data.generator is text, not a tensor

        ParityCase.Training adam = load(REFERENCE, "sample_train_gru_adam_cce.json").training();
        assertEquals(new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.01, 0.9, 0.999, 1e-7, 0, false, 0), adam.optimizer());
        assertEquals(Activation.SOFTMAX, adam.headActivation());
        assertEquals(LossKind.CATEGORICAL_CROSSENTROPY, adam.headLoss());
        ParityCase.Training rms = load(REFERENCE, "sample_train_simple_rnn_rmsprop.json").training();
        assertEquals(new OptimizerSpec(OptimizerSpec.Kind.RMSPROP, 0.003, 0, 0, 1e-7, 0, false, 0.9), rms.optimizer());
        for (String key : List.of("kernel", "recurrent_kernel", "bias", "dense_kernel", "dense_bias")) {
            assertTrue(rms.finalWeights().containsKey(key) && rms.gradientsStep0().containsKey(key), key);
        }
    }

    @Test
    void directoryScanKeepsOnlyCaseFiles(@TempDir Path dir) throws IOException {
        Files.copy(REFERENCE.resolve("sample_gru.json"), dir.resolve("a.json"));
        Files.copy(REFERENCE.resolve("sample_train_lstm.json"), dir.resolve("b.json"));
        Files.copy(REFERENCE.resolve("index.json"), dir.resolve("index.json"));
        Files.copy(REFERENCE.resolve("FORMAT.md"), dir.resolve("FORMAT.md"));
        Files.writeString(dir.resolve("other.json"), "{\"kind\": \"benchmark\", \"name\": \"x\"}");
        Files.writeString(dir.resolve("list.json"), "[1, 2, 3]");
        Files.createDirectory(dir.resolve("nested.json"));
        List<ParityCase> cases = ParityCases.loadDirectory(dir);
        // a case is named by its "name" key (sample_train_lstm.json holds the case "train_lstm")
        assertEquals(List.of("sample_gru", "train_lstm"), cases.stream().map(ParityCase::name).toList());
    }

    @Test
    void malformedCaseFilesAreReportedByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.json"), "{\"kind\": \"layer\", ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParityCases.loadDirectory(dir));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());

        String bad = Files.readString(REFERENCE.resolve("sample_gru.json")).replace("\"shape\":[2,5,3]", "\"shape\":[2,5,4]");
        Files.writeString(dir.resolve("broken.json"), bad);
        e = assertThrows(IllegalArgumentException.class, () -> ParityCases.loadDirectory(dir));
        assertTrue(e.getMessage().contains("inputs.x") && e.getMessage().contains("[2, 5, 4]"), e.getMessage());
    }

    @Test
    void bundledSuitesMatchTheirDirectories() {
        List<ParityCase> bundled = ParityCases.loadBundled();
        List<ParityCase> fromFiles = new java.util.ArrayList<>(ParityCases.loadDirectory(REFERENCE));
        fromFiles.addAll(ParityCases.loadDirectory(GENERATED));
        assertEquals(fromFiles.stream().map(ParityCase::name).sorted().toList(),
                bundled.stream().map(ParityCase::name).sorted().toList());
        assertEquals(12, ParityCases.loadResourceFolder("parity/keras-rnn-reference").size());
    }

    @Test
    void committedFilesMatchTheirIndexes() throws IOException, NoSuchAlgorithmException {
        for (Path dir : List.of(REFERENCE, GENERATED)) {
            JsonObject index = JsonParser.parseString(Files.readString(dir.resolve("index.json"))).getAsJsonObject();
            int listed = 0;
            for (var e : index.getAsJsonArray("files")) {
                JsonObject f = e.getAsJsonObject();
                byte[] bytes = Files.readAllBytes(dir.resolve(f.get("file").getAsString()));
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                assertEquals(f.get("sha256").getAsString(), sha, f.get("file").getAsString());
                assertEquals(f.get("bytes").getAsLong(), bytes.length, f.get("file").getAsString());
                listed++;
            }
            assertEquals(ParityCases.loadDirectory(dir).size(), listed, "every case in " + dir + " is indexed");
        }
    }

    @Test
    void everyTensorIsConsistentWithItsDims() {
        for (ParityCase c : ParityCases.loadBundled()) {
            ParityCase.Dims d = c.dims();
            assertEquals(c.cell().gates(), d.gates(), c.name());
            Map<String, ParityTensor> w = c.kind() == ParityCase.Kind.LAYER ? c.layer().inputs() : c.training().initialWeights();
            int gh = d.gates() * d.units();
            w.get("kernel").requireShape(c.name() + " kernel", d.input(), gh);
            w.get("recurrent_kernel").requireShape(c.name() + " recurrent_kernel", d.units(), gh);
            boolean twoRows = c.cell() == CellType.GRU && c.options().resetAfter();
            int[] bias = twoRows ? new int[] {2, gh} : new int[] {gh};
            w.get("bias").requireShape(c.name() + " bias", bias);
            if (c.kind() == ParityCase.Kind.LAYER) {
                c.layer().forward().get("sequence").requireShape(c.name(), d.batch(), d.time(), d.units());
                assertFalse(c.layer().gradients().isEmpty(), c.name());
            }
        }
    }
}

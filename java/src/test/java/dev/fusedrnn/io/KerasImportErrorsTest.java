package dev.fusedrnn.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Keras file that cannot be imported does: a clear error naming the file and what to try. */
class KerasImportErrorsTest {

    private static IllegalArgumentException parseError(String modelConfig) {
        return assertThrows(IllegalArgumentException.class, () -> KerasLayers.parse(Json.parse(modelConfig), 2));
    }

    @Test
    void unsupportedLayerListsTheSupportedOnes() {
        IllegalArgumentException e = parseError("{\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 5, 2]}},"
                + "{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"conv1d\", \"filters\": 4}}]}}");
        assertTrue(e.getMessage().contains("conv1d (Conv1D) is not supported") && e.getMessage().contains("Bidirectional, Activation"),
                e.getMessage());
    }

    @Test
    void unsupportedOptionIsNamed() {
        IllegalArgumentException e = parseError("{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"LSTM\","
                + " \"config\": {\"name\": \"lstm_1\", \"units\": 4, \"stateful\": true, \"batch_input_shape\": [1, 5, 2],"
                + " \"recurrent_activation\": \"sigmoid\"}}]}");
        assertTrue(e.getMessage().contains("lstm_1 (LSTM): option stateful=true is not supported"), e.getMessage());
    }

    @Test
    void unsupportedActivationListsTheSupportedOnes() {
        IllegalArgumentException e = parseError("{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\","
                + " \"config\": {\"name\": \"dense_1\", \"units\": 4, \"activation\": \"elu\", \"batch_input_shape\": [null, 3]}}]}");
        assertTrue(e.getMessage().contains("activation 'elu' is not supported; supported: linear"), e.getMessage());
    }

    @Test
    void functionalModelsAreNotSequential() {
        IllegalArgumentException e = parseError("{\"class_name\": \"Functional\", \"config\": {\"layers\": []}}");
        assertTrue(e.getMessage().contains("only Sequential models"), e.getMessage());
    }

    @Test
    void hardSigmoidNeedsTheKerasVersion() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasLayers.parse(Json.parse(
                "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"GRU\", \"config\": {\"name\": \"gru\","
                        + " \"units\": 2, \"recurrent_activation\": \"hard_sigmoid\", \"batch_input_shape\": [null, 3, 1]}}]}"), -1));
        assertTrue(e.getMessage().contains("does not say which Keras"), e.getMessage());
    }

    @Test
    void truncatedFileIsAFormatError(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(KerasFixture.resource("keras2_gru_reset_after_true.h5"));
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 3));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasImport.load(cut, "reference", 10, 20));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    }

    @Test
    void truncatedArchiveIsAFormatError(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(KerasFixture.resource("keras3_lstm_stacked.keras"));
        Path cut = dir.resolve("cut.keras");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        assertThrows(ModelFormatException.class, () -> KerasImport.load(cut, "reference"));
    }

    @Test
    void otherFilesAreRecognisedAsNeither(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("model.h5");
        Files.writeString(text, "not a model");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> KerasImport.load(text));
        assertTrue(e.getMessage().contains("neither of the expected formats: an HDF5 file"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> KerasImport.load(dir.resolve("absent.h5")));
    }
}

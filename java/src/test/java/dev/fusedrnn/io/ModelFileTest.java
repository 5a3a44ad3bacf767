package dev.fusedrnn.io;

import dev.fusedrnn.Activation;
import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.TestData;
import dev.fusedrnn.TrainingState;
import dev.fusedrnn.jni.NativeLibraries;
import dev.fusedrnn.layers.ActivationLayer;
import dev.fusedrnn.layers.Bidirectional;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Dropout;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.Flatten;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Masking;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.layers.TimeDistributed;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.EarlyStopping;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;
import dev.fusedrnn.train.ReduceLROnPlateau;
import dev.fusedrnn.train.RmsProp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model files: a bit-exact round trip of everything saved, and a bit-exact continuation of training, on the
 * reference backend (float64 files) and on the cpu backend (float32 files).
 */
class ModelFileTest {
    @TempDir
    Path dir;

    /** Every layer kind, Keras options that change the computation, and a trained optimizer. */
    private static Sequential everyLayer(String backend) {
        Sequential m = new Sequential(
                new Masking(-1.0),
                new Bidirectional(new GRU(4).resetAfter(false).recurrentActivation(Activation.HARD_SIGMOID_KERAS2).returnSequences(true), "ave"),
                new TimeDistributed(new Dense(3, "relu")),
                new ActivationLayer("tanh"),
                new LSTM(5).goBackwards(true).dropout(0.1).recurrentDropout(0.2).returnSequences(true),
                new SimpleRNN(3).activation(Activation.RELU),
                new Dropout(0.25),
                new Dense(2, "softmax").useBias(false));
        m.backend(backend).seed(7).build(6, 2);
        return m;
    }

    /** Backends to run on: the reference (float64 files) and, where its library loads, cpu (float32 files). */
    static List<String> backends() {
        return NativeLibraries.cpu().loaded() ? List.of("reference", "cpu") : List.of("reference");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void roundTripIsBitExact(String backend) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        Tensor x = TestData.uniform(r, 1.0, 8, 6, 2);
        Tensor y = Tensor.of(new float[] {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}, 8, 2);
        Path a = dir.resolve("a.frnn");
        Path b = dir.resolve("b.frnn");
        try (Sequential m = everyLayer(backend)) {
            m.compile(new RmsProp(0.01).clipnorm(1.0), "categorical_crossentropy", "accuracy");
            m.fit(x, y, new FitOptions().epochs(2).batchSize(4).verbose(0));
            ModelFile.save(m, a);
            try (Sequential back = ModelFile.load(a, backend)) {
                assertEquals(m.summary(), back.summary());
                for (int i = 0; i < m.layers().size(); i++) {
                    Layer l = m.layers().get(i);
                    Layer k = back.layers().get(i);
                    assertEquals(l.name(), k.name());
                    double[][] w = l.getWeightsAsDouble();
                    double[][] v = k.getWeightsAsDouble();
                    for (int j = 0; j < w.length; j++) assertArrayEquals(w[j], v[j], 0.0, l.label() + " weight " + j);
                }
                TrainingState s = m.trainingState();
                TrainingState t = back.trainingState();
                assertArrayEquals(s.optimizerState(), t.optimizerState(), 0.0);
                assertEquals(s.iterations(), t.iterations());
                assertEquals(2, t.epochsDone());
                assertEquals(s.randomState(), t.randomState());
                assertEquals(0.01, back.optimizer().learningRate());
                assertEquals(1.0, back.optimizer().clipnorm());
                assertEquals(List.of("accuracy"), back.objective().metricNames());
                assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray());
                ModelFile.save(back, b);
            }
        }
        // Nothing in the file depends on when or where it was written: the same model gives the same bytes.
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void uncompiledModelHasNoTrainingSection() throws IOException {
        Path f = dir.resolve("plain.frnn");
        try (Sequential m = new Sequential(new Embedding(20, 4).maskZero(true), new LSTM(3), new Dense(1))) {
            m.backend("reference").seed(1).build(5);
            ModelFile.save(m, f);
            try (Sequential back = ModelFile.load(f, "reference")) {
                assertFalse(back.isCompiled());
                assertArrayEquals(m.getParameters(), back.getParameters());
                Tensor ids = Tensor.of(new float[] {0, 0, 3, 4, 19, 1, 2, 0, 5, 6}, 2, 5);
                assertArrayEquals(m.predict(ids).toArray(), back.predict(ids).toArray());
            }
        }
        String header = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(header.contains("\"training\""));
        assertTrue(header.contains("\"mask_zero\":true"));
    }

    /** The whole point of a checkpoint: continuing from it gives the losses the uninterrupted run had, bit for bit. */
    @ParameterizedTest
    @MethodSource("backends")
    void resumingFromACheckpointReproducesTheUninterruptedRun(String backend) throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        Tensor x = TestData.uniform(r, 1.0, 40, 5, 3);
        Tensor y = TestData.uniform(r, 1.0, 40, 1);
        Tensor vx = TestData.uniform(r, 1.0, 10, 5, 3);
        Tensor vy = TestData.uniform(r, 1.0, 10, 1);
        int epochs = 7;
        History whole;
        float[] finalWeights;
        try (Sequential m = resumable(backend)) {
            // Dropout draws from fit's random source; ReduceLROnPlateau and EarlyStopping carry state between epochs.
            whole = m.fit(x, y, options(epochs, vx, vy, new ModelCheckpoint(m, dir.resolve("ckpt-{epoch}.frnn"))));
            finalWeights = m.getParameters();
        }
        assertEquals(epochs, whole.epochs());
        int at = 3;
        try (Sequential m = ModelFile.load(dir.resolve("ckpt-" + at + ".frnn"), backend)) {
            assertEquals(at, m.trainingState().epochsDone());
            History rest = m.fit(x, y, options(epochs, vx, vy, new ModelCheckpoint(m, dir.resolve("again-{epoch}.frnn"))));
            assertEquals(epochs - at, rest.epochs());
            for (String metric : List.of("loss", "mae", "val_loss")) {
                List<Double> expected = whole.get(metric).subList(at, epochs);
                List<Double> got = rest.get(metric);
                for (int e = 0; e < expected.size(); e++) {
                    assertEquals(Double.doubleToLongBits(expected.get(e)), Double.doubleToLongBits(got.get(e)),
                            metric + " of epoch " + (at + e + 1) + ": " + expected.get(e) + " vs " + got.get(e));
                }
            }
            assertArrayEquals(finalWeights, m.getParameters());
        }
        // The learning rate was cut on the way, so the comparison above covered a restored callback's decisions.
        try (Sequential last = ModelFile.load(dir.resolve("ckpt-" + epochs + ".frnn"), backend)) {
            assertTrue(last.optimizer().learningRate() < 0.05, "ReduceLROnPlateau never acted: " + last.optimizer().learningRate());
        }
    }

    private static Sequential resumable(String backend) {
        Sequential m = new Sequential(new LSTM(6).dropout(0.2).recurrentDropout(0.1).returnSequences(true), new Dropout(0.3),
                new GRU(4), new Dense(1));
        m.backend(backend).seed(5).build(5, 3);
        m.compile(new Adam(0.05), "mse", "mae");
        return m;
    }

    private static FitOptions options(int epochs, Tensor vx, Tensor vy, ModelCheckpoint checkpoint) {
        // The checkpoint is listed first: fit runs it after the others, so it saves their decisions of the epoch.
        return new FitOptions().epochs(epochs).batchSize(8).verbose(0).validationData(vx, vy).callbacks(checkpoint,
                new ReduceLROnPlateau("loss").patience(0).factor(0.5).minDelta(1.0), new EarlyStopping("val_loss").patience(50));
    }

    @Test
    void checkpointSavesBestOnly() throws IOException {
        SplittableRandom r = new SplittableRandom(2);
        Tensor x = TestData.uniform(r, 1.0, 16, 4, 2);
        Tensor y = TestData.uniform(r, 1.0, 16, 1);
        try (Sequential m = new Sequential(new SimpleRNN(3), new Dense(1))) {
            m.backend("reference").seed(3).build(4, 2);
            m.compile(new Adam(0.01), "mse");
            ModelCheckpoint best = new ModelCheckpoint(m, dir.resolve("best.frnn")).monitor("loss").saveBestOnly(true);
            History h = m.fit(x, y, new FitOptions().epochs(4).batchSize(4).verbose(0).callbacks(best));
            int bestEpoch = h.get("loss").indexOf(h.get("loss").stream().min(Double::compare).get());
            try (Sequential back = ModelFile.load(best.lastSaved(), "reference")) {
                assertEquals(bestEpoch + 1, back.trainingState().epochsDone());
            }
        }
        assertNull(new ModelCheckpoint(new Sequential(new Dense(1)), dir.resolve("x.frnn")).lastSaved());
    }
}

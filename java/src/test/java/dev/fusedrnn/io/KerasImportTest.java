package dev.fusedrnn.io;

import dev.fusedrnn.Activation;
import dev.fusedrnn.Sequential;
import dev.fusedrnn.jni.NativeLibraries;
import dev.fusedrnn.layers.ActivationLayer;
import dev.fusedrnn.layers.Bidirectional;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Masking;
import dev.fusedrnn.layers.Recurrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real Keras files (Keras 2.0.5 to 3.10, see resources keras/PROVENANCE.md) reproduce their float64
 * expected outputs on the reference backend.
 *
 * <p>Tolerance: the reference backend computes in double from the files' float32 weights widened exactly
 * and float32 inputs, as the fixtures' numpy script did; the two differ only by the order of double
 * roundings (≲ K·2^-53 relative per dot product, below 1e-12 here) and by the float32 rounding of the
 * returned prediction (at most half an ulp, ≤ 2^-24·|y|). So {@code |y − e| ≤ 2^-24·|e| + 1e-12}. A wrong
 * semantic (logistic for hard_sigmoid, the other hard_sigmoid, reset_after flipped, a gate order) moves
 * these outputs by 2e-3 or more.
 */
class KerasImportTest {
    static final double REL = Math.scalb(1.0, -24);
    static final double ABS = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {
            "keras2_embedding_lstm_sequential.h5",     // Keras 2.0.9, bare-list config, hard_sigmoid (Keras 2 form)
            "keras2_lstm_dense_timeseries.h5",         // Keras 2.0.5, standalone Activation layer
            "keras2_gru_reset_after_true.h5",          // tf.keras 2.10, GRU reset_after, T = None
            "keras2_simplernn_stacked.h5",             // tf.keras 2.8, 3 x SimpleRNN with cell-suffixed groups
            "keras3_gru_legacy_h5_format.h5",          // Keras 3.10 legacy .h5: no ':0', model name in paths
            "keras3_lstm_stacked.keras"})              // Keras 3.4 .keras zip, Dense relu
    void wholeModelFilesReproduceTheirOutputs(String file) throws IOException {
        KerasFixture f = KerasFixture.of(file);
        // T = None in one file: the fixture's shape is given; the others must agree with their declared shapes.
        try (Sequential model = KerasImport.load(f.model, "reference", f.sampleShape())) {
            f.check(model, REL, ABS);
        }
    }

    /**
     * The same files on the cpu backend (float32). Tolerance: float32 recurrent layers stay within 2.4e-6
     * (scaled by max(1, |y|)) of float64 on the parity cases, and these outputs are O(1) after at most 500
     * steps, so 1e-5·max(1, |e|) holds with a margin of 4 (measured: 2.0e-7 at most); a wrong semantic moves them
     * by 2e-3 or more.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "keras2_embedding_lstm_sequential.h5", "keras2_lstm_dense_timeseries.h5", "keras2_gru_reset_after_true.h5",
            "keras2_simplernn_stacked.h5", "keras3_gru_legacy_h5_format.h5", "keras3_lstm_stacked.keras",
            "synthetic_k2_gru_reset_before.h5", "synthetic_k2_bidirectional_masking.h5", "synthetic_k3_bidirectional.keras",
            "synthetic_k3_embedding_mask.keras", "synthetic_hard_sigmoid_k2.h5", "synthetic_hard_sigmoid_k3.h5"})
    void filesReproduceTheirOutputsOnTheCpuBackend(String file) throws IOException {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
        KerasFixture f = KerasFixture.of(file);
        try (Sequential model = KerasImport.load(f.model, "cpu", f.sampleShape())) {
            f.check(model, 1e-5, 1e-5);
        }
    }

    /** Small files written with h5py in Keras's layouts (tools/keras-fixtures), checked against reference.py. */
    @ParameterizedTest
    @ValueSource(strings = {
            "synthetic_k2_gru_reset_before.h5",        // GRU reset_after=false, TimeDistributed(Dense), Activation softmax
            "synthetic_k2_bidirectional_masking.h5",   // Masking(-1), Bidirectional LSTM concat + SimpleRNN relu sum, Activation tanh
            "synthetic_k3_bidirectional.keras",        // Keras 3 paths forward_layer/backward_layer and layer/, Flatten
            "synthetic_k3_embedding_mask.keras",       // Embedding mask_zero, SimpleRNN relu, Dropout
            "synthetic_hard_sigmoid_k2.h5",            // hard_sigmoid written by Keras 2: clip(0.2x + 0.5)
            "synthetic_hard_sigmoid_k3.h5"})           // the same weights written by Keras 3: clip(x/6 + 0.5)
    void synthesizedFilesReproduceTheReference(String file) throws IOException {
        KerasFixture f = KerasFixture.of(file);
        try (Sequential model = KerasImport.load(f.model, "reference")) {
            f.check(model, REL, ABS);
        }
    }

    @Test
    void hardSigmoidFollowsTheVersionThatWroteTheFile() throws IOException {
        try (Sequential k2 = KerasImport.load(KerasFixture.resource("synthetic_hard_sigmoid_k2.h5"), "reference");
             Sequential k3 = KerasImport.load(KerasFixture.resource("synthetic_hard_sigmoid_k3.h5"), "reference")) {
            assertEquals(Activation.HARD_SIGMOID_KERAS2, ((Recurrent) k2.layers().get(1)).spec().recurrentActivation());
            assertEquals(Activation.HARD_SIGMOID_KERAS3, ((Recurrent) k3.layers().get(1)).spec().recurrentActivation());
            // Same weights in both files: the expectations differ by 2e-2, far beyond the tolerance.
            KerasFixture f2 = KerasFixture.of("synthetic_hard_sigmoid_k2.h5");
            KerasFixture f3 = KerasFixture.of("synthetic_hard_sigmoid_k3.h5");
            assertTrue(Math.abs(f2.output[0] - f3.output[0]) > 1e-3);
            assertArrayEquals(k2.getParameters(), k3.getParameters());
        }
    }

    @Test
    void keras3WeightsOnlyFileLoadsByLayerName() throws IOException {
        KerasFixture f = KerasFixture.of("synthetic_k3_weights_only.weights.h5");
        try (Sequential model = new Sequential(new Masking(0.0), new Bidirectional(new LSTM(3)), new Dense(2, "softmax"))) {
            model.backend("reference").build(4, 2);
            KerasImport.loadWeights(model, f.model);
            f.check(model, REL, ABS);
        }
    }

    @Test
    void keras3WeightsOnlyFileNamesTheMissingLayer() {
        try (Sequential model = new Sequential(new Masking(0.0), new Bidirectional(new LSTM(3)), new Dense(2, "softmax").name("head"))) {
            model.backend("reference").build(4, 2);
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> KerasImport.loadWeights(model, KerasFixture.resource("synthetic_k3_weights_only.weights.h5")));
            assertTrue(e.getMessage().contains("layers/head/vars/0") && e.getMessage().contains("dense"), e.getMessage());
        }
    }

    @Test
    void shapesComeFromTheFileWhenKnown() throws IOException {
        try (Sequential model = KerasImport.load(KerasFixture.resource("keras3_lstm_stacked.keras"), "reference")) {
            assertEquals(4, model.layers().size());
            assertEquals(10, model.inputShape()[0]);
            assertEquals(6, model.inputShape()[1]);
        }
    }

    @Test
    void keras2HardSigmoidIsTheKeras2Form() throws IOException {
        try (Sequential model = KerasImport.load(KerasFixture.resource("keras2_lstm_dense_timeseries.h5"), "reference")) {
            Recurrent lstm = (Recurrent) model.layers().get(0);
            assertEquals(Activation.HARD_SIGMOID_KERAS2, lstm.spec().recurrentActivation());
            assertEquals("Activation", model.layers().get(2).typeName());
        }
    }

    @Test
    void weightsOnlyFileLoadsIntoABuiltArchitecture() throws IOException {
        KerasFixture f = KerasFixture.of("keras2_lstm_dense_timeseries.weights_only.h5");
        // The architecture of the source repository's script: LSTM(30, input (200, 20)), Dense(20), Activation('linear').
        try (Sequential model = new Sequential(
                new LSTM(30).recurrentActivation(Activation.HARD_SIGMOID_KERAS2), new Dense(20), new ActivationLayer("linear"))) {
            model.backend("reference").build(200, 20);
            KerasImport.loadWeights(model, f.model);
            f.check(model, REL, ABS);
        }
    }

    @Test
    void weightsOnlyFileIsNotAModel() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasImport.load(KerasFixture.resource("keras2_lstm_dense_timeseries.weights_only.h5"), "reference"));
        assertTrue(e.getMessage().contains("loadWeights"), e.getMessage());
    }

    @Test
    void unknownTimeStepsNeedAShape() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasImport.load(KerasFixture.resource("keras2_gru_reset_after_true.h5"), "reference"));
        assertTrue(e.getMessage().contains("unknown dimension"), e.getMessage());
    }

    @Test
    void givenShapeMustAgreeWithTheFile() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> KerasImport.load(KerasFixture.resource("keras2_gru_reset_after_true.h5"), "reference", 10, 7));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    @Test
    void mismatchedArchitectureIsAClearError() {
        // reset_after=false where the file's GRU has reset_after=true: the bias shapes differ.
        try (Sequential model = new Sequential(new GRU(80).resetAfter(false), new Dense(40), new Dense(1))) {
            model.backend("reference").build(10, 20);
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> KerasImport.loadWeights(model, KerasFixture.resource("keras2_gru_reset_after_true.h5")));
            assertTrue(e.getMessage().contains("reset_after=true"), e.getMessage());
        }
    }
}

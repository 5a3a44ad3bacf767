package dev.fusedrnn;

import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.RecurrentCall;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.reference.ReferenceBackend;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear exception naming the layer or the call, the expected and the given value. */
class ApiContractTest {

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... parts) {
        Throwable e = assertThrows(type, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }

    private static Sequential lstmModel() {
        Sequential m = new Sequential(new LSTM(4), new Dense(1)).backend("reference").seed(1);
        m.build(5, 2);
        return m;
    }

    private static Tensor seqs(int n, int t, int c) { return Tensor.zeros(n, t, c); }

    @Test
    void fitBeforeCompile() {
        try (Sequential m = lstmModel()) {
            assertMessage(IllegalStateException.class, () -> m.fit(seqs(3, 5, 2), Tensor.zeros(3, 1), new FitOptions()),
                    "compiled", "compile(");
        }
    }

    @Test
    void wrongInputShapeNamesTheFirstLayer() {
        try (Sequential m = lstmModel()) {
            m.compile(new Adam(), "mse");
            assertMessage(IllegalArgumentException.class, () -> m.fit(seqs(3, 5, 3), Tensor.zeros(3, 1), new FitOptions()),
                    "lstm (LSTM)", "(None, 5, 2)", "[3, 5, 3]");
        }
    }

    @Test
    void wrongTargetShapeNamesTheLoss() {
        try (Sequential m = lstmModel()) {
            m.compile(new Adam(), "mse");
            assertMessage(IllegalArgumentException.class, () -> m.fit(seqs(3, 5, 2), Tensor.zeros(3, 2), new FitOptions()),
                    "loss mse", "[N, 1]", "[N, 2]");
            assertMessage(IllegalArgumentException.class, () -> m.fit(seqs(3, 5, 2), Tensor.zeros(4, 1), new FitOptions()),
                    "3 samples", "4");
        }
    }

    @Test
    void sparseLabelsOutOfRange() {
        try (Sequential m = new Sequential(new GRU(4), new Dense(3, "softmax")).backend("reference").seed(1)) {
            m.compile(new Adam(), "sparse_categorical_crossentropy", "accuracy");
            assertMessage(IllegalArgumentException.class,
                    () -> m.fit(seqs(2, 4, 1), Tensor.ofLabels(new int[] {0, 3}), new FitOptions()), "class id 3", "[0, 3)");
        }
    }

    @Test
    void nonFiniteInputsAreReportedWhereTheyAre() {
        try (Sequential m = lstmModel()) {
            m.compile(new Adam(), "mse");
            float[] v = new float[3 * 5 * 2];
            v[17] = Float.NaN;
            assertMessage(IllegalArgumentException.class, () -> m.fit(Tensor.of(v, 3, 5, 2), Tensor.zeros(3, 1), new FitOptions()),
                    "NaN", "[1, 3, 1]");
            assertMessage(IllegalArgumentException.class, () -> m.predict(Tensor.of(v, 3, 5, 2)), "NaN");
        }
    }

    @Test
    void tokenIdsOutOfVocabulary() {
        try (Sequential m = new Sequential(new Embedding(10, 4), new SimpleRNN(3), new Dense(1)).backend("reference")) {
            m.compile(new Adam(), "mse");
            assertMessage(IllegalArgumentException.class,
                    () -> m.fit(new int[][] {{1, 2, 10}}, new float[][] {{0f}}, new FitOptions()),
                    "embedding (Embedding)", "token id 10", "[0, 2]", "[0, 10)");
        }
        assertMessage(IllegalArgumentException.class, () -> Tensor.ofIds(new int[][] {{1, -1}}), "id -1");
    }

    @Test
    void zeroLengthSequencesAndEmptyBatches() {
        try (Sequential m = new Sequential(new LSTM(4), new Dense(1)).backend("reference")) {
            m.compile(new Adam(), "mse");
            assertMessage(IllegalArgumentException.class, () -> m.fit(seqs(2, 0, 2), Tensor.zeros(2, 1), new FitOptions()),
                    "dimension < 1");
        }
        try (Sequential m = lstmModel()) {
            m.compile(new Adam(), "mse");
            assertMessage(IllegalArgumentException.class, () -> m.fit(seqs(0, 5, 2), Tensor.zeros(0, 1), new FitOptions()),
                    "no samples");
            assertMessage(IllegalArgumentException.class, () -> m.predict(seqs(2, 5, 2), 0), "batch size", "0");
        }
        assertMessage(IllegalArgumentException.class, () -> new FitOptions().batchSize(0), "batch size", "0");
    }

    @Test
    void raggedArraysAreRejected() {
        assertMessage(IllegalArgumentException.class, () -> Tensor.of(new float[][][] {{{1f}}, {{1f}, {2f}}}), "ragged", "sample 1");
    }

    @Test
    void layerOptionsAreChecked() {
        assertMessage(IllegalArgumentException.class, () -> new LSTM(0), "units", "0");
        assertMessage(IllegalArgumentException.class, () -> new Sequential(new LSTM(3).activation(Activation.RELU))
                .backend("reference").build(2, 1), "lstm (LSTM)", "tanh", "relu");
        assertMessage(IllegalArgumentException.class, () -> new LSTM(3).dropout(1.0), "dropout", "[0, 1)");
        assertMessage(IllegalArgumentException.class, () -> Activation.parse("hard_sigmoid"), "keras2", "keras3");
        assertMessage(IllegalArgumentException.class, () -> new Sequential(new Dense(2), new LSTM(2)).backend("reference")
                .build(3), "lstm (LSTM)", "(None, timesteps, features)", "(None, 2)");
    }

    @Test
    void directCallsCheckShapes() {
        try (RecurrentCall call = RecurrentCall.build(new LSTM(3), 2, new ReferenceBackend(), 7)) {
            assertMessage(IllegalArgumentException.class, () -> call.forward(seqs(2, 4, 3), null), "lstm (LSTM)", "input", "[*, *, 2]");
            assertMessage(IllegalArgumentException.class, () -> call.forward(seqs(2, 4, 2), Tensor.zeros(2, 5)), "mask", "[2, 4]");
            assertMessage(IllegalArgumentException.class, () -> call.forward(seqs(2, 4, 2), null, Tensor.zeros(2, 3)),
                    "2 initial state");
            assertMessage(IllegalStateException.class, () -> call.backward(Tensor.zeros(2, 3)), "forward before backward");
        }
    }
}

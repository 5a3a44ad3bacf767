package dev.fusedrnn;

import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.layers.TimeDistributed;
import dev.fusedrnn.train.Batch;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;
import dev.fusedrnn.train.LearningRateScheduler;
import dev.fusedrnn.train.ReduceLROnPlateau;
import dev.fusedrnn.train.Sgd;
import dev.fusedrnn.train.TrainingControl;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sample and class weights as Keras applies them, learning-rate callbacks, fit from a batch source. */
class TrainingConveniencesTest {


    /** The loss on one sample, evaluated alone. */
    private static double lossOf(Sequential m, Tensor x, Tensor y, int i) {
        return m.evaluate(x.rows(i, i + 1), y.rows(i, i + 1)).get("loss");
    }

    @Test
    void sampleWeightsMultiplyEachLossAndDivideByTheSampleCount() {
        SplittableRandom r = new SplittableRandom(1);
        Tensor x = TestData.uniform(r, 1, 4, 3, 2);
        Tensor y = TestData.uniform(r, 1, 4, 1);
        float[] w = {0.5f, 2f, 0f, 1f};
        try (Sequential m = new Sequential(new SimpleRNN(3), new Dense(1)).backend("reference").seed(2)) {
            m.compile(new Sgd(1e-12), "mse");
            double expected = 0;
            for (int i = 0; i < 4; i++) expected += w[i] * lossOf(m, x, y, i);
            expected /= 4;   // Keras: Σ w·l / N, not / Σ w
            History h = m.fit(x, y, new FitOptions().batchSize(4).sampleWeight(w).verbose(0));
            assertEquals(expected, h.last("loss"), 1e-12);
        }
    }

    @Test
    void sampleWeightsOnMaskedSequencesDivideByTheValidSteps() {
        int[][] ids = {{0, 1, 2}, {3, 0, 4}};   // masked steps: [0,0] and [1,1]
        SplittableRandom r = new SplittableRandom(3);
        Tensor y = TestData.uniform(r, 1, 2, 3, 1);
        float[] w = {3f, 0.5f};
        try (Sequential m = new Sequential(new Embedding(5, 2).maskZero(true), new GRU(2).returnSequences(true),
                new TimeDistributed(new Dense(1))).backend("reference").seed(4)) {
            m.compile(new Sgd(1e-12), "mse");
            Tensor x = Tensor.ofIds(ids);
            // per-step losses from a sample-by-sample evaluation: Keras's masked mean over one sample's
            // valid steps times its count of valid steps gives that sample's summed step loss
            double sum = w[0] * 2 * lossOf(m, x, y, 0) + w[1] * 2 * lossOf(m, x, y, 1);
            History h = m.fit(x, y, new FitOptions().batchSize(2).sampleWeight(w).verbose(0));
            assertEquals(sum / 4, h.last("loss"), 1e-12);
        }
    }

    @Test
    void classWeightsWeighSamplesByTheirClass() {
        SplittableRandom r = new SplittableRandom(5);
        Tensor x = TestData.uniform(r, 1, 3, 2, 2);
        Tensor labels = Tensor.ofLabels(new int[] {0, 2, 2});
        try (Sequential m = new Sequential(new SimpleRNN(3), new Dense(3, "softmax")).backend("reference").seed(6)) {
            m.compile(new Sgd(1e-12), "sparse_categorical_crossentropy");
            double expected = (1.0 * lossOf(m, x, labels, 0) + 4.0 * lossOf(m, x, labels, 1) + 4.0 * lossOf(m, x, labels, 2)) / 3;
            History h = m.fit(x, labels, new FitOptions().batchSize(3).classWeight(Map.of(2, 4.0)).verbose(0));
            assertEquals(expected, h.last("loss"), 1e-12);
            assertThrows(IllegalArgumentException.class, () -> m.fit(x, labels,
                    new FitOptions().classWeight(Map.of(0, 1.0)).sampleWeight(new float[] {1, 1, 1}).verbose(0)));
            assertThrows(IllegalArgumentException.class, () -> m.fit(x, labels,
                    new FitOptions().sampleWeight(new float[] {1, 1}).verbose(0)));
        }
    }

    /** Records the learning rate each epoch trains with. */
    private static final class LrRecorder implements Callback {
        final List<Double> rates = new ArrayList<>();
        TrainingControl control;

        @Override public void onTrainBegin(TrainingControl c) { control = c; }

        @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { rates.add(control.learningRate()); }
    }

    @Test
    void schedulerAndPlateauChangeTheLearningRateAsKerasDoes() {
        SplittableRandom r = new SplittableRandom(7);
        Tensor x = TestData.uniform(r, 1, 8, 3, 1);
        Tensor y = TestData.uniform(r, 1, 8, 1);
        try (Sequential m = new Sequential(new SimpleRNN(2), new Dense(1)).backend("reference").seed(8)) {
            m.compile(new Sgd(0.1), "mse");
            LrRecorder rec = new LrRecorder();
            m.fit(x, y, new FitOptions().epochs(4).verbose(0)
                    .callbacks(new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr / 2), rec));
            assertEquals(List.of(0.1, 0.05, 0.025, 0.0125), rec.rates);

            m.compile(new Sgd(1e-9), "mse");   // a rate this small leaves the loss flat: a plateau
            LrRecorder rec2 = new LrRecorder();
            m.fit(x, y, new FitOptions().epochs(7).verbose(0).callbacks(
                    new ReduceLROnPlateau("loss").patience(2).factor(0.5).cooldown(1).minDelta(1e-3), rec2));
            // Keras's order: epoch 0 sets the best; 1 and 2 wait, reduce at 2 and start a 1-epoch cooldown;
            // at 3 the cooldown runs out before the check, so 3 already waits, and 4 reduces again; and so on
            assertEquals(List.of(1e-9, 1e-9, 5e-10, 5e-10, 2.5e-10, 2.5e-10, 1.25e-10), rec2.rates);
        }
    }

    @Test
    void aBatchSourceTrainsExactlyLikeTheSameBatchesInMemory() {
        SplittableRandom r = new SplittableRandom(9);
        Tensor x = TestData.uniform(r, 1, 10, 4, 2);
        Tensor y = TestData.uniform(r, 1, 10, 1);
        float[][] params = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Sequential m = new Sequential(new GRU(3), new Dense(1)).backend("reference").seed(10)) {
                m.compile(new Sgd(0.05), "mse");
                FitOptions o = new FitOptions().epochs(3).batchSize(4).shuffle(false).verbose(0).seed(11);
                if (run == 0) {
                    m.fit(x, y, o);
                } else {
                    List<Batch> batches = List.of(new Batch(x.rows(0, 4), y.rows(0, 4)), new Batch(x.rows(4, 8), y.rows(4, 8)),
                            new Batch(x.rows(8, 10), y.rows(8, 10)));
                    m.fit(batches, o);
                }
                params[run] = m.getParameters();
            }
        }
        assertArrayEquals(params[0], params[1]);
    }
}

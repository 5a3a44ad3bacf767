package dev.fusedrnn;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.layers.ActivationLayer;
import dev.fusedrnn.layers.Bidirectional;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Dropout;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.Flatten;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Masking;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.layers.TimeDistributed;
import dev.fusedrnn.train.Sgd;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole-model finite-difference checks on the reference backend (double): the composition of layers —
 * masks flowing from Embedding/Masking, Bidirectional's reversal and merges, TimeDistributed, Flatten,
 * Dropout with a fixed mask, and mask-weighted sequence losses — gives the gradient of the loss.
 * Central differences with h = 1e-5 have truncation error O(h²·f''') ≈ 1e-10 and round-off ≈ 1e-16/h ≈
 * 1e-11 for losses of order 1; inputs are float32 but the parameters and all arithmetic are double, so a
 * relative tolerance of 1e-6 on the gradient leaves two orders of magnitude of margin and still catches
 * any real error (which shows up at 1e-2 or worse).
 */
class ModelGradientTest {

    private static void check(Sequential m, Tensor x, Tensor y, String loss) {
        m.compile(new Sgd(), loss);
        long seed = 99;
        double base = m.training.lossAndGradient(x, y, new SplittableRandom(seed));
        double[] g = m.gradientBuffer().toDoubleArray();
        Buffer p = m.parameterBuffer();
        double[] w = p.toDoubleArray();
        double h = 1e-5;
        double worst = 0;
        SplittableRandom pick = new SplittableRandom(5);
        for (int k = 0; k < Math.min(w.length, 120); k++) {
            int i = w.length <= 120 ? k : pick.nextInt(w.length);
            double keep = w[i];
            w[i] = keep + h;
            p.set(w);
            double up = m.training.lossAndGradient(x, y, new SplittableRandom(seed));
            w[i] = keep - h;
            p.set(w);
            double down = m.training.lossAndGradient(x, y, new SplittableRandom(seed));
            w[i] = keep;
            p.set(w);
            double fd = (up - down) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1e-3, Math.abs(fd) + Math.abs(g[i])));
        }
        assertTrue(worst < 1e-6, "worst relative gradient error " + worst + " (loss " + base + ")");
    }


    @Test
    void standaloneActivationLayersPassTheGradient() {
        SplittableRandom r = new SplittableRandom(4);
        try (Sequential m = new Sequential(new GRU(3).returnSequences(true), new ActivationLayer("relu"),
                new TimeDistributed(new Dense(4)), new ActivationLayer("tanh"), new Flatten(), new Dense(3),
                new ActivationLayer("softmax")).backend("reference").seed(6)) {
            check(m, TestData.uniform(r, 1.0, 3, 4, 2), Tensor.of(softTargets(r, 3, 1, 3).toArray(), 3, 3), "categorical_crossentropy");
        }
    }

    @Test
    void embeddingMaskBidirectionalConcatSequenceLoss() {
        SplittableRandom r = new SplittableRandom(1);
        int[][] ids = {{0, 0, 3, 5, 2}, {4, 1, 0, 2, 0}, {1, 2, 3, 4, 5}};   // pre-padding, holes, none
        try (Sequential m = new Sequential(new Embedding(6, 3).maskZero(true),
                new Bidirectional(new LSTM(4).returnSequences(true)), new TimeDistributed(new Dense(2, "softmax")))
                .backend("reference").seed(2)) {
            check(m, Tensor.ofIds(ids), softTargets(r, 3, 5, 2), "categorical_crossentropy");
        }
    }

    @Test
    void maskingBidirectionalMergesLastOutput() {
        SplittableRandom r = new SplittableRandom(3);
        for (String merge : new String[] {"sum", "mul", "ave", "concat"}) {
            float[] v = TestData.uniform(r, 1, 2, 6, 3).toArray();
            for (int k = 0; k < 3; k++) v[(1 * 6 + 5) * 3 + k] = 0f;   // sample 1's last step is masked
            try (Sequential m = new Sequential(new Masking(0.0), new Bidirectional(new GRU(3), merge), new Dense(1, "tanh"))
                    .backend("reference").seed(4)) {
                check(m, Tensor.of(v, 2, 6, 3), TestData.uniform(r, 1, 2, 1), "mse");
            }
        }
    }

    @Test
    void stackedWithDropoutFlattenAndRecurrentDropout() {
        SplittableRandom r = new SplittableRandom(5);
        try (Sequential m = new Sequential(new SimpleRNN(4).returnSequences(true).dropout(0.3).recurrentDropout(0.2),
                new GRU(3).resetAfter(false).returnSequences(true), new Dropout(0.25), new Flatten(), new Dense(2, "sigmoid"))
                .backend("reference").seed(6)) {
            Tensor y = Tensor.of(new float[] {0, 1, 1, 0, 1, 1}, 3, 2);
            check(m, TestData.uniform(r, 1, 3, 4, 2), y, "binary_crossentropy");
        }
    }

    private static Tensor softTargets(SplittableRandom r, int n, int t, int k) {
        float[] v = new float[n * t * k];
        for (int i = 0; i < n * t; i++) v[i * k + r.nextInt(k)] = 1f;
        return Tensor.of(v, n, t, k);
    }

}

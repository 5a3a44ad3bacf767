package dev.fusedrnn.jni;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.ThreadingFixture;
import dev.fusedrnn.train.FitOptions;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The work of the leak tests: on an LSTM regressor and an Embedding + GRU classifier, {@code predicts}
 * predictions (batches of 1 to 8, alternating models), {@code fitSteps} training steps (8-sample batches, one
 * epoch per fit call, alternating models) with an evaluation and a snapshot (predicted on, then closed) every
 * 16 fit calls; then both models are closed. {@code sample} is called with "warm" after the first tenth of
 * the work and with "end" before closing.
 */
final class SoakWork {
    private static final int SAMPLES = 64, BATCH = 8;

    private SoakWork() { }

    static void run(String backend, int predicts, int fitSteps, Consumer<String> sample) {
        SplittableRandom r = new SplittableRandom(9);
        Tensor x = ThreadingFixture.sequences(r, SAMPLES);
        Tensor y = ThreadingFixture.targets(r, SAMPLES);
        Tensor ids = ThreadingFixture.ids(r, SAMPLES);
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) labels[i] = r.nextInt(4);
        Tensor classes = Tensor.ofLabels(labels);
        Tensor[] probes = new Tensor[8];
        for (int i = 0; i < 8; i++) probes[i] = i % 2 == 0 ? ThreadingFixture.sequences(r, 1 + i) : ThreadingFixture.ids(r, 1 + i);
        FitOptions oneEpoch = new FitOptions().epochs(1).batchSize(BATCH).verbose(0);
        int fitCalls = Math.max(1, fitSteps / (SAMPLES / BATCH));
        try (Sequential lstm = ThreadingFixture.lstmModel(backend, 1);
             Sequential gru = ThreadingFixture.embeddingModel(backend, 2)) {
            for (int phase = 0; phase < 2; phase++) {
                int p0 = phase == 0 ? 0 : predicts / 10, p1 = phase == 0 ? predicts / 10 : predicts;
                int f0 = phase == 0 ? 0 : fitCalls / 10, f1 = phase == 0 ? fitCalls / 10 : fitCalls;
                for (int i = p0; i < p1; i++) (i % 2 == 0 ? lstm : gru).predict(probes[i % 8], 4);
                for (int i = f0; i < f1; i++) {
                    if (i % 2 == 0) lstm.fit(x, y, oneEpoch);
                    else gru.fit(ids, classes, oneEpoch);
                    if (i % 16 == 15) {
                        lstm.evaluate(x, y);
                        try (Sequential s = gru.snapshot()) {
                            s.predict(ids);
                        }
                    }
                }
                if (sample != null) sample.accept(phase == 0 ? "warm" : "end");
            }
        }
    }
}

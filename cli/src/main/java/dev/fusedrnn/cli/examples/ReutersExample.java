package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.data.Reuters;
import dev.fusedrnn.data.Sequences;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;

import java.util.Arrays;
import java.util.Map;

/**
 * Reuters newswire topics, the classic Keras text-classification tutorial: Keras's {@code reuters} data set
 * rebuilt from the bundled Reuters-21578 files (8,982 train, 2,246 test, 46 topics), the 1,000 most frequent
 * words (numWords 1000), each newswire padded or truncated at the front to 100 steps; Embedding(1000, 100),
 * LSTM(100), Dense(46, softmax); Adam, categorical cross-entropy, batch 100, 20 epochs, the test set as
 * validation data. A Keras replica of this model on this data reaches 0.70 test accuracy.
 */
final class ReutersExample extends Example {
    static final int NUM_WORDS = 1000;
    static final int MAXLEN = 100;
    static final int CLASSES = 46;

    @Override public String name() { return "reuters"; }

    @Override public CellType defaultCell() { return CellType.LSTM; }

    @Override public int defaultEpochs() { return 20; }

    @Override public int defaultBatchSize() { return 100; }

    @Override
    public Sequential model(CellType cell, String backend, long seed) {
        return new Sequential(new Embedding(NUM_WORDS, 100), layer(cell, 100), new Dense(CLASSES, "softmax"))
                .backend(backend).seed(seed).build(MAXLEN);
    }

    /** Padded ids {@code [N, 100]} and one-hot topics {@code [N, 46]} of the first {@code n} newswires. */
    static Tensor[] tensors(int[][] x, int[] y, int n) {
        int[][] padded = Sequences.padSequences(Arrays.copyOf(x, n), MAXLEN);
        return new Tensor[] {Tensor.ofIds(padded), Tensor.of(Sequences.toCategorical(Arrays.copyOf(y, n), CLASSES))};
    }

    @Override
    public Result train(Run run) {
        Reuters.Data d = Reuters.load(run.dataDir(), Reuters.Options.defaults().numWords(NUM_WORDS));
        int nTrain = run.cap(d.xTrain().length);
        int nTest = run.samples() == null ? d.xTest().length : Math.min(d.xTest().length, Math.max(1, nTrain / 4));
        Tensor[] train = tensors(d.xTrain(), d.yTrain(), nTrain);
        Tensor[] test = tensors(d.xTest(), d.yTest(), nTest);
        run.out().printf("reuters: %d train, %d test newswires, %d topics, %d words, %d steps%n", nTrain, nTest, d.numClasses(), NUM_WORDS, MAXLEN);
        try (Sequential model = model(run.cell(), run.backend(), run.seed())) {
            model.compile(new Adam(), "categorical_crossentropy", "accuracy");
            long t0 = System.nanoTime();
            History h = model.fit(train[0], train[1], new FitOptions().epochs(run.epochs()).batchSize(run.batchSize())
                    .seed(run.seed()).verbose(run.verbose()).out(run.out()).validationData(test[0], test[1]));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> metrics = lastEpoch(h);
            Map<String, Double> score = model.evaluate(test[0], test[1], run.batchSize());
            metrics.put("test_loss", score.get("loss"));
            metrics.put("test_accuracy", score.get("accuracy"));
            metrics.put("majority_accuracy", majority(d.yTrain(), nTrain, d.yTest(), nTest));
            metrics.put("prior_loss", priorLoss(d.yTrain(), nTrain, d.yTest(), nTest));
            plotHistory(run, h);
            return new Result(name(), run.cell(), model.backend().name(), h.epochs(), seconds, metrics);
        }
    }

    /**
     * Test cross-entropy of always predicting the training topic frequencies (add-one smoothed, so that no
     * test topic has probability 0): the loss of a model that learned the class balance and nothing else.
     */
    static double priorLoss(int[] yTrain, int nTrain, int[] yTest, int nTest) {
        double[] count = new double[CLASSES];
        for (int i = 0; i < nTrain; i++) count[yTrain[i]]++;
        double loss = 0;
        for (int i = 0; i < nTest; i++) loss -= Math.log((count[yTest[i]] + 1) / (nTrain + CLASSES)) / nTest;
        return loss;
    }

    /** Test accuracy of always answering the most frequent training topic: what a model that learned nothing scores. */
    static double majority(int[] yTrain, int nTrain, int[] yTest, int nTest) {
        int[] count = new int[CLASSES];
        for (int i = 0; i < nTrain; i++) count[yTrain[i]]++;
        int best = 0;
        for (int k = 1; k < CLASSES; k++) if (count[k] > count[best]) best = k;
        int hit = 0;
        for (int i = 0; i < nTest; i++) if (yTest[i] == best) hit++;
        return hit / (double) nTest;
    }
}

package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.data.Sequences;
import dev.fusedrnn.data.Sequences.Side;
import dev.fusedrnn.data.Tokenizer;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.Flatten;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;

import java.util.List;
import java.util.Map;

/**
 * The smallest text classifier of the Keras word-embedding tutorials: seven short sentences labelled
 * positive (1) or negative (0), a Tokenizer, sequences padded at the end to 4 words, Embedding(vocabulary, 8),
 * Flatten, Dense(1, sigmoid); Adam, binary cross-entropy, accuracy, scored on the sentences themselves. Then
 * it classifies a few new sentences, one of them made only of unknown words (an empty sequence, so a row of
 * padding). It shows the preprocessing, not generalisation: seven sentences teach little beyond themselves.
 * No recurrent layer, so {@code --cell} has no effect.
 */
final class SentimentExample extends Example {
    static final List<String> TEXTS = List.of("Well done!", "Good work", "Great effort, nice work", "Excellent!",
            "Weak", "Poor effort!", "Could have done better.");
    static final int[] LABELS = {1, 1, 1, 1, 0, 0, 0};
    static final List<String> NEW_TEXTS = List.of("Nice effort", "Poor work", "Quixotic zeal");
    static final int MAXLEN = 4;

    @Override public String name() { return "sentiment"; }

    @Override public CellType defaultCell() { return CellType.SIMPLE_RNN; }

    @Override public int defaultEpochs() { return 200; }

    static Tokenizer tokenizer() { return new Tokenizer().fitOnTexts(TEXTS); }

    @Override
    public Sequential model(CellType cell, String backend, long seed) {
        int vocabulary = tokenizer().wordIndex().size() + 1;    // ids 1..V, 0 is padding
        return new Sequential(new Embedding(vocabulary, 8), new Flatten(), new Dense(1, "sigmoid")).backend(backend).seed(seed).build(MAXLEN);
    }

    static Tensor ids(Tokenizer t, List<String> texts) {
        return Tensor.ofIds(Sequences.padSequences(t.textsToSequences(texts), MAXLEN, Side.POST, Side.POST, 0));
    }

    @Override
    public Result train(Run run) {
        Tokenizer t = tokenizer();
        Tensor x = ids(t, TEXTS);
        float[][] y = new float[LABELS.length][1];
        for (int i = 0; i < LABELS.length; i++) y[i][0] = LABELS[i];
        Tensor ty = Tensor.of(y);
        run.out().println("sentiment: " + TEXTS.size() + " sentences, " + t.wordIndex().size() + " words: " + t.wordIndex());
        try (Sequential model = model(run.cell(), run.backend(), run.seed())) {
            model.compile(new Adam(), "binary_crossentropy", "accuracy");
            long t0 = System.nanoTime();
            History h = model.fit(x, ty, new FitOptions().epochs(run.epochs()).batchSize(run.batchSize())
                    .seed(run.seed()).verbose(run.verbose()).out(run.out()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> metrics = lastEpoch(h);
            metrics.put("train_accuracy", model.evaluate(x, ty).get("accuracy"));
            float[] p = model.predict(ids(t, NEW_TEXTS)).toArray();
            for (int i = 0; i < p.length; i++) run.out().printf("  P(positive | \"%s\") = %.3f%n", NEW_TEXTS.get(i), p[i]);
            plotHistory(run, h);
            return new Result(name(), run.cell(), model.backend().name(), h.epochs(), seconds, metrics);
        }
    }
}

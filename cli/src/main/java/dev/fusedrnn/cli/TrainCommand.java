package dev.fusedrnn.cli;

import dev.fusedrnn.cli.examples.Example;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code fusedrnn train <example>}: trains an example with per-epoch progress and, as the last line, one
 * JSON object with the example, cell, backend, epochs, seconds and Keras-named metrics.
 */
@Command(name = "train", description = "Train an example model and print its metrics as JSON on the last line.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Example: ${COMPLETION-CANDIDATES}", completionCandidates = Example.Names.class)
    String example;

    @Option(names = "--cell", description = "Recurrent cell: simple, lstm or gru (default: the example's).")
    String cell;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, reference, cpu or cuda (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--epochs", description = "Epochs (default: the example's).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Batch size (default: the example's; 32 for most).")
    Integer batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for data, weights, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--verbose", defaultValue = "1", description = "0 silent, 1 progress bar, 2 one line per epoch.")
    int verbose;

    @Option(names = "--out", description = "Directory for results: metrics.json and the example's PNG plots.")
    Path out;

    @Option(names = "--data", description = "The bundled data folder (default: data/ at the repository root, found from the"
            + " working directory upwards, or FUSEDRNN_DATA).")
    Path data;

    @Option(names = "--features", description = "Feature set, for djia: close (default) or ohlc.")
    String features;

    @Option(names = "--ticker", description = "Stock, for djia (default: IBM).")
    String ticker;

    @Option(names = "--samples", description = "Train on at most this many samples (quick runs; default: all).")
    Integer samples;

    @Override
    public Integer call() throws Exception {
        Example ex = Example.named(example);
        if (samples != null && samples < 1) throw new IllegalArgumentException("--samples must be >= 1, got " + samples);
        Example.Result r = ex.train(new Example.Run(ex.cell(cell), backend, epochs == null ? ex.defaultEpochs() : epochs,
                batchSize == null ? ex.defaultBatchSize() : batchSize, seed, verbose, System.out, data, features, ticker, out, samples));
        String json = r.toJson();
        if (out != null) Results.writeAtomically(out.resolve("metrics.json"), json + "\n");
        System.out.println(json);
        return 0;
    }
}

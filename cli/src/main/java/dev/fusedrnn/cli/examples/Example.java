package dev.fusedrnn.cli.examples;

import com.google.gson.GsonBuilder;
import dev.fusedrnn.Sequential;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.data.DataFiles;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Recurrent;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.train.History;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A runnable example: its data, its model and how it is trained and scored. */
public abstract class Example {

    /**
     * How to run an example.
     *
     * @param data     the data folder (null: {@link DataFiles#locate()})
     * @param features the example's feature set, e.g. "close" or "ohlc" for djia (null: the example's default)
     * @param ticker   the stock for djia (null: the example's default)
     * @param plots    the folder for PNG plots (null: no plots)
     * @param samples  use at most this many training samples, for quick runs (null: all)
     */
    public record Run(CellType cell, String backend, int epochs, int batchSize, long seed, int verbose, PrintStream out,
                      Path data, String features, String ticker, Path plots, Integer samples) {
        public Run(CellType cell, String backend, int epochs, int batchSize, long seed, int verbose, PrintStream out) {
            this(cell, backend, epochs, batchSize, seed, verbose, out, null, null, null, null, null);
        }

        public Path dataDir() { return data != null ? DataFiles.requireDirectory(data) : DataFiles.locate(); }

        /** {@code n} or the sample cap, whichever is smaller. */
        public int cap(int n) { return samples == null ? n : Math.max(1, Math.min(n, samples)); }
    }

    /** What a run produced; {@link #toJson()} is the last line of {@code fusedrnn train}. */
    public record Result(String example, CellType cell, String backend, int epochs, double seconds, Map<String, Double> metrics) {
        public String toJson() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("example", example);
            o.put("cell", cellName(cell));
            o.put("backend", backend);
            o.put("epochs", epochs);
            o.put("seconds", Math.round(seconds * 1000) / 1000.0);
            o.put("metrics", metrics);
            return new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o);
        }
    }

    private static final List<Example> ALL = List.of(new SineExample(false), new SineExample(true), new SineVsLinearExample(),
            new MultiplicationExample(), new ReutersExample(), new SentimentExample(), new RetailExample(), new DjiaExample());

    /** Example names for picocli's completion and help. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            for (Example e : ALL) names.add(e.name());
            return names.iterator();
        }
    }

    public static Example named(String name) {
        for (Example e : ALL) if (e.name().equals(name)) return e;
        List<String> names = new ArrayList<>();
        new Names().forEach(names::add);
        throw new IllegalArgumentException("unknown example '" + name + "'; expected one of " + names);
    }

    public abstract String name();

    public abstract CellType defaultCell();

    public abstract int defaultEpochs();

    /** The batch size used when none is given. */
    public int defaultBatchSize() { return 32; }

    /** The example's model for a cell, on a backend, built and initialized from a seed. */
    public abstract Sequential model(CellType cell, String backend, long seed);

    /** Builds the data and the model, trains, and scores on held-out data. */
    public abstract Result train(Run run);

    /** The cell named on the command line ({@code simple}, {@code lstm}, {@code gru}), or the example's default. */
    public CellType cell(String option) {
        if (option == null) return defaultCell();
        switch (option.trim().toLowerCase(Locale.ROOT)) {
            case "simple": case "simple_rnn": case "simplernn": return CellType.SIMPLE_RNN;
            case "lstm": return CellType.LSTM;
            case "gru": return CellType.GRU;
            default: throw new IllegalArgumentException("unknown cell '" + option + "'; expected simple, lstm or gru");
        }
    }

    /** A recurrent layer of the given cell with Keras defaults. */
    static Recurrent layer(CellType cell, int units) {
        switch (cell) {
            case SIMPLE_RNN: return new SimpleRNN(units);
            case LSTM: return new LSTM(units);
            default: return new GRU(units);
        }
    }

    /** The last epoch's loss and metrics, Keras-named. */
    static Map<String, Double> lastEpoch(History h) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (h.epochs() > 0) h.asMap().forEach((k, v) -> metrics.put(k, v.get(v.size() - 1)));
        return metrics;
    }

    /** Loss (and accuracy) curves into the plot folder, when there is one. */
    void plotHistory(Run run, History h) {
        if (run.plots() != null) Plots.history(h, name(), run.plots());
    }

    static String cellName(CellType cell) { return cell == CellType.SIMPLE_RNN ? "simple" : cell.kerasName(); }
}

package dev.fusedrnn.cli.examples;

import com.google.gson.GsonBuilder;
import dev.fusedrnn.Sequential;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Recurrent;
import dev.fusedrnn.layers.SimpleRNN;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A runnable example: its data, its model and how it is trained and scored. */
public abstract class Example {

    /** How to run an example. */
    public record Run(CellType cell, String backend, int epochs, int batchSize, long seed, int verbose, PrintStream out) { }

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

    private static final List<Example> ALL = List.of(new SineExample(false), new SineExample(true), new MultiplicationExample());

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

    static String cellName(CellType cell) { return cell == CellType.SIMPLE_RNN ? "simple" : cell.kerasName(); }
}

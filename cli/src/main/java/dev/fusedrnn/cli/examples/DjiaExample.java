package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.data.Djia;
import dev.fusedrnn.data.Series;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.train.Adam;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A stock's daily close from the DJIA 30 files (default IBM, {@code --ticker} for another): 30 trading days
 * predict the next close; MinMax scaling fitted on the days up to 2017-06-30, which train; the rest of 2017
 * tests. {@code --features close} (default) feeds the close alone, {@code --features ohlc} feeds Open,
 * High, Low and Close. Rows with a missing requested price are dropped (the loader says how many).
 * LSTM(50), Dense(1); Adam, MSE.
 */
final class DjiaExample extends Example {
    static final int WINDOW = 30;
    static final LocalDate LAST_TRAIN = LocalDate.of(2017, 6, 30);
    static final String DEFAULT_TICKER = "IBM";

    @Override public String name() { return "djia"; }

    @Override public CellType defaultCell() { return CellType.LSTM; }

    @Override public int defaultEpochs() { return 20; }

    static String[] columns(String features) {
        String f = features == null ? "close" : features.trim().toLowerCase(Locale.ROOT);
        switch (f) {
            case "close": return new String[] {"Close"};
            case "ohlc": return new String[] {"Open", "High", "Low", "Close"};
            default: throw new IllegalArgumentException("djia: unknown features '" + features + "'; expected close or ohlc");
        }
    }

    static Sequential model(CellType cell, int features, String backend, long seed) {
        return new Sequential(layer(cell, 50), new Dense(1)).backend(backend).seed(seed).build(WINDOW, features);
    }

    @Override
    public Sequential model(CellType cell, String backend, long seed) { return model(cell, 1, backend, seed); }

    @Override
    public Result train(Run run) {
        String[] cols = columns(run.features());
        String ticker = run.ticker() == null ? DEFAULT_TICKER : run.ticker();
        Series s = Djia.load(run.dataDir(), ticker, Djia.Missing.DROP, cols);
        if (s.dropped() > 0) run.out().printf("djia: %s: dropped %d row(s) with a missing %s%n", ticker, s.dropped(), String.join("/", cols));
        Forecasting.Problem p = Forecasting.prepare(s, cols.length - 1, WINDOW, LAST_TRAIN, run.samples());
        try (Sequential model = model(run.cell(), cols.length, run.backend(), run.seed())) {
            model.compile(new Adam(), "mse");
            return Forecasting.run(this, run, p, model, "dollars", 0);
        }
    }
}

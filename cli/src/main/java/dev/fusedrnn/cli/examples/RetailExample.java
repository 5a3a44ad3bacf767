package dev.fusedrnn.cli.examples;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.data.Series;
import dev.fusedrnn.data.StatCanRetail;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.EarlyStopping;

import java.time.LocalDate;

/**
 * Monthly retail trade sales in Canada (Statistics Canada, unadjusted, thousands of dollars, Jan 1991 to
 * Jan 2017): 12 months predict the next; MinMax scaling fitted on the months up to 2011-01-01; windows
 * whose target month is on or before 2011-01-01 train, the later ones test. LSTM(20), Dense(1); Adam, MSE,
 * batch 30, EarlyStopping on val_loss (patience 20, best weights restored), where the validation data are
 * the last 10 % of the training windows, so that the test period plays no part in choosing the weights.
 *
 * <p>The test period's sales rise above anything in the training period, so its scaled values exceed 1:
 * the network must extrapolate, which this small LSTM does poorly (it follows the trend, not the
 * December peaks). The scores say so plainly next to the baselines.
 */
final class RetailExample extends Example {
    static final int WINDOW = 12;
    static final LocalDate LAST_TRAIN = LocalDate.of(2011, 1, 1);

    @Override public String name() { return "retail"; }

    @Override public CellType defaultCell() { return CellType.LSTM; }

    @Override public int defaultEpochs() { return 300; }

    @Override public int defaultBatchSize() { return 30; }

    @Override
    public Sequential model(CellType cell, String backend, long seed) {
        return new Sequential(layer(cell, 20), new Dense(1)).backend(backend).seed(seed).build(WINDOW, 1);
    }

    @Override
    public Result train(Run run) {
        Series s = StatCanRetail.load(run.dataDir()).select("Unadjusted");
        Forecasting.Problem p = Forecasting.prepare(s, 0, WINDOW, LAST_TRAIN, run.samples());
        try (Sequential model = model(run.cell(), run.backend(), run.seed())) {
            model.compile(new Adam(), "mse");
            return Forecasting.run(this, run, p, model, "thousand dollars", 0.1,
                    new EarlyStopping("val_loss").patience(20).restoreBestWeights(true));
        }
    }
}

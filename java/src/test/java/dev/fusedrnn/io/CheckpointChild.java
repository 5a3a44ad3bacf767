package dev.fusedrnn.io;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.ThreadingFixture;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.FitOptions;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training that {@link CheckpointKillTest} kills: {@code CheckpointChild <file>} trains a small LSTM
 * model for ever (2 steps an epoch), checkpointing it to {@code file} after every epoch, and prints
 * "epoch k" at the end of epoch k just before that epoch's checkpoint is written.
 */
public final class CheckpointChild {
    static final String BACKEND = "cpu";
    private static final SplittableRandom DATA = new SplittableRandom(31);
    static final Tensor X = ThreadingFixture.sequences(DATA, 16);
    static final Tensor Y = ThreadingFixture.targets(DATA, 16);

    private CheckpointChild() { }

    static Sequential model() { return ThreadingFixture.lstmModel(BACKEND, 21); }

    /** The fit options of every run (fit runs a checkpoint after the other callbacks anyway). */
    static FitOptions options(int epochs, Callback... callbacks) {
        return new FitOptions().epochs(epochs).batchSize(8).verbose(0).seed(4).callbacks(callbacks);
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Sequential model = model();
        Callback announce = new Callback() {
            @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
                System.out.println("epoch " + epoch);
                System.out.flush();
            }
        };
        model.fit(X, Y, options(Integer.MAX_VALUE, announce, new ModelCheckpoint(model, file)));
    }
}

package dev.fusedrnn.io;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.train.StatefulCallback;
import dev.fusedrnn.train.TrainingControl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keras ModelCheckpoint: saves the whole model with {@link ModelFile} at the end of each epoch, or with
 * saveBestOnly only when {@code monitor} improved (accuracies upwards, everything else downwards, as
 * Keras's "auto" mode). {@code {epoch}} in the file name becomes the 1-based epoch number, as in Keras.
 *
 * <p>fit runs checkpoints after its other callbacks, so a checkpoint holds their decisions of that epoch;
 * loading it with {@link ModelFile#load} and calling fit again with the same options and callbacks
 * continues the training exactly where it stood:
 * <pre>{@code
 * model.fit(x, y, options.callbacks(new ModelCheckpoint(model, Path.of("ckpt-{epoch}.frnn"))));
 * Sequential resumed = ModelFile.load(Path.of("ckpt-3.frnn"));
 * resumed.fit(x, y, options.callbacks(new ModelCheckpoint(resumed, Path.of("ckpt-{epoch}.frnn"))));   // epochs 4, 5, ...
 * }</pre>
 *
 * <p>A process killed while saving leaves the previous checkpoint intact and, at most, the temporary file it
 * was writing ({@code .<name>.<digits>.tmp}, see {@link ModelFile#save}); a training with a checkpoint of the
 * same name removes such leftovers when it begins.
 */
public final class ModelCheckpoint implements StatefulCallback {
    private final Sequential model;
    private final String pattern;
    private String monitor = "val_loss";
    private boolean saveBestOnly;
    private double best = Double.NaN;   // NaN: nothing seen yet
    private Path lastSaved;

    /** Saves {@code model} to {@code file} (which may contain {@code {epoch}}). */
    public ModelCheckpoint(Sequential model, Path file) {
        if (model == null || file == null) throw new IllegalArgumentException("ModelCheckpoint needs a model and a file");
        this.model = model;
        this.pattern = file.toString();
    }

    /** The logged metric that saveBestOnly watches (default val_loss). */
    public ModelCheckpoint monitor(String metric) { this.monitor = metric; return this; }

    /** Save only when the monitored metric improved on the best so far (default false: every epoch). */
    public ModelCheckpoint saveBestOnly(boolean on) { this.saveBestOnly = on; return this; }

    /** The file written last, or null. */
    public Path lastSaved() { return lastSaved; }

    /** The file for an epoch (0-based, written 1-based as Keras does). */
    public Path fileFor(int epoch) { return Path.of(pattern.replace("{epoch}", Integer.toString(epoch + 1))); }

    @Override
    public void onTrainBegin(TrainingControl control) {
        Path name = Path.of(pattern).toAbsolutePath();
        StringBuilder regex = new StringBuilder("\\.");
        String[] parts = name.getFileName().toString().split(Pattern.quote("{epoch}"), -1);
        for (int i = 0; i < parts.length; i++) regex.append(i == 0 ? "" : "[0-9]+").append(Pattern.quote(parts[i]));
        Pattern leftover = Pattern.compile(regex.append("\\.[0-9]+\\.tmp").toString());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(name.getParent(),
                f -> leftover.matcher(f.getFileName().toString()).matches())) {
            for (Path f : ds) Files.deleteIfExists(f);
        } catch (IOException e) {
            // a missing or unreadable directory: the first save reports it
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            Double v = logs.get(monitor);
            if (v == null) {
                throw new IllegalArgumentException("ModelCheckpoint monitors '" + monitor + "', which is not logged; logged: " + logs.keySet());
            }
            boolean better = Double.isNaN(best) || (monitor.contains("acc") ? v > best : v < best);
            if (!better) return;
            best = v;
        }
        Path file = fileFor(epoch);
        try {
            ModelFile.save(model, file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot write " + file + " (" + e.getMessage() + ")", e);
        }
        lastSaved = file;
    }

    @Override
    public boolean savesTrainingState() { return true; }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", best);
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> state) {
        Object v = state.get("best");
        if (!(v instanceof Number)) throw new IllegalArgumentException("ModelCheckpoint state: 'best' is missing");
        best = ((Number) v).doubleValue();
    }
}

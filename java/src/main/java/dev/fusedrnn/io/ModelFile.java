package dev.fusedrnn.io;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.TrainingState;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.train.Optimizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a whole model: architecture, weights, compile settings (optimizer, loss, metrics) and
 * where training stands (optimizer state and step count, epochs done, the fit's random state, stateful
 * callbacks' state), in one file with a format version and a checksum ({@link ModelContainer} gives the
 * byte layout). Saving is atomic. Weights and optimizer state are stored at the backend's precision
 * (float64 on the reference backend, float32 otherwise), so a model loaded on a backend of the same
 * precision is bit for bit the one saved, and continues its training exactly as it would have gone on.
 *
 * <pre>{@code
 * ModelFile.save(model, Path.of("model.frnn"));
 * try (Sequential again = ModelFile.load(Path.of("model.frnn"))) { ... }
 * }</pre>
 */
public final class ModelFile {
    static final String FORMAT = "fusedrnn model";

    private ModelFile() { }

    public static void save(Sequential model, Path file) throws IOException {
        if (!model.isBuilt()) throw new IllegalStateException("save needs a built model: call build(inputShape...) or fit first");
        List<ModelContainer.Array> arrays = new ArrayList<>();
        Map<String, Object> header = describe(model, true, arrays);
        ModelContainer.write(file, header, arrays);
    }

    /**
     * An independent copy of a built model for inference, as {@link Sequential#snapshot()} documents: what
     * {@link #save} and {@link #load(Path, String)} would give, without the training position, in memory.
     */
    public static Sequential snapshot(Sequential model) {
        if (!model.isBuilt()) throw new IllegalStateException("snapshot needs a built model: call build(inputShape...) or fit first");
        List<ModelContainer.Array> arrays = new ArrayList<>();
        Map<String, Object> header = describe(model, false, arrays);
        Map<String, double[]> values = new LinkedHashMap<>();
        for (ModelContainer.Array a : arrays) values.put(a.name(), a.values());
        return rebuild(header, values, model.backend().name());
    }

    /** The header of a model file, adding the weights (and training arrays) to {@code arrays}. */
    private static Map<String, Object> describe(Sequential model, boolean withTraining, List<ModelContainer.Array> arrays) {
        boolean f64 = model.backend().isDoublePrecision();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("model", ModelConfig.sequential(model));
        header.put("seed", model.seed());
        List<Object> weightNames = new ArrayList<>();
        for (Layer l : model.layers()) {
            List<Layer.Weight> ws = l.weights();
            double[][] values = l.getWeightsAsDouble();
            for (int i = 0; i < ws.size(); i++) {
                String name = "weights/" + l.name() + "/" + i + "/" + ws.get(i).name;
                arrays.add(new ModelContainer.Array(name, ws.get(i).shape, values[i], f64));
                weightNames.add(name);
            }
        }
        header.put("weights", weightNames);
        if (model.isCompiled()) {
            Map<String, Object> compile = new LinkedHashMap<>();
            compile.put("optimizer", ModelConfig.optimizer(model.optimizer()));
            compile.put("loss", model.objective().loss().kerasName());
            compile.put("metrics", new ArrayList<>(model.objective().metricNames()));
            header.put("compile", compile);
            if (withTraining) header.put("training", training(model.trainingState(), f64, arrays));
        }
        return header;
    }

    private static Map<String, Object> training(TrainingState s, boolean f64, List<ModelContainer.Array> arrays) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("iterations", s.iterations());
        t.put("epochs_done", (long) s.epochsDone());
        t.put("random_state", s.randomState());
        if (s.optimizerState() != null) {
            arrays.add(new ModelContainer.Array("optimizer_state", new int[] {s.optimizerState().length}, s.optimizerState(), f64));
            t.put("optimizer_state", "optimizer_state");
        }
        List<Object> callbacks = new ArrayList<>();
        for (int i = 0; i < s.callbacks().size(); i++) {
            TrainingState.CallbackState c = s.callbacks().get(i);
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : c.values().entrySet()) {
                if (e.getValue() instanceof float[] f) {
                    // float arrays (EarlyStopping's best weights) go to the data section
                    String name = "callbacks/" + i + "/" + e.getKey();
                    double[] d = new double[f.length];
                    for (int k = 0; k < f.length; k++) d[k] = f[k];
                    arrays.add(new ModelContainer.Array(name, new int[] {f.length}, d, false));
                    values.put(e.getKey(), Map.of("array", name));
                } else {
                    values.put(e.getKey(), e.getValue());
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", c.type());
            entry.put("state", values);
            callbacks.add(entry);
        }
        t.put("callbacks", callbacks);
        return t;
    }

    /** Loads a model file on the automatically chosen backend. */
    public static Sequential load(Path file) throws IOException { return load(file, null); }

    /** Loads a model file on the named backend ({@code null} or "auto" to choose automatically). */
    public static Sequential load(Path file, String backend) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such model file");
        ModelContainer.Contents c = ModelContainer.read(file);
        Map<String, Object> h = c.header();
        if (!FORMAT.equals(h.get("format"))) throw ModelFormatException.in(file, "is not a fusedrnn model (format " + h.get("format") + ")");
        try {
            return rebuild(h, c.arrays(), backend);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException | NullPointerException | ArithmeticException e) {
            throw ModelFormatException.in(file, "has a header that does not describe a loadable model: " + e.getMessage(), e);
        }
    }

    /** The model a header and its arrays describe, on the named backend (null: automatic). */
    private static Sequential rebuild(Map<String, Object> h, Map<String, double[]> arrays, String backend) {
        Sequential model = null;
        try {
            KerasLayers.Architecture arch = KerasLayers.parse(h.get("model"), -1);
            model = new Sequential(arch.layers().toArray(new Layer[0]));
            if (backend != null) model.backend(backend);
            model.seed(((Number) h.get("seed")).longValue());
            model.build(arch.sampleShape());
            setWeights(model, KerasLayers.list(h.get("weights"), "weights"), arrays);
            if (h.get("compile") != null) {
                Map<String, Object> compile = KerasLayers.map(h.get("compile"), "compile");
                Optimizer optimizer = ModelConfig.optimizer(KerasLayers.map(compile.get("optimizer"), "optimizer"));
                List<String> metrics = new ArrayList<>();
                for (Object m : KerasLayers.list(compile.get("metrics"), "metrics")) metrics.add((String) m);
                model.compile(optimizer, KerasLayers.string(compile, "loss", "compile"), metrics.toArray(new String[0]));
                if (h.get("training") != null) model.restoreTrainingState(training(KerasLayers.map(h.get("training"), "training"), arrays));
            }
            return model;
        } catch (RuntimeException e) {
            if (model != null) model.close();
            throw e;
        }
    }

    private static void setWeights(Sequential model, List<Object> names, Map<String, double[]> arrays) {
        int next = 0;
        for (Layer l : model.layers()) {
            List<Layer.Weight> ws = l.weights();
            if (ws.isEmpty()) continue;
            double[][] values = new double[ws.size()][];
            for (int i = 0; i < ws.size(); i++) {
                if (next >= names.size()) throw new IllegalArgumentException("it has fewer weight arrays than the model has weights");
                values[i] = arrays.get((String) names.get(next++));
                if (values[i] == null) throw new IllegalArgumentException("weight array " + names.get(next - 1) + " is missing");
            }
            l.setWeights(values);
        }
        if (next != names.size()) throw new IllegalArgumentException("it has " + names.size() + " weight arrays, the model " + next);
    }

    private static TrainingState training(Map<String, Object> t, Map<String, double[]> arrays) {
        double[] optimizerState = t.get("optimizer_state") == null ? null : arrays.get((String) t.get("optimizer_state"));
        List<TrainingState.CallbackState> callbacks = new ArrayList<>();
        for (Object o : KerasLayers.list(t.get("callbacks"), "callbacks")) {
            Map<String, Object> entry = KerasLayers.map(o, "callback");
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : KerasLayers.map(entry.get("state"), "callback state").entrySet()) {
                if (e.getValue() instanceof Map<?, ?> ref) {
                    double[] d = arrays.get((String) ref.get("array"));
                    float[] f = new float[d.length];
                    for (int k = 0; k < d.length; k++) f[k] = (float) d[k];
                    values.put(e.getKey(), f);
                } else {
                    values.put(e.getKey(), e.getValue());
                }
            }
            callbacks.add(new TrainingState.CallbackState(KerasLayers.string(entry, "type", "callback"), values));
        }
        return new TrainingState(optimizerState, ((Number) t.get("iterations")).longValue(),
                Math.toIntExact(((Number) t.get("epochs_done")).longValue()), ((Number) t.get("random_state")).longValue(), callbacks);
    }
}

package dev.fusedrnn.io;

import dev.fusedrnn.Activation;
import dev.fusedrnn.layers.ActivationLayer;
import dev.fusedrnn.layers.Bidirectional;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Dropout;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.Flatten;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Masking;
import dev.fusedrnn.layers.Recurrent;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.layers.TimeDistributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Keras Sequential configuration (the JSON of {@code model.to_json()}, as legacy {@code .h5} files
 * and {@code .keras} archives store it) into fusedrnn layers. It accepts the shapes of Keras 2.0 (the
 * config is a bare list of layers), Keras 2.2.3+ ({@code {"name", "layers"}}) and Keras 3 (objects with
 * {@code module}/{@code registered_name}, dtype policies, {@code batch_shape}).
 *
 * <p>Options that change what the model computes are honoured or rejected; options that only matter to
 * Keras's own training (initializers, regularizers, constraints) are ignored, since the weights are loaded.
 * Errors are IllegalArgumentException naming the layer; the caller adds the file.
 */
final class KerasLayers {
    static final String SUPPORTED = "InputLayer, Embedding, Masking, SimpleRNN, LSTM, GRU, Dense, TimeDistributed,"
            + " Flatten, Dropout, Bidirectional, Activation";
    private static final Set<String> RECURRENT = Set.of("SimpleRNN", "LSTM", "GRU");

    /** The layers and the per-sample input shape, with -1 where Keras says None. */
    record Architecture(List<Layer> layers, int[] sampleShape) { }

    /** Keras's major version (2 or 3), which decides what "hard_sigmoid" means; -1 when the file does not say. */
    private final int kerasMajor;

    private KerasLayers(int kerasMajor) { this.kerasMajor = kerasMajor; }

    /** Reads a {@code model_config} value ({@code {"class_name": "Sequential", "config": ...}}). */
    static Architecture parse(Object modelConfig, int kerasMajor) {
        return new KerasLayers(kerasMajor).sequential(map(modelConfig, "model_config"));
    }

    private Architecture sequential(Map<String, Object> model) {
        String cls = string(model, "class_name", "model_config");
        if (!cls.equals("Sequential")) {
            throw new IllegalArgumentException("the model is a Keras " + cls + "; only Sequential models can be imported"
                    + " (rebuild it as keras.Sequential, or load its weights into a fusedrnn Sequential with loadWeights)");
        }
        Object config = model.get("config");
        List<Object> layerConfigs;
        int[] shape = null;
        if (config instanceof List<?>) {
            layerConfigs = list(config, "Sequential config");    // Keras <= 2.2.2: a bare list of layers
        } else {
            Map<String, Object> c = map(config, "Sequential config");
            layerConfigs = list(c.get("layers"), "Sequential config 'layers'");
            if (c.get("build_input_shape") instanceof List<?>) shape = shape(c.get("build_input_shape"));
        }
        List<Layer> layers = new ArrayList<>();
        for (Object o : layerConfigs) {
            Map<String, Object> lc = map(o, "layer");
            Map<String, Object> cfg = map(lc.get("config"), "layer config");
            int[] declared = declaredShape(cfg);
            if (declared != null && layers.isEmpty()) shape = declared;
            if (string(lc, "class_name", "layer").equals("InputLayer")) continue;
            layers.add(layer(lc, false));
        }
        if (layers.isEmpty()) throw new IllegalArgumentException("the Sequential model has no layers; expected at least one");
        if (shape == null) {
            throw new IllegalArgumentException("the configuration does not give the model's input shape"
                    + " (no InputLayer, batch_input_shape or build_input_shape): pass the per-sample shape to load");
        }
        return new Architecture(layers, shape);
    }

    /** {@code batch_input_shape} (Keras 2) or {@code batch_shape} (Keras 3) without the batch dimension. */
    private static int[] declaredShape(Map<String, Object> cfg) {
        for (String key : new String[] {"batch_input_shape", "batch_shape"}) {
            if (cfg.get(key) instanceof List<?>) return shape(cfg.get(key));
        }
        return null;
    }

    private static int[] shape(Object batchShape) {
        List<Object> dims = list(batchShape, "input shape");
        if (dims.size() < 2) {
            throw new IllegalArgumentException("input shape " + describe(batchShape) + " must list the batch dimension and at least one more");
        }
        int[] s = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            Object d = dims.get(i);
            if (d != null && !(d instanceof Long)) throw new IllegalArgumentException("input shape " + describe(batchShape) + " is not a list of integers");
            if (d != null && ((Long) d < 1 || (Long) d > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("input shape " + describe(batchShape) + " has dimension " + d
                        + "; dimensions must be in [1, 2^31) or null");
            }
            s[i - 1] = d == null ? -1 : (int) (long) (Long) d;
        }
        return s;
    }

    /** One layer; {@code inBidirectional} allows zero_output_for_mask, which Bidirectional sets itself. */
    private Layer layer(Map<String, Object> lc, boolean inBidirectional) {
        String cls = string(lc, "class_name", "layer");
        Map<String, Object> c = map(lc.get("config"), cls + " config");
        String name = c.get("name") instanceof String s ? s : null;
        String where = (name == null ? "" : name + " ") + "(" + cls + ")";
        checkDtype(c.get("dtype"), where);
        Layer layer;
        switch (cls) {
            case "Embedding":
                layer = new Embedding(integer(c, "input_dim", where), integer(c, "output_dim", where))
                        .maskZero(bool(c, "mask_zero", false));
                break;
            case "Masking":
                layer = new Masking(c.containsKey("mask_value") ? number(c.get("mask_value"), where + " mask_value") : 0.0);
                break;
            case "SimpleRNN": case "LSTM": case "GRU":
                layer = recurrent(cls, c, where, inBidirectional);
                break;
            case "Dense":
                layer = new Dense(integer(c, "units", where), activation(c.get("activation"), where))
                        .useBias(bool(c, "use_bias", true));
                break;
            case "TimeDistributed":
                layer = new TimeDistributed(layer(map(c.get("layer"), where + " layer"), false));
                break;
            case "Flatten":
                layer = new Flatten();
                break;
            case "Dropout":
                if (c.get("noise_shape") != null) throw unsupported(where, "noise_shape " + c.get("noise_shape"));
                layer = new Dropout(number(c.get("rate"), where + " rate"));
                break;
            case "Bidirectional":
                layer = bidirectional(c, where);
                break;
            case "Activation":
                layer = new ActivationLayer(activation(c.get("activation"), where));
                break;
            default:
                throw new IllegalArgumentException("layer " + where + " is not supported; supported layers: " + SUPPORTED);
        }
        if (name != null) layer.name(name);
        return layer;
    }

    private Recurrent recurrent(String cls, Map<String, Object> c, String where, boolean inBidirectional) {
        for (String off : new String[] {"stateful", "return_state", "time_major"}) {
            if (bool(c, off, false)) throw unsupported(where, off + "=true");
        }
        if (!bool(c, "use_bias", true)) throw unsupported(where, "use_bias=false");
        if (!inBidirectional && bool(c, "zero_output_for_mask", false)) throw unsupported(where, "zero_output_for_mask=true outside Bidirectional");
        int units = integer(c, "units", where);
        Recurrent r;
        if (cls.equals("LSTM")) {
            r = new LSTM(units).unitForgetBias(bool(c, "unit_forget_bias", true));
        } else if (cls.equals("GRU")) {
            // Keras files older than the reset_after option computed the reset-before form.
            r = new GRU(units).resetAfter(bool(c, "reset_after", false));
        } else {
            r = new SimpleRNN(units);
        }
        r.returnSequences(bool(c, "return_sequences", false))
                .goBackwards(bool(c, "go_backwards", false))
                .activation(activation(c.getOrDefault("activation", "tanh"), where))
                .dropout(c.containsKey("dropout") ? number(c.get("dropout"), where + " dropout") : 0.0)
                .recurrentDropout(c.containsKey("recurrent_dropout") ? number(c.get("recurrent_dropout"), where + " recurrent_dropout") : 0.0);
        if (!cls.equals("SimpleRNN")) {
            if (!c.containsKey("recurrent_activation")) throw new IllegalArgumentException(where + ": recurrent_activation is missing");
            r.recurrentActivation(activation(c.get("recurrent_activation"), where));
        }
        return r;
    }

    private Layer bidirectional(Map<String, Object> c, String where) {
        Object mode = c.getOrDefault("merge_mode", "concat");
        if (mode == null) throw unsupported(where, "merge_mode=None (two outputs; a Sequential model passes one tensor)");
        if (!(mode instanceof String)) throw new IllegalArgumentException(where + ": merge_mode must be a string, got " + describe(mode));
        Map<String, Object> inner = map(c.get("layer"), where + " layer");
        String innerClass = string(inner, "class_name", where + " layer");
        if (!RECURRENT.contains(innerClass)) {
            throw unsupported(where, "wrapped layer " + innerClass + " (Bidirectional wraps SimpleRNN, LSTM or GRU)");
        }
        Recurrent forward = (Recurrent) layer(inner, true);
        if (c.get("backward_layer") != null) checkMirror(map(inner.get("config"), where), map(map(c.get("backward_layer"), where).get("config"), where), where);
        return new Bidirectional(forward, (String) mode);
    }

    /** A given backward layer must be the forward one read backwards: we rebuild it from the forward layer. */
    private static void checkMirror(Map<String, Object> f, Map<String, Object> b, String where) {
        for (String key : new String[] {"units", "activation", "recurrent_activation", "use_bias", "return_sequences",
                "reset_after", "dropout", "recurrent_dropout", "unit_forget_bias"}) {
            if (!java.util.Objects.equals(f.get(key), b.get(key))) {
                throw unsupported(where, "a backward layer whose " + key + " (" + b.get(key) + ") differs from the forward layer's ("
                        + f.get(key) + ")");
            }
        }
        if (bool(f, "go_backwards", false) == bool(b, "go_backwards", false)) {
            throw unsupported(where, "a backward layer that reads in the same direction as the forward layer");
        }
    }

    /** A Keras activation name; "hard_sigmoid" means the form of the Keras version that wrote the file. */
    private Activation activation(Object value, String where) {
        if (value == null) return Activation.LINEAR;
        if (!(value instanceof String)) {
            throw unsupported(where, "activation given as " + Json.write(value) + " (only named activations are supported)");
        }
        String n = ((String) value).trim().toLowerCase(Locale.ROOT);
        if (n.equals("hard_sigmoid")) {
            if (kerasMajor < 0) {
                throw new IllegalArgumentException(where + ": 'hard_sigmoid' differs between Keras 2 and Keras 3, and the"
                        + " file does not say which Keras wrote it");
            }
            return kerasMajor >= 3 ? Activation.HARD_SIGMOID_KERAS3 : Activation.HARD_SIGMOID_KERAS2;
        }
        try {
            return Activation.parse(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": activation '" + value + "' is not supported; supported: linear,"
                    + " tanh, sigmoid, relu, softmax, hard_sigmoid", e);
        }
    }

    /** Keras's half-precision policies compute in float16/bfloat16, which fusedrnn does not emulate. */
    private static void checkDtype(Object dtype, String where) {
        String name = dtype instanceof String s ? s
                : dtype instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> cfg && cfg.get("name") instanceof String s2 ? s2
                : null;
        if (name != null && name.contains("16")) throw unsupported(where, "dtype policy '" + name + "'");
    }

    private static IllegalArgumentException unsupported(String where, String option) {
        return new IllegalArgumentException("layer " + where + ": option " + option + " is not supported");
    }

    // ---------------------------------------------------------------- typed access to parsed JSON

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v, String what) {
        if (!(v instanceof Map<?, ?>)) throw new IllegalArgumentException(what + ": expected a JSON object, got " + describe(v));
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object v, String what) {
        if (!(v instanceof List<?>)) throw new IllegalArgumentException(what + ": expected a JSON array, got " + describe(v));
        return (List<Object>) v;
    }

    static String string(Map<String, Object> m, String key, String what) {
        Object v = m.get(key);
        if (!(v instanceof String)) throw new IllegalArgumentException(what + ": '" + key + "' must be a string, got " + describe(v));
        return (String) v;
    }

    static double number(Object v, String what) {
        if (!(v instanceof Number)) throw new IllegalArgumentException(what + ": expected a number, got " + describe(v));
        return ((Number) v).doubleValue();
    }

    static int integer(Map<String, Object> m, String key, String what) {
        Object v = m.get(key);
        if (!(v instanceof Long) || (Long) v < Integer.MIN_VALUE || (Long) v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": '" + key + "' must be an integer below 2^31, got " + describe(v));
        }
        return (int) (long) (Long) v;
    }

    static boolean bool(Map<String, Object> m, String key, boolean dflt) {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Boolean)) throw new IllegalArgumentException("'" + key + "' must be true or false, got " + describe(v));
        return (Boolean) v;
    }

    private static String describe(Object v) { return v == null ? "nothing" : Json.write(v); }
}

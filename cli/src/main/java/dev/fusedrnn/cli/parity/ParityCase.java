package dev.fusedrnn.cli.parity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.OptimizerSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parity case of format {@code keras-rnn-reference/1} (see {@code parity/keras-rnn-reference/FORMAT.md}):
 * a layer case (inputs, forward values, upstream gradients, gradients) or a training run (data,
 * weights, losses per step). Absent keys take FORMAT.md's defaults: tanh and sigmoid, no mask,
 * GRU reset_after true, plain SGD with {@code lr}, a linear head with mse.
 */
public final class ParityCase {
    public static final String FORMAT = "keras-rnn-reference/1";

    public enum Kind { LAYER, TRAINING }

    /** The layer's options; {@code resetAfter} matters for GRU only. */
    public record Options(boolean returnSequences, boolean returnState, boolean goBackwards, boolean masked,
                          boolean initialStateGiven, boolean resetAfter) { }

    /** N, T, C, H, G, and the Dense width of a training run's head (0 for layer cases). */
    public record Dims(int batch, int time, int input, int units, int gates, int denseUnits) { }

    /** A layer case's tensors, keyed as in the file ({@code inputs.x}, {@code gradients.kernel}, ...). */
    public record Layer(Map<String, ParityTensor> inputs, Map<String, ParityTensor> forward,
                        Map<String, ParityTensor> upstream, Map<String, ParityTensor> gradients, double loss) { }

    /**
     * A training run: RNN → Dense({@code denseUnits}, head activation) → head loss, {@code steps} full-batch
     * updates. Weight maps hold kernel, recurrent_kernel, bias, dense_kernel, dense_bias;
     * {@code losses[k]} is the loss after k updates ({@code steps + 1} values).
     */
    public record Training(OptimizerSpec optimizer, Activation headActivation, LossKind headLoss, int steps,
                           Map<String, ParityTensor> data, Map<String, ParityTensor> initialWeights, double[] losses,
                           Map<String, ParityTensor> gradientsStep0, Map<String, ParityTensor> weightsAfterStep1,
                           Map<String, ParityTensor> finalWeights) { }

    private final String source;
    private final Kind kind;
    private final String name;
    private final String description;
    private final CellType cell;
    private final Activation activation;
    private final Activation recurrentActivation;
    private final Options options;
    private final Dims dims;
    private final Layer layer;
    private final Training training;

    private ParityCase(String source, JsonObject o) {
        this.source = source;
        this.kind = kindOf(o);
        if (kind == null) throw new IllegalArgumentException(source + ": not a parity case (kind must be layer or training)");
        String format = string(o, "format", FORMAT);
        if (!format.equals(FORMAT)) {
            throw new IllegalArgumentException(source + ": format '" + format + "' is not supported, expected " + FORMAT);
        }
        this.name = string(o, "name", source);
        this.description = string(o, "description", "");
        this.cell = CellType.parse(string(o, "cell", null));
        this.activation = Activation.parse(string(o, "activation", "tanh"));
        this.recurrentActivation = Activation.parse(string(o, "recurrent_activation", "sigmoid"));
        JsonObject opt = o.has("options") ? o.getAsJsonObject("options") : new JsonObject();
        this.options = new Options(bool(opt, "return_sequences", false), bool(opt, "return_state", false),
                bool(opt, "go_backwards", false), string(opt, "mask", "none").equals("given"),
                string(opt, "initial_state", "zeros").equals("given"), bool(opt, "reset_after", true));
        JsonObject d = object(o, "dims");
        this.dims = new Dims(integer(d, "batch"), integer(d, "time"), integer(d, "input"), integer(d, "units"),
                integer(d, "gates"), d.has("dense_units") ? d.get("dense_units").getAsInt() : (kind == Kind.TRAINING ? 1 : 0));
        if (kind == Kind.LAYER) {
            this.layer = new Layer(tensors(o, "inputs"), tensors(o, "forward"), tensors(o, "upstream"),
                    tensors(o, "gradients"), number(o, "loss"));
            this.training = null;
        } else {
            this.layer = null;
            this.training = parseTraining(o);
        }
    }

    /**
     * Parses a case; {@code source} (a file name or resource path) names it in messages.
     *
     * @throws IllegalArgumentException if {@code o} is not a case of this format or a key is malformed
     */
    public static ParityCase parse(String source, JsonObject o) {
        try {
            return new ParityCase(source, o);
        } catch (IllegalStateException | ClassCastException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException(source + ": malformed parity case: " + e.getMessage(), e);
        }
    }

    /** The case kind of a parsed JSON document, or null when it is not a case (index.json, other files). */
    public static Kind kindOf(JsonElement e) {
        if (e == null || !e.isJsonObject()) return null;
        JsonElement k = e.getAsJsonObject().get("kind");
        if (k == null || !k.isJsonPrimitive() || !k.getAsJsonPrimitive().isString()) return null;
        switch (k.getAsString()) {
            case "layer": return Kind.LAYER;
            case "training": return Kind.TRAINING;
            default: return null;
        }
    }

    public String source() { return source; }
    public Kind kind() { return kind; }
    public String name() { return name; }
    public String description() { return description; }
    public CellType cell() { return cell; }
    public Activation activation() { return activation; }
    public Activation recurrentActivation() { return recurrentActivation; }
    public Options options() { return options; }
    public Dims dims() { return dims; }

    /** The layer data; throws for a training run. */
    public Layer layer() {
        if (layer == null) throw new IllegalStateException(name + " is a training run, not a layer case");
        return layer;
    }

    /** The training data; throws for a layer case. */
    public Training training() {
        if (training == null) throw new IllegalStateException(name + " is a layer case, not a training run");
        return training;
    }

    @Override
    public String toString() { return name + " (" + kind.name().toLowerCase() + ", " + cell.kerasName() + ")"; }

    // ---------------------------------------------------------------- parsing helpers

    private Training parseTraining(JsonObject o) {
        double lr = number(o, "lr");
        OptimizerSpec optimizer = new OptimizerSpec(OptimizerSpec.Kind.SGD, lr, 0, 0, 0, 0, false, 0);
        if (o.has("optimizer")) {
            JsonObject p = o.getAsJsonObject("optimizer");
            double rate = number(p, "learning_rate");
            String opt = string(p, "name", null);
            switch (opt) {
                case "sgd": optimizer = new OptimizerSpec(OptimizerSpec.Kind.SGD, rate, 0, 0, 0, 0, false, 0); break;
                case "adam": optimizer = new OptimizerSpec(OptimizerSpec.Kind.ADAM, rate, number(p, "beta_1"),
                        number(p, "beta_2"), number(p, "epsilon"), 0, false, 0); break;
                case "rmsprop": optimizer = new OptimizerSpec(OptimizerSpec.Kind.RMSPROP, rate, 0, 0,
                        number(p, "epsilon"), 0, false, number(p, "rho")); break;
                default: throw new IllegalArgumentException(source + ": unknown optimizer '" + opt
                        + "', expected sgd, adam or rmsprop");
            }
        }
        JsonObject head = o.has("head") ? o.getAsJsonObject("head") : new JsonObject();
        JsonArray losses = o.getAsJsonArray("losses");
        double[] l = new double[losses.size()];
        for (int i = 0; i < l.length; i++) l[i] = losses.get(i).getAsDouble();
        return new Training(optimizer, Activation.parse(string(head, "activation", "linear")),
                LossKind.parse(string(head, "loss", "mse")), integer(o, "steps"), tensors(o, "data"),
                tensors(o, "initial_weights"), l, tensors(o, "gradients_step0"), tensors(o, "weights_after_step1"),
                tensors(o, "final_weights"));
    }

    /** Every array-valued member of {@code o[key]} ({@code data.generator}, a string, is left out). */
    private Map<String, ParityTensor> tensors(JsonObject o, String key) {
        Map<String, ParityTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : object(o, key).entrySet()) {
            if (!e.getValue().isJsonObject()) continue;
            JsonObject t = e.getValue().getAsJsonObject();
            JsonArray shape = t.getAsJsonArray("shape");
            JsonArray data = t.getAsJsonArray("data");
            if (shape == null || data == null) throw new IllegalArgumentException(source + ": " + key + "." + e.getKey()
                    + " is not an array object {shape, data}");
            int[] s = new int[shape.size()];
            for (int i = 0; i < s.length; i++) s[i] = shape.get(i).getAsInt();
            double[] v = new double[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = data.get(i).getAsDouble();
            try {
                out.put(e.getKey(), new ParityTensor(s, v));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(source + ": " + key + "." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private JsonObject object(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonObject()) throw new IllegalArgumentException(source + ": missing object '" + key + "'");
        return o.getAsJsonObject(key);
    }

    private double number(JsonObject o, String key) {
        if (!o.has(key)) throw new IllegalArgumentException(source + ": missing number '" + key + "'");
        return o.get(key).getAsDouble();
    }

    private int integer(JsonObject o, String key) {
        if (!o.has(key)) throw new IllegalArgumentException(source + ": missing integer '" + key + "'");
        return o.get(key).getAsInt();
    }

    private String string(JsonObject o, String key, String absent) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            if (absent == null) throw new IllegalArgumentException(source + ": missing string '" + key + "'");
            return absent;
        }
        return o.get(key).getAsString();
    }

    private static boolean bool(JsonObject o, String key, boolean absent) {
        return o.has(key) ? o.get(key).getAsBoolean() : absent;
    }
}

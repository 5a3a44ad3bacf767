package dev.fusedrnn.io;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.backend.OptimizerSpec;
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
import dev.fusedrnn.layers.TimeDistributed;
import dev.fusedrnn.train.Optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's architecture and optimizer as JSON values for our model files. The architecture is written as
 * a Keras Sequential configuration (Keras class names and option names), so that {@link KerasLayers} reads
 * it back; activations carry fusedrnn's explicit names ({@code hard_sigmoid_keras2}), never the ambiguous
 * {@code hard_sigmoid}.
 */
final class ModelConfig {
    private ModelConfig() { }

    static Map<String, Object> sequential(Sequential model) {
        List<Object> layers = new ArrayList<>();
        for (Layer l : model.layers()) layers.add(layer(l));
        List<Object> shape = new ArrayList<>();
        shape.add(null);
        for (int d : model.inputShape()) shape.add((long) d);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "sequential");
        config.put("layers", layers);
        config.put("build_input_shape", shape);
        return entry("Sequential", config);
    }

    private static Map<String, Object> entry(String className, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className);
        m.put("config", config);
        return m;
    }

    private static Map<String, Object> layer(Layer l) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", l.name());
        String cls;
        if (l instanceof Embedding e) {
            cls = "Embedding";
            c.put("input_dim", (long) e.inputDim());
            c.put("output_dim", (long) e.outputDim());
            c.put("mask_zero", e.isMaskZero());
        } else if (l instanceof Masking m) {
            cls = "Masking";
            c.put("mask_value", m.maskValue());
        } else if (l instanceof Recurrent r) {
            cls = r.typeName();
            recurrent(r, c);
        } else if (l instanceof Dense d) {
            cls = "Dense";
            c.put("units", (long) d.units());
            c.put("activation", d.activation().kerasName());
            c.put("use_bias", d.weights().size() == 2);
        } else if (l instanceof TimeDistributed td) {
            cls = "TimeDistributed";
            c.put("layer", layer(td.layer()));
        } else if (l instanceof Flatten) {
            cls = "Flatten";
        } else if (l instanceof Dropout d) {
            cls = "Dropout";
            c.put("rate", d.rate());
        } else if (l instanceof Bidirectional b) {
            cls = "Bidirectional";
            c.put("merge_mode", b.merge().name().toLowerCase(Locale.ROOT));
            c.put("layer", layer(b.forwardLayer()));
        } else if (l instanceof ActivationLayer a) {
            cls = "Activation";
            c.put("activation", a.activation().kerasName());
        } else {
            throw new IllegalArgumentException("cannot save layer " + l.label() + ": model files hold the layers "
                    + KerasLayers.SUPPORTED.replace("InputLayer, ", ""));
        }
        return entry(cls, c);
    }

    private static void recurrent(Recurrent r, Map<String, Object> c) {
        c.put("units", (long) r.units());
        c.put("activation", r.spec().activation().kerasName());
        c.put("recurrent_activation", r.spec().recurrentActivation().kerasName());
        c.put("return_sequences", r.isReturnSequences());
        c.put("go_backwards", r.isGoBackwards());
        c.put("dropout", r.dropoutRate());
        c.put("recurrent_dropout", r.recurrentDropoutRate());
        if (r instanceof GRU g) c.put("reset_after", g.isResetAfter());
        if (r instanceof LSTM lstm) c.put("unit_forget_bias", lstm.isUnitForgetBias());
    }

    // ---------------------------------------------------------------- optimizer

    static Map<String, Object> optimizer(Optimizer o) {
        OptimizerSpec s = o.spec();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", s.learningRate());
        switch (s.kind()) {
            case SGD:
                c.put("momentum", s.momentum());
                c.put("nesterov", s.nesterov());
                break;
            case ADAM:
                c.put("beta_1", s.beta1());
                c.put("beta_2", s.beta2());
                c.put("epsilon", s.epsilon());
                break;
            default:
                c.put("rho", s.rho());
                c.put("epsilon", s.epsilon());
        }
        c.put("clipnorm", Double.isNaN(o.clipnorm()) ? null : o.clipnorm());
        c.put("clipvalue", Double.isNaN(o.clipvalue()) ? null : o.clipvalue());
        String name = s.kind() == OptimizerSpec.Kind.SGD ? "SGD" : s.kind() == OptimizerSpec.Kind.ADAM ? "Adam" : "RMSprop";
        return entry(name, c);
    }

    static Optimizer optimizer(Map<String, Object> m) {
        String cls = KerasLayers.string(m, "class_name", "optimizer");
        Map<String, Object> c = KerasLayers.map(m.get("config"), "optimizer config");
        double lr = KerasLayers.number(c.get("learning_rate"), "optimizer learning_rate");
        OptimizerSpec spec;
        switch (cls) {
            case "SGD":
                spec = new OptimizerSpec(OptimizerSpec.Kind.SGD, lr, 0, 0, 0, KerasLayers.number(c.get("momentum"), "momentum"),
                        KerasLayers.bool(c, "nesterov", false), 0);
                break;
            case "Adam":
                spec = new OptimizerSpec(OptimizerSpec.Kind.ADAM, lr, KerasLayers.number(c.get("beta_1"), "beta_1"),
                        KerasLayers.number(c.get("beta_2"), "beta_2"), KerasLayers.number(c.get("epsilon"), "epsilon"), 0, false, 0);
                break;
            case "RMSprop":
                spec = new OptimizerSpec(OptimizerSpec.Kind.RMSPROP, lr, 0, 0, KerasLayers.number(c.get("epsilon"), "epsilon"), 0,
                        false, KerasLayers.number(c.get("rho"), "rho"));
                break;
            default:
                throw new IllegalArgumentException("unknown optimizer '" + cls + "'; model files hold SGD, Adam or RMSprop");
        }
        Optimizer o = Optimizer.of(spec);
        if (c.get("clipnorm") != null) o.clipnorm(KerasLayers.number(c.get("clipnorm"), "clipnorm"));
        if (c.get("clipvalue") != null) o.clipvalue(KerasLayers.number(c.get("clipvalue"), "clipvalue"));
        return o;
    }
}

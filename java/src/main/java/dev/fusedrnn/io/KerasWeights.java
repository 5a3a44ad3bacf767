package dev.fusedrnn.io;

import dev.fusedrnn.layers.Bidirectional;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Recurrent;
import dev.fusedrnn.layers.TimeDistributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts the weight arrays read by {@link KerasH5} into a built model's layers, checking every count and
 * shape. Layers are matched as Keras matches them: in the legacy layout by position among the layers that
 * have weights (Keras's topological {@code load_weights}), and by name as well when the model came from the
 * file's own configuration; in the Keras 3 layout by the path {@code layers/<name>/...}.
 */
final class KerasWeights {
    private KerasWeights() { }

    /** Layers of the model that own weights, in model order. */
    private static List<Layer> weighted(List<Layer> layers) {
        return layers.stream().filter(l -> !l.weights().isEmpty()).collect(Collectors.toList());
    }

    static void assignLegacy(List<Layer> layers, List<KerasH5.LayerWeights> file, boolean byName) {
        List<Layer> ours = weighted(layers);
        if (ours.size() != file.size()) {
            throw new IllegalArgumentException("the file has weights for " + file.size() + " layers "
                    + file.stream().map(KerasH5.LayerWeights::name).collect(Collectors.toList()) + " but the model has "
                    + ours.size() + " layers with weights " + ours.stream().map(Layer::label).collect(Collectors.toList()));
        }
        for (int i = 0; i < ours.size(); i++) {
            Layer l = ours.get(i);
            KerasH5.LayerWeights w = file.get(i);
            if (byName && !w.name().equals(l.name())) {
                throw new IllegalArgumentException("layer " + (i + 1) + " with weights is '" + w.name() + "' in the file's weights"
                        + " but '" + l.name() + "' in its configuration");
            }
            assign(l, w.arrays(), "layer group '" + w.name() + "'");
        }
    }

    static void assignV3(List<Layer> layers, Map<String, KerasH5.Array> file) {
        for (Layer l : weighted(layers)) {
            String base = "layers/" + l.name();
            List<KerasH5.Array> arrays = new ArrayList<>();
            collectV3(l, base, file, arrays);
            assign(l, arrays, "'" + base + "'");
        }
    }

    /** Keras 3 paths: an RNN's weights belong to its cell; wrappers keep their layers as attributes. */
    private static void collectV3(Layer l, String base, Map<String, KerasH5.Array> file, List<KerasH5.Array> out) {
        if (l instanceof Bidirectional b) {
            collectV3(b.forwardLayer(), base + "/forward_layer", file, out);
            collectV3(b.backwardLayer(), base + "/backward_layer", file, out);
        } else if (l instanceof TimeDistributed td) {
            collectV3(td.layer(), base + "/layer", file, out);
        } else {
            String vars = base + (l instanceof Recurrent ? "/cell/vars/" : "/vars/");
            for (int i = 0; i < l.weights().size(); i++) {
                KerasH5.Array a = file.get(vars + i);
                if (a == null) {
                    throw new IllegalArgumentException(l.label() + ": weight " + vars + i + " is missing from the file; its"
                            + " layers with weights: " + layerGroups(file));
                }
                out.add(a);
            }
        }
    }

    private static String layerGroups(Map<String, KerasH5.Array> file) {
        return file.keySet().stream().map(p -> p.split("/")[1]).distinct().collect(Collectors.joining(", "));
    }

    /** Checks count and shapes, then sets the layer's weights (all of them, children included, in Keras order). */
    private static void assign(Layer l, List<KerasH5.Array> arrays, String source) {
        List<Layer.Weight> ws = l.weights();
        if (ws.size() != arrays.size()) {
            throw new IllegalArgumentException(l.label() + " has " + ws.size() + " weights but " + source + " in the file has "
                    + arrays.size() + " (" + arrays.stream().map(KerasH5.Array::path).collect(Collectors.joining(", ")) + ")");
        }
        double[][] values = new double[ws.size()][];
        for (int i = 0; i < ws.size(); i++) {
            KerasH5.Array a = arrays.get(i);
            if (!Arrays.equals(ws.get(i).shape, a.shape())) {
                throw new IllegalArgumentException(l.label() + ": weight '" + ws.get(i).name + "' has shape "
                        + Arrays.toString(ws.get(i).shape) + " but " + a.path() + " in the file has shape " + Arrays.toString(a.shape())
                        + hint(ws.get(i), a));
            }
            values[i] = a.values();
        }
        l.setWeights(values);
    }

    /** The usual reason for a GRU bias mismatch. */
    private static String hint(Layer.Weight w, KerasH5.Array a) {
        if (!w.name.equals("bias")) return "";
        if (a.shape().length == 2 && w.shape.length == 1) return " (a [2, 3H] bias means a GRU with reset_after=true)";
        if (a.shape().length == 1 && w.shape.length == 2) return " (a [3H] bias means a GRU with reset_after=false)";
        return "";
    }
}

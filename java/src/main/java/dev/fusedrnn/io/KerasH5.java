package dev.fusedrnn.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything Keras import reads from HDF5, through the pure-Java reader jhdf, returned as plain Java
 * values: this is the only class that touches jhdf, so the library loads without it until a Keras
 * file is opened.
 *
 * <p>Two layouts. Legacy ({@code model.save("x.h5")} and {@code save_weights} in Keras 2, and Keras 3's
 * {@code .h5}): root attributes {@code keras_version} and {@code model_config}; the layer groups sit in
 * {@code model_weights/} (a whole model) or at the root (weights only); the {@code layer_names}
 * attribute lists them in model order and each one's {@code weight_names} attribute lists its datasets in
 * Keras order, as paths relative to the layer group. Keras 3 ({@code model.weights.h5} inside a
 * {@code .keras} archive, or a {@code .weights.h5} file): {@code layers/<name>/.../vars/<i>}, where only
 * the path and the index identify a weight.
 */
final class KerasH5 {
    private KerasH5() { }

    /** One weight array as stored: its path in the file, shape and values (float32 widened exactly). */
    record Array(String path, int[] shape, double[] values) { }

    /** A legacy layer group that holds weights, its arrays in weight_names order. */
    record LayerWeights(String name, List<Array> arrays) { }

    /**
     * What a file holds: the root attributes (null when absent), and the weights in one of the two layouts
     * ({@code legacy} non-null for the legacy layout, {@code v3} non-null for the Keras 3 layout).
     */
    record Contents(String modelConfig, String kerasVersion, List<LayerWeights> legacy, Map<String, Array> v3) { }

    static Contents read(Path file) {
        try (HdfFile h = new HdfFile(file)) {
            return contents(h, file.toFile().length());
        }
    }

    static Contents read(byte[] bytes) {
        try (HdfFile h = HdfFile.fromBytes(bytes)) {
            return contents(h, bytes.length);
        }
    }

    private static Contents contents(HdfFile h, long fileLength) {
        String config = stringAttribute(h, "model_config");
        String version = stringAttribute(h, "keras_version");
        Map<String, Node> top = h.getChildren();
        if (top.get("layers") instanceof Group layers && h.getAttribute("layer_names") == null) {
            Map<String, Array> v3 = new LinkedHashMap<>();
            collect(layers, "layers", v3, fileLength);
            return new Contents(config, version, null, v3);
        }
        Group root = top.get("model_weights") instanceof Group g ? g : h;
        if (root.getAttribute("layer_names") == null) {
            throw new IllegalArgumentException("no Keras weights found: neither a 'layer_names' attribute (legacy layout)"
                    + " nor a 'layers' group (Keras 3 layout)");
        }
        List<LayerWeights> legacy = new ArrayList<>();
        for (String name : stringsAttribute(root, "layer_names")) {
            if (!(root.getChild(name) instanceof Group g)) {
                throw new IllegalArgumentException("layer_names lists '" + name + "' but there is no such group");
            }
            List<Array> arrays = new ArrayList<>();
            for (String w : stringsAttribute(g, "weight_names")) {
                Node n = g.getByPath(w);
                if (!(n instanceof Dataset d)) throw new IllegalArgumentException("weight '" + w + "' of layer '" + name + "' is missing");
                arrays.add(array(d, fileLength));
            }
            if (!arrays.isEmpty()) legacy.add(new LayerWeights(name, arrays));
        }
        return new Contents(config, version, legacy, null);
    }

    /** Every dataset under a group, by path. */
    private static void collect(Group g, String path, Map<String, Array> out, long fileLength) {
        for (Node n : g) {
            String p = path + "/" + n.getName();
            if (n instanceof Group child) collect(child, p, out, fileLength);
            else if (n instanceof Dataset d) out.put(p, array(d, fileLength));
        }
    }

    private static Array array(Dataset d, long fileLength) {
        checkDeclaredSize(d, fileLength);
        Object flat = d.isScalar() ? d.getData() : d.getDataFlat();
        double[] v;
        if (flat instanceof float[] f) {
            v = new double[f.length];
            for (int i = 0; i < f.length; i++) v[i] = f[i];
        } else if (flat instanceof double[] dd) {
            v = dd;
        } else {
            throw new IllegalArgumentException("weight " + d.getPath() + " has type " + d.getJavaType().getSimpleName()
                    + "; float32 or float64 weights are supported");
        }
        return new Array(d.getPath(), d.getDimensions(), v);
    }

    /**
     * Refuses, before anything is read, a dataset whose declared size cannot be real: more values than a Java
     * array holds, more stored bytes than the file has (uncompressed data), or more than the heap can take.
     */
    private static void checkDeclaredSize(Dataset d, long fileLength) {
        long count = 1;
        for (long dim : d.getDimensionsAsLong()) {
            if (dim < 0) throw new IllegalArgumentException("weight " + d.getPath() + " declares a negative dimension " + dim);
            count = Math.min(count * dim, Long.MAX_VALUE / Integer.MAX_VALUE);   // saturates
        }
        String declared = "weight " + d.getPath() + " declares " + java.util.Arrays.toString(d.getDimensionsAsLong());
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(declared + " (" + count + " values); a weight holds at most " + (Integer.MAX_VALUE - 8));
        }
        long bytes = count * Math.max(1, d.getDataType().getSize());
        if (d.getDataLayout() == io.jhdf.object.message.DataLayout.CONTIGUOUS && bytes > fileLength) {
            throw new IllegalArgumentException(declared + " (" + bytes + " bytes), more than the file's " + fileLength
                    + " bytes: the file is damaged or truncated");
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes + 8 * count > free) {   // the stored values and their float64 copy
            throw new IllegalArgumentException(declared + ", which needs " + (bytes + 8 * count) + " bytes to read; only "
                    + free + " bytes of heap are free");
        }
    }

    /** A string attribute (a scalar, or a one-element array), or null when absent or empty. */
    private static String stringAttribute(Node n, String name) {
        String[] s = stringsAttribute(n, name);
        return s.length == 0 ? null : s[0];
    }

    /** A string-array attribute (fixed-length byte strings in Keras 2, variable-length in Keras 3); empty when absent. */
    private static String[] stringsAttribute(Node n, String name) {
        Attribute a = n.getAttribute(name);
        Object d = a == null ? null : a.getData();
        if (d == null) return new String[0];
        if (d instanceof String s) return new String[] {s};
        if (d instanceof String[] arr) return arr;
        throw new IllegalArgumentException("attribute '" + name + "' of " + n.getPath() + " is not a string");
    }
}

package dev.fusedrnn.io;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.layers.Layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Loads Keras Sequential models into fusedrnn, with no Python: legacy HDF5 files ({@code model.save("x.h5")}
 * in Keras 2 or 3), Keras 3 archives ({@code .keras}: a zip of {@code config.json}, {@code metadata.json}
 * and {@code model.weights.h5}), and weights-only files loaded into a model the caller built.
 *
 * <pre>{@code
 * try (Sequential model = KerasImport.load(Path.of("model.h5"))) {
 *     Tensor y = model.predict(x);
 * }
 * }</pre>
 *
 * <p>Each file keeps its own Keras semantics: {@code hard_sigmoid} is {@code clip(0.2x + 0.5, 0, 1)} in
 * files written by Keras 2 and {@code clip(x/6 + 0.5, 0, 1)} in files written by Keras 3; a GRU keeps its
 * reset_after; Bidirectional reads the forward layer's weights, then the backward layer's. Supported
 * layers: InputLayer, Embedding, Masking, SimpleRNN, LSTM, GRU, Dense, TimeDistributed, Flatten, Dropout,
 * Bidirectional, Activation; anything else is an error that says so. The imported model is
 * not compiled: call {@code compile} before training it further.
 *
 * <p>HDF5 is read by {@code io.jhdf:jhdf}, an optional dependency of the library: add it to use this class.
 */
public final class KerasImport {
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private KerasImport() { }

    /** Loads a whole model (architecture and weights) on the automatically chosen backend. */
    public static Sequential load(Path file) throws IOException { return load(file, null); }

    /**
     * Loads a whole model on the named backend ({@code null} or "auto" to choose automatically). A model
     * whose input shape has an unknown dimension (Keras's None, e.g. any number of time steps) needs
     * {@code sampleShape}, the per-sample input shape to build it for; where given it must agree with the
     * dimensions the file declares.
     */
    public static Sequential load(Path file, String backend, int... sampleShape) throws IOException {
        Archive a = open(file);
        if (a.modelConfig == null) {
            throw ModelFormatException.in(file, "holds weights only (no model_config): build the model in Java and call"
                    + " KerasImport.loadWeights(model, file)");
        }
        Sequential model = null;
        try {
            KerasLayers.Architecture arch = KerasLayers.parse(Json.parse(a.modelConfig), majorVersion(file, a.kerasVersion));
            model = new Sequential(arch.layers().toArray(new Layer[0]));
            if (backend != null) model.backend(backend);
            model.build(shape(file, arch.sampleShape(), sampleShape));
            assign(model, a, true);
            return model;
        } catch (IllegalArgumentException e) {
            if (model != null) model.close();
            throw ModelFormatException.in(file, e.getMessage(), e);
        }
    }

    /** The per-sample input shape a Keras model file declares, with -1 where Keras says None. */
    public static int[] inputShape(Path file) throws IOException {
        Archive a = open(file);
        if (a.modelConfig == null) throw ModelFormatException.in(file, "holds weights only: it declares no input shape");
        try {
            return KerasLayers.parse(Json.parse(a.modelConfig), majorVersion(file, a.kerasVersion)).sampleShape();
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.in(file, e.getMessage(), e);
        }
    }

    /**
     * Loads a weights-only file ({@code save_weights}) into a built model with the same architecture, as
     * Keras's {@code load_weights}: legacy files by the order of the layers that have weights, Keras 3
     * {@code .weights.h5} files by layer name. A whole-model file works too (its weights are used).
     */
    public static void loadWeights(Sequential model, Path file) throws IOException {
        if (!model.isBuilt()) {
            throw new IllegalStateException("loadWeights needs a built model: call model.build(inputShape...) first");
        }
        Archive a = open(file);
        try {
            assign(model, a, false);
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.in(file, e.getMessage(), e);
        }
    }

    private static void assign(Sequential model, Archive a, boolean byName) {
        if (a.weights.legacy() != null) KerasWeights.assignLegacy(model.layers(), a.weights.legacy(), byName);
        else KerasWeights.assignV3(model.layers(), a.weights.v3());
    }

    /** The file's parts, whatever its container. */
    private record Archive(String modelConfig, String kerasVersion, KerasH5.Contents weights) { }

    private static Archive open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such model file");
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 8);
        }
        try {
            if (n >= 4 && Arrays.equals(head, 0, 4, ZIP_MAGIC, 0, 4)) return openKerasArchive(file);
            if (n == 8 && Arrays.equals(head, HDF5_MAGIC)) {
                KerasH5.Contents c = KerasH5.read(file);
                return new Archive(c.modelConfig(), c.kerasVersion(), c);
            }
        } catch (NoClassDefFoundError e) {
            throw missingReader(e);
        } catch (RuntimeException e) {
            throw ModelFormatException.in(file, "cannot read it as a Keras file (" + e.getMessage() + "); is it complete?", e);
        }
        throw ModelFormatException.in(file, "is neither of the expected formats: an HDF5 file (.h5) or a Keras 3 archive (.keras zip)");
    }

    /** A {@code .keras} zip: config.json, metadata.json (keras_version), model.weights.h5. */
    private static Archive openKerasArchive(Path file) throws IOException {
        Map<String, byte[]> parts = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("config.json") || e.getName().equals("metadata.json") || e.getName().equals("model.weights.h5")) {
                    parts.put(e.getName(), zip.readAllBytes());
                }
            }
        } catch (ZipException | EOFException e) {
            throw ModelFormatException.in(file, "is a damaged zip archive (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + "); expected a complete .keras archive", e);
        }
        for (String part : new String[] {"config.json", "model.weights.h5"}) {
            if (!parts.containsKey(part)) throw ModelFormatException.in(file, "is a zip without " + part + ": not a Keras 3 .keras archive");
        }
        String version = null;
        if (parts.containsKey("metadata.json")) {
            Object meta = Json.parse(new String(parts.get("metadata.json"), StandardCharsets.UTF_8));
            if (meta instanceof Map<?, ?> m && m.get("keras_version") instanceof String v) version = v;
        }
        KerasH5.Contents weights = KerasH5.read(parts.get("model.weights.h5"));
        return new Archive(new String(parts.get("config.json"), StandardCharsets.UTF_8), version, weights);
    }

    /** 2 or 3 from "2.0.5" or "3.4.1"; -1 when unknown. Keras 1 files use other layer options and layouts. */
    private static int majorVersion(Path file, String version) throws ModelFormatException {
        if (version == null) return -1;
        int major;
        try {
            major = Integer.parseInt(version.trim().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
        if (major < 2) {
            throw ModelFormatException.in(file, "was written by Keras " + version + "; Keras 1 files are not supported"
                    + " (load and re-save the model with Keras 2 or 3)");
        }
        return major;
    }

    /** The shape to build for: the file's, with the caller's where given (they must agree). */
    private static int[] shape(Path file, int[] declared, int[] given) {
        if (given == null || given.length == 0) {
            for (int d : declared) {
                if (d < 0) {
                    throw new IllegalArgumentException("the input shape " + Layer.shapeString(declared) + " has an unknown dimension:"
                            + " give the per-sample shape, e.g. KerasImport.load(file, null, " + example(declared) + ")");
                }
            }
            return declared;
        }
        boolean agrees = given.length == declared.length;
        for (int i = 0; agrees && i < given.length; i++) agrees = declared[i] < 0 || declared[i] == given[i];
        if (!agrees) {
            throw new IllegalArgumentException("the model takes input " + Layer.shapeString(declared) + ", which does not fit the"
                    + " given shape " + Layer.shapeString(given));
        }
        return given.clone();
    }

    private static String example(int[] declared) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < declared.length; i++) sb.append(i > 0 ? ", " : "").append(declared[i] < 0 ? 10 : declared[i]);
        return sb.toString();
    }

    private static IllegalStateException missingReader(NoClassDefFoundError e) {
        return new IllegalStateException("Keras import reads HDF5 with io.jhdf:jhdf, which is not on the class path:"
                + " add the dependency io.jhdf:jhdf (an optional dependency of fusedrnn)", e);
    }
}

package dev.fusedrnn.fuzz;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.io.FileMutations;
import dev.fusedrnn.io.KerasImport;
import dev.fusedrnn.io.ModelFile;
import dev.fusedrnn.io.ModelFormatException;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.train.FitOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Damaged model files and Keras files. Documented end for a file that cannot be loaded: a
 * ModelFormatException whose message starts with the file and says what is wrong (truncated, corrupt,
 * which field has which value); never another exception, and never an allocation of a size the file
 * only declares. A fusedrnn model file is checksummed, so every truncation and bit flip must be refused;
 * HDF5 has no checksum over weight data, so a flipped bit there may load (a result) — that is the one
 * place a damaged file may end in a result.
 */
final class FileCases {
    private FileCases() { }

    private static List<byte[]> modelFiles;
    private static List<FileMutations.Keras> kerasFiles;

    /** A few saved models (some compiled and trained, so optimizer state and callbacks are in the file). */
    static synchronized List<byte[]> modelFiles(Path dir) throws IOException {
        if (modelFiles == null) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Gen g = new Gen(1000 + i);
                Blueprint bp = Blueprint.draw(g);
                try (Sequential m = new Sequential(bp.layers().toArray(new Layer[0])).backend(i % 2 == 0 ? "reference" : "cpu").seed(i)) {
                    m.build(bp.sample());
                    if (i >= 2) {
                        m.compile(g.pick("adam", "sgd", "rmsprop"), bp.loss, "mae");
                        if (i >= 3) m.fit(bp.inputs(g, 3), bp.targets(g, 3), new FitOptions().epochs(1).verbose(0));
                    }
                    Path f = dir.resolve("pool" + i + ".frnn");
                    ModelFile.save(m, f);
                    out.add(Files.readAllBytes(f));
                }
            }
            modelFiles = out;
        }
        return modelFiles;
    }

    static synchronized List<FileMutations.Keras> kerasFiles() {
        if (kerasFiles == null) kerasFiles = FileMutations.kerasFixtures();
        return kerasFiles;
    }

    static FuzzCase modelFile(Gen g, String backend, Path dir) {
        try {
            return modelFileCase(g, backend, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FuzzCase modelFileCase(Gen g, String backend, Path dir) throws IOException {
        byte[] orig = g.pick(modelFiles(dir));
        Path file = dir.resolve("case.frnn");
        String p = file.toString();
        byte[] bytes;
        String what;
        Expect e;
        int kind = g.between(0, 9);
        switch (kind) {
            case 0: case 1: {
                int at = g.between(0, orig.length - 1);
                bytes = java.util.Arrays.copyOf(orig, at);
                what = "truncated to " + at + " of " + orig.length + " bytes";
                e = Expect.error(ModelFormatException.class, p, at < 8 ? "not a fusedrnn model file" : "truncated");
                break;
            }
            case 2: case 3: {
                bytes = orig.clone();
                what = Mutate.flipBits(g, bytes);
                e = Expect.error(ModelFormatException.class, p);
                break;
            }
            default: {
                // header edits behind a valid checksum: each reaches the loader's own checks
                String[] field = {null};
                Object[] value = {null};
                int edit = kind - 4;
                bytes = FileMutations.rewriteHeader(orig, h -> {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> arrays = (List<Map<String, Object>>) h.get("arrays");
                    Map<String, Object> a = arrays.get(g.between(0, arrays.size() - 1));
                    switch (edit) {
                        case 0: field[0] = "bytes"; value[0] = 4L << 40; a.put("bytes", value[0]); break;        // 2^40 floats declared
                        case 1: field[0] = "shape"; value[0] = List.of(1L << 20, 1L << 20); a.put("shape", value[0]); break;
                        case 2: field[0] = "dtype"; value[0] = g.pick("float16", "int8", "", 7L); a.put("dtype", value[0]); break;
                        case 3: field[0] = "offset"; value[0] = g.pick(-8L, 4L, 1L << 40, Long.MAX_VALUE); a.put("offset", value[0]); break;
                        case 4: field[0] = "layer option"; value[0] = retypeLayerOption(g, h); break;
                        default: field[0] = "any value"; value[0] = Mutate.retypeSomewhere(g, h); break;
                    }
                    return h;
                });
                what = "header " + field[0] + " set to " + value[0];
                if (edit <= 3) e = Expect.error(ModelFormatException.class, p, field[0]);
                else if (edit == 4) e = Expect.error(ModelFormatException.class, p);
                else e = Expect.resultOr(ModelFormatException.class, p);
                break;
            }
        }
        byte[] content = bytes;
        return new FuzzCase("model file " + what, () -> {
            FileMutations.write(file, content);
            try (Sequential m = ModelFile.load(file, backend)) {
                m.summary();
            }
        }, e);
    }

    /** Sets a layer's units, rate or activation in the header's model config to a wrong value. */
    @SuppressWarnings("unchecked")
    private static Object retypeLayerOption(Gen g, Map<String, Object> h) {
        List<Object> layers = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) h.get("model")).get("config")).get("layers");
        for (Object o : layers) {
            Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) o).get("config");
            for (String key : new String[] {"units", "rate", "activation", "output_dim"}) {
                if (c.containsKey(key)) {
                    Object v = g.pick(0L, -3L, 1L << 40, "x", 2.5, true);
                    if (key.equals("activation")) v = g.pick("swish", 3L, true);
                    c.put(key, v);
                    return key + "=" + v;
                }
            }
        }
        h.put("format", "other");
        return "format=other";
    }

    static FuzzCase keras(Gen g, String backend, Path dir) {
        FileMutations.Keras fx = g.pick(kerasFiles());
        boolean zip = fx.name().endsWith(".keras");
        Path file = dir.resolve(zip ? "case.keras" : "case.h5");
        String p = file.toString();
        byte[] bytes;
        String what;
        Expect e;
        int kind = g.between(0, 5);
        if (kind >= 4 && !zip) kind = g.between(0, 3);
        switch (kind) {
            case 0: {
                int at = g.between(0, fx.bytes().length - 1);
                bytes = java.util.Arrays.copyOf(fx.bytes(), at);
                what = "truncated to " + at + " of " + fx.bytes().length + " bytes";
                e = Expect.resultOr(ModelFormatException.class, p);
                break;
            }
            case 1: case 2: {
                bytes = fx.bytes().clone();
                what = Mutate.flipBits(g, bytes);
                e = Expect.resultOr(ModelFormatException.class, p);
                break;
            }
            case 3: {
                // a weight declared with 2^40 elements (its dataspace edited): refused, not allocated
                byte[] h5 = zip ? FileMutations.zipEntry(fx.bytes(), "model.weights.h5") : fx.bytes();
                byte[] edited = Mutate.hugeDims(g, h5, fx.weightShapes());
                if (edited == null) return keras(g, backend, dir);
                bytes = zip ? FileMutations.rewriteZipEntry(fx.bytes(), "model.weights.h5", b -> edited) : edited;
                what = "a weight's declared dimensions multiplied to ~2^40 elements";
                e = Expect.error(ModelFormatException.class, p);
                break;
            }
            default: {
                String[] edit = {null};
                boolean targeted = kind == 4;
                bytes = FileMutations.rewriteZipEntry(fx.bytes(), "config.json", b -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> cfg = (Map<String, Object>) FileMutations.parseJson(new String(b, StandardCharsets.UTF_8));
                    edit[0] = targeted ? Mutate.kerasOption(g, cfg) : String.valueOf(Mutate.retypeSomewhere(g, cfg));
                    return FileMutations.writeJson(cfg).getBytes(StandardCharsets.UTF_8);
                });
                what = "config.json " + (targeted ? "option " : "value ") + edit[0];
                e = targeted ? Expect.error(ModelFormatException.class, p, edit[0].substring(0, edit[0].indexOf('=')))
                        : Expect.resultOr(ModelFormatException.class, p);
                break;
            }
        }
        byte[] content = bytes;
        int[] shape = fx.sampleShape();
        return new FuzzCase("keras " + fx.name() + " " + what, () -> {
            FileMutations.write(file, content);
            try (Sequential m = KerasImport.load(file, backend, shape)) {
                m.summary();
            }
        }, e);
    }

    static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }
}

package dev.fusedrnn.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.io.KerasImport;
import dev.fusedrnn.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code fusedrnn predict --model FILE --input FILE}: runs a saved model on an input and prints the
 * predictions as one JSON object {@code {"shape", "data"}} (row-major) on the last line.
 *
 * <p>MODEL is a fusedrnn model file or a Keras {@code .h5} / {@code .keras} file (told apart by their
 * first bytes). INPUT is a CSV file holding one sequence, T rows of C comma-separated numbers (a first row
 * that is not numeric is taken as a header), run as a batch of one; or a JSON file
 * {@code {"shape": [...], "data": [...]}} with the data row-major, whose shape is the batch's (or one
 * sample's, which is then a batch of one). A model that reads token ids takes a one-column CSV as ids.
 */
@Command(name = "predict", description = "Run a fusedrnn model file or a Keras .h5/.keras model on an input (CSV or JSON)"
        + " and print the predictions as JSON on the last line.")
final class PredictCommand implements Callable<Integer> {
    private static final byte[] OUR_MAGIC = {(byte) 0x89, 'F', 'R', 'N', 'N'};

    @Option(names = "--model", required = true, description = "A fusedrnn model file, or a Keras .h5 or .keras file.")
    Path model;

    @Option(names = "--input", required = true, description = "CSV (one sequence: T rows of C values) or JSON {\"shape\", \"data\"}.")
    Path input;

    @Option(names = "--backend", defaultValue = "auto", description = "auto, reference, cpu or cuda (default: ${DEFAULT-VALUE}).")
    String backend;

    /** Input values and their shape as the file gives it. */
    private record Input(float[] data, int[] shape, boolean csv) { }

    @Override
    public Integer call() throws IOException {
        Input in = read(input);
        boolean ours = isOurs(model);
        Sequential m = ours ? ModelFile.load(model, backend) : null;
        try {
            int[] declared = ours ? m.inputShape() : KerasImport.inputShape(model);
            int[] shape = batchShape(in, declared);
            if (!ours) m = KerasImport.load(model, backend, Arrays.copyOfRange(shape, 1, shape.length));
            Tensor y = m.predict(Tensor.of(in.data(), shape));
            System.out.println("predict: " + model.getFileName() + " on " + m.backend().name() + ", input "
                    + Arrays.toString(shape) + " -> output " + Arrays.toString(y.shape()));
            System.out.println(json(y));
            return 0;
        } finally {
            if (m != null) m.close();
        }
    }

    private static boolean isOurs(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such model file");
        byte[] head = new byte[OUR_MAGIC.length];
        try (InputStream s = Files.newInputStream(file)) {
            return s.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, OUR_MAGIC);
        }
    }

    /**
     * The full shape, batch first: a CSV sequence {@code [T, C]} becomes {@code [1, T, C]} (or {@code [1, T]}
     * of ids for a model that reads ids); a JSON shape is the batch's, or one sample's.
     */
    private int[] batchShape(Input in, int[] declared) {
        int[] s = in.shape();
        if (in.csv() && declared.length == 1 && s[1] == 1) s = new int[] {s[0]};
        if (in.csv() || s.length == declared.length) {
            int[] b = new int[s.length + 1];
            b[0] = 1;
            System.arraycopy(s, 0, b, 1, s.length);
            return b;
        }
        return s;
    }

    private static String json(Tensor y) {
        JsonObject o = new JsonObject();
        JsonArray shape = new JsonArray();
        for (int d : y.shape()) shape.add(d);
        JsonArray data = new JsonArray();
        for (float v : y.toArray()) data.add(v);
        o.add("shape", shape);
        o.add("data", data);
        return o.toString();
    }

    private static Input read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such input file");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || text.stripLeading().startsWith("{") ? readJson(file, text) : readCsv(file, text);
    }

    private static Input readJson(Path file, String text) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            if (!o.has("shape") || !o.has("data")) throw new IOException(file + ": a JSON input needs \"shape\" and \"data\"");
            JsonArray shapeJson = o.getAsJsonArray("shape");
            int[] shape = new int[shapeJson.size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsInt();
                if (shape[i] < 1) throw new IOException(file + ": shape " + shapeJson + " has a dimension < 1");
                n *= shape[i];
            }
            JsonArray dataJson = o.getAsJsonArray("data");
            if (shape.length == 0 || dataJson.size() != n) {
                throw new IOException(file + ": shape " + shapeJson + " needs " + n + " values, \"data\" has " + dataJson.size());
            }
            float[] data = new float[dataJson.size()];
            int i = 0;
            for (JsonElement e : dataJson) data[i++] = e.getAsFloat();
            return new Input(data, shape, false);
        } catch (JsonParseException | IllegalStateException | ClassCastException | NumberFormatException e) {
            throw new IOException(file + ": not a JSON input {\"shape\": [...], \"data\": [...]} (" + e.getMessage() + ")", e);
        }
    }

    private static Input readCsv(Path file, String text) throws IOException {
        List<float[]> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String[] cells = line.split(",", -1);
            float[] row = new float[cells.length];
            try {
                for (int k = 0; k < cells.length; k++) row[k] = Float.parseFloat(cells[k].strip());
            } catch (NumberFormatException e) {
                if (rows.isEmpty() && i == firstNonBlank(lines)) continue;   // a header row
                throw new IOException(file + ":" + (i + 1) + ": '" + line + "' is not a row of numbers");
            }
            if (!rows.isEmpty() && row.length != rows.get(0).length) {
                throw new IOException(file + ":" + (i + 1) + ": " + row.length + " values, but the rows above have " + rows.get(0).length);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) throw new IOException(file + ": no rows of numbers (expected T rows of C comma-separated values)");
        int c = rows.get(0).length;
        float[] data = new float[rows.size() * c];
        for (int t = 0; t < rows.size(); t++) System.arraycopy(rows.get(t), 0, data, t * c, c);
        return new Input(data, new int[] {rows.size(), c}, true);
    }

    private static int firstNonBlank(String[] lines) {
        for (int i = 0; i < lines.length; i++) if (!lines[i].isBlank()) return i;
        return -1;
    }
}

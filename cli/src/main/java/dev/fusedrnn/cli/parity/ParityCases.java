package dev.fusedrnn.cli.parity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds parity cases: every {@code .json} file directly in a directory whose top-level {@code kind} is
 * "layer" or "training" (anything else there, such as {@code index.json} or a README, is skipped), or
 * the suites bundled on the classpath, listed by their {@code index.json} so they load from a jar too.
 */
public final class ParityCases {

    /** Classpath folders of the bundled suites: the reference set and the generated option matrix. */
    public static final List<String> BUNDLED = List.of("parity/keras-rnn-reference", "parity/generated");

    private ParityCases() { }

    /**
     * The cases in {@code dir}, in file-name order.
     *
     * @throws UncheckedIOException if the directory or a file cannot be read
     * @throws IllegalArgumentException if a {@code .json} file is not valid JSON or is a malformed case
     */
    public static List<ParityCase> loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("parity vectors: " + dir + " is not a directory");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list parity vectors in " + dir, e);
        }
        List<ParityCase> cases = new ArrayList<>();
        for (Path file : files) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                addIfCase(cases, file.toString(), r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read parity case " + file, e);
            }
        }
        return cases;
    }

    /** The bundled suites ({@link #BUNDLED}), each in the order of its index. */
    public static List<ParityCase> loadBundled() {
        List<ParityCase> cases = new ArrayList<>();
        for (String folder : BUNDLED) cases.addAll(loadResourceFolder(folder));
        return cases;
    }

    /** The cases listed in {@code folder/index.json} on the classpath. */
    public static List<ParityCase> loadResourceFolder(String folder) {
        String indexPath = folder + "/index.json";
        JsonElement index = parseResource(indexPath);
        JsonArray files = index.getAsJsonObject().getAsJsonArray("files");
        if (files == null) throw new IllegalArgumentException(indexPath + ": no 'files' list");
        List<ParityCase> cases = new ArrayList<>();
        for (JsonElement f : files) {
            String path = folder + "/" + f.getAsJsonObject().get("file").getAsString();
            JsonElement e = parseResource(path);
            if (ParityCase.kindOf(e) == null) throw new IllegalArgumentException(path + ": listed in " + indexPath + " but not a case");
            cases.add(ParityCase.parse(path, e.getAsJsonObject()));
        }
        return cases;
    }

    private static JsonElement parseResource(String path) {
        InputStream in = ParityCases.class.getClassLoader().getResourceAsStream(path);
        if (in == null) throw new IllegalArgumentException("parity resource " + path + " is not on the classpath");
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read parity resource " + path, e);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(path + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private static void addIfCase(List<ParityCase> cases, String source, Reader r) {
        JsonElement e;
        try {
            e = JsonParser.parseReader(r);
        } catch (JsonParseException ex) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + ex.getMessage(), ex);
        }
        if (ParityCase.kindOf(e) != null) cases.add(ParityCase.parse(source, e.getAsJsonObject()));
    }
}

package dev.fusedrnn.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the bundled data sets are: the {@code data/} folder at the repository root, which holds
 * {@code PROVENANCE.md}, {@code reuters21578/}, {@code statcan/} and {@code djia30/}.
 */
public final class DataFiles {
    /** System property naming the data folder; the environment variable is {@code FUSEDRNN_DATA}. */
    public static final String PROPERTY = "fusedrnn.data";

    private DataFiles() { }

    /**
     * The data folder: the system property {@value #PROPERTY}, else the environment variable
     * {@code FUSEDRNN_DATA}, else the nearest {@code data/} holding {@code PROVENANCE.md} in the working
     * directory or one of its parents (so tests run from a module folder find the repository's).
     *
     * @throws IllegalStateException when none is found, saying where it looked
     */
    public static Path locate() {
        String named = System.getProperty(PROPERTY);
        if (named == null || named.isBlank()) named = System.getenv("FUSEDRNN_DATA");
        if (named != null && !named.isBlank()) return requireDirectory(Path.of(named));
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path d = p.resolve("data");
            if (Files.isRegularFile(d.resolve("PROVENANCE.md"))) return d;
        }
        throw new IllegalStateException("no data folder found: none of " + start + " and its parents holds data/PROVENANCE.md;"
                + " pass --data DIR, or set -D" + PROPERTY + "=DIR or FUSEDRNN_DATA to the repository's data/ folder");
    }

    /** {@code dir} itself when it is a directory, else a clear error. */
    public static Path requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("data folder " + dir.toAbsolutePath() + " does not exist or is not a directory;"
                    + " point it at the repository's data/ folder");
        }
        return dir;
    }

    /** {@code dir.resolve(name)} when it is a readable file, else an error naming what is missing and where. */
    public static Path requireFile(Path dir, String name) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
            throw new IllegalStateException("data file " + f.toAbsolutePath() + " is missing or unreadable;"
                    + " the bundled data sets are in the repository's data/ folder (see data/PROVENANCE.md)");
        }
        return f;
    }
}

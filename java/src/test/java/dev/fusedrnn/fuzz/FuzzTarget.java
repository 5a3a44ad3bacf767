package dev.fusedrnn.fuzz;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/**
 * The generators against one backend: the backend is created once and shared by the cases (models take it
 * with {@code Sequential.backend(Backend)}; loaders get its name), and a scratch folder for file cases.
 */
final class FuzzTarget implements AutoCloseable {
    /** Per-case time limit: a case that runs longer is a hang (cases take milliseconds). */
    static final long LIMIT_MILLIS = 20_000;

    final String name;
    final Backend backend;
    final Path dir;

    private FuzzTarget(String name, Path dir) {
        this.name = name;
        this.backend = Backends.create(name);
        this.dir = dir;
    }

    /** The named backend, or the test is skipped where this build has none (e.g. no CUDA emulation library). */
    static FuzzTarget of(String name, Path dir) {
        boolean available = Backends.describe().stream().anyMatch(s -> s.name().equals(name) && s.available());
        Assumptions.assumeTrue(available, "backend " + name + " is not available in this build");
        return new FuzzTarget(name, dir);
    }

    /** One case of every kind, in proportions that favour the cheap in-memory API cases. */
    FuzzCase mixed(Gen g) {
        int k = g.between(0, 9);
        if (k <= 2) return LayerCases.make(g, backend);
        if (k <= 5) return DataCases.make(g, backend);
        if (k <= 7) return CompileCases.make(g, backend);
        if (k == 8) return FileCases.modelFile(g, name, dir);
        return FileCases.keras(g, name, dir);
    }

    @Override
    public void close() { backend.close(); }
}

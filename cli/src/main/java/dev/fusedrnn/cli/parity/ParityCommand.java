package dev.fusedrnn.cli.parity;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code fusedrnn parity}: checks a backend against parity vectors and prints one row per case.
 * Exit code 0 when no case failed, 1 when one did, 2 when the vectors or the backend cannot be loaded.
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Checks a backend against the parity vectors (format keras-rnn-reference/1): every forward"
                + " value and gradient of each layer case, as max|a - ref| / max(1, max|ref|).")
public final class ParityCommand implements Callable<Integer> {

    @Option(names = "--vectors", paramLabel = "DIR",
            description = "A directory of case files (every .json file directly in it whose kind is layer or"
                    + " training); repeatable. Default: the vectors bundled with this tool.")
    List<Path> vectors = new ArrayList<>();

    @Option(names = "--backend", paramLabel = "B", defaultValue = "reference",
            description = "The backend to check (default: ${DEFAULT-VALUE}).")
    String backendName;

    @Option(names = "--json", description = "One JSON object per case instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Function<String, Backend> backends;
    private final ParityRunner runner;

    public ParityCommand() {
        this(ParityCommand::openBackend, ParityRunner.standard());
    }

    /** For tests: another way to open backends, another runner. */
    ParityCommand(Function<String, Backend> backends, ParityRunner runner) {
        this.backends = backends;
        this.runner = runner;
    }

    /**
     * The one place that turns a backend name into a backend. Only {@code reference} exists here; wire
     * the project's backend selection ({@code Backends}) in here when it lands.
     */
    static Backend openBackend(String name) {
        return Backends.create(name);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ParityCase> cases;
        try {
            cases = load();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("parity: " + e.getMessage());
            return 2;
        }
        if (cases.isEmpty()) {
            err.println("parity: no parity cases in " + vectors + " (a case is a .json file whose kind is layer or training)");
            return 2;
        }
        Backend backend;
        try {
            backend = backends.apply(backendName);
        } catch (RuntimeException e) {
            err.println("parity: " + e.getMessage());
            return 2;
        }
        int passed = 0, failed = 0, skipped = 0;
        try (backend) {
            double tolerance = Tolerance.forBackend(backend);
            if (!json) {
                out.printf(Locale.ROOT, "backend %s (%s): a case passes when every tensor has max|a - ref| / max(1, max|ref|)"
                        + " <= %s%n", backend.name(), backend.isDoublePrecision() ? "float64" : "float32", format(tolerance));
            }
            int width = cases.stream().mapToInt(c -> c.name().length()).max().orElse(0);
            for (ParityCase c : cases) {
                ParityResult r = runner.run(c, backend);
                switch (r.status()) {
                    case PASS: passed++; break;
                    case FAIL: failed++; break;
                    default: skipped++;
                }
                out.println(json ? jsonRow(r) : textRow(r, width));
                out.flush();
            }
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        out.flush();
        return failed > 0 ? 1 : 0;
    }

    private List<ParityCase> load() {
        if (vectors.isEmpty()) return ParityCases.loadBundled();
        List<ParityCase> cases = new ArrayList<>();
        for (Path dir : vectors) cases.addAll(ParityCases.loadDirectory(dir));
        return cases;
    }

    static String textRow(ParityResult r, int width) {
        String label = r.status() == ParityResult.Status.PASS ? "pass" : r.status() == ParityResult.Status.FAIL ? "FAIL" : "skip";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-4s  %-" + Math.max(1, width) + "s", label, r.caseName()));
        for (Map.Entry<String, Double> e : r.errors().entrySet()) {
            sb.append("  ").append(e.getKey()).append(' ').append(format(e.getValue()));
        }
        if (r.reason() != null) sb.append("  (").append(r.reason()).append(')');
        return sb.toString();
    }

    /**
     * {@code {"case", "backend", "pass", "tolerance", "errors": {tensor: error}}}, plus {@code "skipped": true}
     * and a {@code "reason"} where there is one. A non-finite error is written as the string "NaN" or
     * "Infinity", since JSON numbers cannot hold it.
     */
    static String jsonRow(ParityResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("case", r.caseName());
        o.addProperty("backend", r.backend());
        o.addProperty("pass", r.passed());
        if (r.status() == ParityResult.Status.SKIPPED) o.addProperty("skipped", true);
        o.addProperty("tolerance", r.tolerance());
        JsonObject errors = new JsonObject();
        for (Map.Entry<String, Double> e : r.errors().entrySet()) {
            double v = e.getValue();
            if (Double.isFinite(v)) errors.addProperty(e.getKey(), v);
            else errors.addProperty(e.getKey(), Double.toString(v));
        }
        o.add("errors", errors);
        if (r.reason() != null) o.addProperty("reason", r.reason());
        return new Gson().toJson(o);
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1e", v) : Double.toString(v);
    }
}

package dev.fusedrnn.backend;

import dev.fusedrnn.reference.ReferenceBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Backend selection, never silent. A backend is chosen by API ({@link #create(String)}), else by the
 * system property {@code fusedrnn.backend}, else by the environment variable {@code FUSEDRNN_BACKEND},
 * else {@code auto}: cuda, then cpu, then reference — and {@link #describe()} says for each one whether
 * it can run and why not.
 */
public final class Backends {
    private Backends() { }

    /** One backend's availability and the reason for it. */
    public record Status(String name, boolean available, String reason) {
        @Override
        public String toString() { return String.format(Locale.ROOT, "%-10s %-11s %s", name, available ? "available" : "unavailable", reason); }
    }

    /** The result of a selection: the backend, and in words why it was chosen. */
    public record Selection(Backend backend, String reason) { }

    /** Every backend's status, in auto's order of preference. */
    public static List<Status> describe() {
        List<Status> all = new ArrayList<>();
        all.add(NativeBackends.cudaStatus());
        all.add(NativeBackends.cpuStatus());
        all.add(new Status("reference", true, "pure Java, double precision: the oracle and the last fallback"));
        return all;
    }

    /** The name requested by the system property or the environment, else "auto". */
    public static String requested() {
        String p = System.getProperty("fusedrnn.backend");
        if (p != null && !p.isBlank()) return p.trim();
        String e = System.getenv("FUSEDRNN_BACKEND");
        if (e != null && !e.isBlank()) return e.trim();
        return "auto";
    }

    /** Selects by {@link #requested()}. */
    public static Selection select() { return select(requested()); }

    /**
     * Selects a backend by name: auto, reference, cpu, cuda. A named backend that cannot run is an error
     * carrying the reason; auto falls back and says why.
     */
    public static Selection select(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "reference":
                return new Selection(new ReferenceBackend(), "reference requested");
            case "cpu": case "cuda": {
                Status s = n.equals("cpu") ? NativeBackends.cpuStatus() : NativeBackends.cudaStatus();
                if (!s.available()) throw new IllegalStateException("backend " + n + " is unavailable: " + s.reason());
                return new Selection(NativeBackends.create(n), n + " requested");
            }
            case "auto": {
                StringBuilder why = new StringBuilder("auto: ");
                for (Status s : describe()) {
                    if (s.available()) {
                        Backend b = s.name().equals("reference") ? new ReferenceBackend() : NativeBackends.create(s.name());
                        return new Selection(b, why.append("chose ").append(s.name()).toString());
                    }
                    why.append(s.name()).append(" skipped (").append(s.reason()).append("); ");
                }
                throw new IllegalStateException("no backend available");
            }
            default:
                throw new IllegalArgumentException("unknown backend '" + name + "'; expected auto, reference, cpu or cuda");
        }
    }

    /** Lines describing the native libraries: version, CPU features, CUDA devices or why there are none. */
    public static List<String> nativeReport() { return NativeBackends.report(); }

    /** Convenience: the backend for a name. */
    public static Backend create(String name) { return select(name).backend(); }

    /**
     * The backend for a name with a thread count: for {@code cpu}, its worker threads (0: the environment
     * variable FRNN_NUM_THREADS, else all cores); other backends ignore it.
     */
    public static Backend create(String name, int threads) {
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        if (name.trim().equalsIgnoreCase("cpu")) {
            Status s = NativeBackends.cpuStatus();
            if (!s.available()) throw new IllegalStateException("backend cpu is unavailable: " + s.reason());
            return NativeBackends.createCpu(threads);
        }
        return create(name);
    }
}

package dev.fusedrnn.cli;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import dev.fusedrnn.cli.parity.ParityCase;
import dev.fusedrnn.cli.parity.ParityCases;
import dev.fusedrnn.cli.parity.ParityResult;
import dev.fusedrnn.cli.parity.ParityRunner;
import dev.fusedrnn.jni.CudaGemmCheck;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code fusedrnn selftest}: the one command that proves a machine. On every backend that loads it runs
 * the bundled parity cases and a short training run (the loss must fall), on the CUDA backends also
 * compares the own GEMM kernel with cuBLAS ({@link CudaGemmCheck}), prints a verdict table, and
 * exits non-zero on any failure. A backend that cannot load is reported with its reason, not failed.
 */
@Command(name = "selftest", description = "Run the parity suite and a short training run on every backend that loads.")
final class SelftestCommand implements Callable<Integer> {
    @Option(names = "--backends", split = ",", defaultValue = "reference,cpu,cuda-emulated,cuda",
            description = "Backends to test (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    /** One backend's outcome; {@code ok} null means skipped (the backend cannot load here). */
    private record Verdict(String backend, String device, String cases, String maxError, String seconds, Boolean ok) { }

    @Override
    public Integer call() {
        List<ParityCase> cases = ParityCases.loadBundled();
        List<Verdict> rows = new ArrayList<>();
        for (String name : backends) {
            Backends.Status status = Backends.describe().stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + name + "'"));
            if (!status.available()) {
                rows.add(new Verdict(name, "unavailable: " + status.reason(), "-", "-", "-", null));
                continue;
            }
            System.out.println("testing " + name + " ...");
            long t0 = System.nanoTime();
            int passed = 0;
            double worst = 0;
            List<String> failures = new ArrayList<>();
            try (Backend be = Backends.create(name)) {
                ParityRunner runner = ParityRunner.standard();
                for (ParityCase c : cases) {
                    ParityResult r = runner.run(c, be);
                    if (r.passed()) passed++;
                    else failures.add(c.name());
                    if (r.passed()) worst = Math.max(worst, r.maxError() / r.tolerance());
                }
                String training = trainingProblem(be);
                if (training != null) failures.add("training: " + training);
            }
            if (name.startsWith("cuda")) {
                CudaGemmCheck.Result gemm = CudaGemmCheck.run(name.equals("cuda-emulated"));
                System.out.println("  " + gemm.summary());
                if (!gemm.ok()) failures.add(gemm.summary());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (String f : failures) System.out.println("  FAILED " + name + ": " + f);
            rows.add(new Verdict(name, status.reason(), passed + "/" + cases.size(),
                    String.format(Locale.ROOT, "%.3f of bound", worst), String.format(Locale.ROOT, "%.1f", seconds),
                    failures.isEmpty()));
        }
        System.out.printf("%n%-14s %-7s %-12s %-16s %-8s %s%n", "backend", "verdict", "cases", "max error", "seconds", "device");
        boolean ok = true;
        for (Verdict v : rows) {
            ok &= v.ok() == null || v.ok();
            String verdict = v.ok() == null ? "skipped" : v.ok() ? "ok" : "FAILED";
            System.out.printf("%-14s %-7s %-12s %-16s %-8s %s%n", v.backend(), verdict, v.cases(),
                    v.maxError(), v.seconds(), v.device());
        }
        System.out.println(ok ? "selftest passed" : "selftest FAILED");
        return ok ? 0 : 1;
    }

    /**
     * Trains a small GRU on windows of a sine wave for 5 epochs; returns why it failed, or null. The loss
     * must fall to half of the first epoch's: a backend whose gradients or updates were wrong would not.
     */
    private static String trainingProblem(Backend be) {
        int n = 256;
        int t = 8;
        float[] x = new float[n * t];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) x[i * t + j] = (float) Math.sin(0.2 * (i + j));
            y[i] = (float) Math.sin(0.2 * (i + t));
        }
        try (Sequential m = new Sequential(new GRU(16), new Dense(1)).backend(be).seed(2)) {
            m.compile(new Adam(0.01), "mse");
            History h = m.fit(Tensor.of(x, n, t, 1), Tensor.of(y, n, 1), new FitOptions().epochs(5).verbose(0).seed(3));
            double first = h.get("loss").get(0);
            double last = h.last("loss");
            if (!(last < 0.5 * first)) {
                return String.format(Locale.ROOT, "loss went from %.4g to %.4g in 5 epochs (expected at least halved)", first, last);
            }
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}

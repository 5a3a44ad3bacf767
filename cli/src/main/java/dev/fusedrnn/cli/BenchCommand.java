package dev.fusedrnn.cli;

import com.google.gson.Gson;
import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code fusedrnn bench}: the time of one iteration of one recurrent layer over a whole batch and
 * sequence — a forward pass (infer) or a forward and a backward pass (train) — as the median over
 * repetitions after warm-up, and its GFLOP/s with FLOPs = 2·N·T·G·H·(C+H), three times that for training.
 * The forward and the backward pass are also timed apart ({@code ms_forward}, {@code ms_backward}): each
 * ends by reading one value of its result, which waits for a device's queued kernels ({@code cuda}).
 */
@Command(name = "bench", description = "Time one recurrent layer (forward, or forward and backward) on a backend.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--cell", defaultValue = "lstm", description = "simple, lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;
    @Option(names = "--batch-size", defaultValue = "64", description = "N (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--time-steps", defaultValue = "50", description = "T (default: ${DEFAULT-VALUE}).")
    int time;
    @Option(names = "--input-size", defaultValue = "256", description = "C (default: ${DEFAULT-VALUE}).")
    int input;
    @Option(names = "--units", defaultValue = "256", description = "H (default: ${DEFAULT-VALUE}).")
    int units;
    @Option(names = "--mode", defaultValue = "train", description = "train (forward + backward) or infer (default: ${DEFAULT-VALUE}).")
    String mode;
    @Option(names = "--backend", defaultValue = "auto", description = "auto, reference, cpu, cuda, cuda-emulated (default: ${DEFAULT-VALUE}).")
    String backend;
    @Option(names = "--threads", defaultValue = "0", description = "cpu worker threads; 0: FRNN_NUM_THREADS or all cores.")
    int threads;
    @Option(names = "--reset-after", defaultValue = "true", description = "GRU reset_after (default: ${DEFAULT-VALUE}).")
    boolean resetAfter;
    @Option(names = "--recurrent-activation", defaultValue = "sigmoid",
            description = "sigmoid, hard_sigmoid_keras2 or hard_sigmoid_keras3 (default: ${DEFAULT-VALUE}).")
    String recurrentActivation;
    @Option(names = "--mask-fraction", defaultValue = "0", description = "Fraction of time steps masked, at random (default: none).")
    double maskFraction;
    @Option(names = "--recurrent-dropout", defaultValue = "0", description = "Recurrent dropout rate (default: none).")
    double recurrentDropout;
    @Option(names = "--repetitions", defaultValue = "15", description = "Timed iterations after warm-up (default: ${DEFAULT-VALUE}).")
    int repetitions;
    @Option(names = "--warmup", defaultValue = "3", description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        boolean train = switch (mode) {
            case "train" -> true;
            case "infer" -> false;
            default -> throw new IllegalArgumentException("--mode must be train or infer, got '" + mode + "'");
        };
        if (batch < 1 || time < 1 || input < 1 || units < 1 || repetitions < 1 || warmup < 0) {
            throw new IllegalArgumentException("sizes and repetitions must be >= 1 (warm-up >= 0)");
        }
        if (!(maskFraction >= 0 && maskFraction < 1) || !(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException("--mask-fraction and --recurrent-dropout must be in [0, 1)");
        }
        CellType c = CellType.parse(cell.equals("simple") ? "simple_rnn" : cell);
        RnnSpec spec = new RnnSpec(c, input, units, Activation.TANH, Activation.parse(recurrentActivation),
                resetAfter, false, false, false);
        try (Backend be = Backends.create(backend, threads)) {
            double[][] times = run(be, spec, train);
            double[] ms = times[0];
            double median = median(ms);
            double flops = 2.0 * batch * time * c.gates() * units * (input + units) * (train ? 3 : 1);
            double gflops = flops / (median * 1e6);
            int used = be instanceof dev.fusedrnn.jni.NativeBackend nb ? nb.threads() : 1;
            System.out.printf(Locale.ROOT, "%s %s N=%d T=%d C=%d H=%d on %s (%d thread%s): %.3f ms per iteration"
                            + " (median of %d, min %.3f, max %.3f), %.2f us per time step, %.1f GFLOP/s%n",
                    cell, mode, batch, time, input, units, be.name(), used, used == 1 ? "" : "s", median, ms.length,
                    Arrays.stream(ms).min().orElse(0), Arrays.stream(ms).max().orElse(0), 1000 * median / time, gflops);
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("cell", cell);
                o.put("backend", be.name());
                o.put("threads", used);
                o.put("batch_size", batch);
                o.put("time_steps", time);
                o.put("input_size", input);
                o.put("units", units);
                o.put("mode", mode);
                o.put("ms_per_iteration", median);
                o.put("ms_forward", median(times[1]));
                if (train) o.put("ms_backward", median(times[2]));
                o.put("us_per_timestep", 1000 * median / time);
                o.put("gflops", gflops);
                System.out.println(new Gson().toJson(o));
            }
        }
        return 0;
    }

    /** Milliseconds of each timed iteration: {whole, forward, backward}. */
    private double[][] run(Backend be, RnnSpec spec, boolean train) {
        SplittableRandom r = new SplittableRandom(1);
        long nh = (long) batch * units;
        RnnBuffers b = new RnnBuffers();
        b.batch = batch;
        b.time = time;
        b.x = random(be, r, (long) batch * time * input, 1.0);
        b.kernel = random(be, r, spec.kernelSize(), Math.sqrt(6.0 / (input + spec.gateColumns())));
        b.recurrentKernel = random(be, r, spec.recurrentKernelSize(), Math.sqrt(1.0 / units));
        b.bias = random(be, r, spec.biasSize(), 0.1);
        b.output = be.allocate(nh);
        if (maskFraction > 0) b.mask = keepMask(be, r, (long) batch * time, maskFraction, 1.0);
        if (recurrentDropout > 0) b.recurrentDropout = keepMask(be, r, nh, recurrentDropout, 1 / (1 - recurrentDropout));
        RnnGrads g = new RnnGrads();
        g.dOutput = random(be, r, nh, 1.0);
        g.dx = be.allocate((long) batch * time * input);
        g.dKernel = be.allocate(spec.kernelSize());
        g.dRecurrentKernel = be.allocate(spec.recurrentKernelSize());
        g.dBias = be.allocate(spec.biasSize());
        double[][] ms = new double[3][repetitions];
        float[] one = new float[1];
        for (int i = -warmup; i < repetitions; i++) {
            long t0 = System.nanoTime();
            long t1 = t0;
            try (RnnTape tape = be.rnnForward(spec, b, train)) {
                b.output.read(0, one, 0, 1);   // waits for the forward pass on a device
                t1 = System.nanoTime();
                if (train) {
                    be.rnnBackward(spec, b, tape, g);
                    g.dBias.read(0, one, 0, 1);
                }
            }
            long t2 = System.nanoTime();
            if (i >= 0) {
                ms[0][i] = (t2 - t0) / 1e6;
                ms[1][i] = (t1 - t0) / 1e6;
                ms[2][i] = (t2 - t1) / 1e6;
            }
        }
        return ms;
    }

    private static Buffer random(Backend be, SplittableRandom r, long n, double scale) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * r.nextDouble() - 1) * scale);
        return be.allocate(n).set(v);
    }

    private static Buffer keepMask(Backend be, SplittableRandom r, long n, double dropFraction, double keepValue) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble() < dropFraction ? 0f : (float) keepValue;
        return be.allocate(n).set(v);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

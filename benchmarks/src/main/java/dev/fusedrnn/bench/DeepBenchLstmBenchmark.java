package dev.fusedrnn.bench;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * LSTM layers at the DeepBench training sizes, input size = units: H ∈ {256, 512, 1024, 2048} × N ∈
 * {16, 64, 128}, T = 25 (H = 256: T = 150); plus small-H latency (N = 32, T = 1000, H = 128) and the
 * long-sequence size with published cuDNN and haste figures (N = 16, T = 1024, H = 768). Sizes are
 * "N,T,C,H"; {@code forward} is a training forward pass (tape kept), {@code train} forward and backward.
 * Each call ends by reading one value of its result, which waits for a device's queued kernels.
 * <pre>java -jar benchmarks/target/benchmarks.jar DeepBenchLstm -p backend=cuda -p size=64,25,512,512</pre>
 * A backend that is unavailable here fails its setup with the reason (JMH reports it and goes on); no
 * time is measured for it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DeepBenchLstmBenchmark {
    @Param({"cuda"})
    public String backend;

    @Param({"forward", "train"})
    public String mode;

    @Param({"16,150,256,256", "64,150,256,256", "128,150,256,256",
            "16,25,512,512", "64,25,512,512", "128,25,512,512",
            "16,25,1024,1024", "64,25,1024,1024", "128,25,1024,1024",
            "16,25,2048,2048", "64,25,2048,2048", "128,25,2048,2048",
            "32,1000,128,128", "16,1024,768,768"})
    public String size;

    private Backend be;
    private RnnSpec spec;
    private RnnBuffers buffers;
    private RnnGrads grads;
    private final float[] one = new float[1];

    @Setup(Level.Trial)
    public void setUp() {
        Backends.Status status = Backends.describe().stream().filter(s -> s.name().equals(backend)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + backend + "'"));
        if (!status.available()) {
            throw new IllegalStateException("skipped: backend " + backend + " is unavailable here: " + status.reason());
        }
        be = Backends.create(backend);
        String[] s = size.split(",");
        int n = Integer.parseInt(s[0]), t = Integer.parseInt(s[1]), c = Integer.parseInt(s[2]), h = Integer.parseInt(s[3]);
        spec = new RnnSpec(CellType.LSTM, c, h, Activation.TANH, Activation.SIGMOID, true, false, false, false);
        SplittableRandom r = new SplittableRandom(1);
        buffers = new RnnBuffers();
        buffers.batch = n;
        buffers.time = t;
        buffers.x = random(r, (long) n * t * c, 1.0);
        buffers.kernel = random(r, spec.kernelSize(), Math.sqrt(6.0 / (c + spec.gateColumns())));
        buffers.recurrentKernel = random(r, spec.recurrentKernelSize(), Math.sqrt(1.0 / h));
        buffers.bias = random(r, spec.biasSize(), 0.1);
        buffers.output = be.allocate((long) n * h);
        grads = new RnnGrads();
        grads.dOutput = random(r, (long) n * h, 1.0);
        grads.dx = be.allocate((long) n * t * c);
        grads.dKernel = be.allocate(spec.kernelSize());
        grads.dRecurrentKernel = be.allocate(spec.recurrentKernelSize());
        grads.dBias = be.allocate(spec.biasSize());
    }

    private Buffer random(SplittableRandom r, long n, double scale) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return be.allocate(n).set(v);
    }

    @Benchmark
    public float sequence() {
        try (RnnTape tape = be.rnnForward(spec, buffers, true)) {
            if (mode.equals("train")) {
                be.rnnBackward(spec, buffers, tape, grads);
                grads.dBias.read(0, one, 0, 1);
            } else {
                buffers.output.read(0, one, 0, 1);
            }
        }
        return one[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (be != null) be.close();
    }
}

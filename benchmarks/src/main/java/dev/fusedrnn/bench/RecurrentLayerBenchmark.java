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
 * One recurrent layer over a whole batch and sequence, through the backend SPI: a forward pass
 * ({@code infer}) or a forward and backward pass ({@code train}). Sizes are "N,T,C,H".
 * <pre>java -jar benchmarks/target/benchmarks.jar RecurrentLayer -p backend=reference -p cell=lstm</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RecurrentLayerBenchmark {
    @Param({"reference"})
    public String backend;

    @Param({"simple_rnn", "lstm", "gru"})
    public String cell;

    @Param({"infer", "train"})
    public String mode;

    @Param({"30,12,1,20", "16,50,32,64"})
    public String size;

    private Backend be;
    private RnnSpec spec;
    private RnnBuffers buffers;
    private RnnGrads grads;

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.create(backend);
        String[] s = size.split(",");
        int n = Integer.parseInt(s[0]), t = Integer.parseInt(s[1]), c = Integer.parseInt(s[2]), h = Integer.parseInt(s[3]);
        spec = new RnnSpec(CellType.parse(cell), c, h, Activation.TANH, Activation.SIGMOID, true, false, false, false);
        SplittableRandom r = new SplittableRandom(1);
        buffers = new RnnBuffers();
        buffers.batch = n;
        buffers.time = t;
        buffers.x = random(r, (long) n * t * c, 1.0);
        buffers.kernel = random(r, spec.kernelSize(), 0.1);
        buffers.recurrentKernel = random(r, spec.recurrentKernelSize(), 0.1);
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
    public Buffer sequence() {
        boolean train = mode.equals("train");
        try (RnnTape tape = be.rnnForward(spec, buffers, train)) {
            if (train) be.rnnBackward(spec, buffers, tape, grads);
        }
        return buffers.output;
    }

    @TearDown(Level.Trial)
    public void tearDown() { be.close(); }
}

package dev.fusedrnn.bench;

import dev.fusedrnn.backend.CellType;
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

import java.util.concurrent.TimeUnit;

/**
 * LSTM layers at the DeepBench training sizes, input size = units: H ∈ {256, 512, 1024, 2048} × N ∈
 * {16, 64, 128}, T = 25 (H = 256: T = 150); plus small-H latency (N = 32, T = 1000, H = 128) and the
 * long-sequence size with published cuDNN and haste figures (N = 16, T = 1024, H = 768). Sizes are
 * "NxTxCxH" (JMH splits -p values at commas); {@code forward} is a training forward pass (tape kept),
 * {@code train} forward and backward.
 * Each call ends by reading one value of its result, which waits for a device's queued kernels.
 * <pre>java -jar benchmarks/target/benchmarks.jar DeepBenchLstm -p backend=cuda -p size=64x25x512x512</pre>
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

    @Param({"16x150x256x256", "64x150x256x256", "128x150x256x256",
            "16x25x512x512", "64x25x512x512", "128x25x512x512",
            "16x25x1024x1024", "64x25x1024x1024", "128x25x1024x1024",
            "16x25x2048x2048", "64x25x2048x2048", "128x25x2048x2048",
            "32x1000x128x128", "16x1024x768x768"})
    public String size;

    private LayerWorkload work;
    private final float[] one = new float[1];

    @Setup(Level.Trial)
    public void setUp() { work = new LayerWorkload(backend, CellType.LSTM, size, Double.NaN, Double.NaN); }

    @Benchmark
    public float sequence() {
        try (RnnTape tape = work.backend.rnnForward(work.spec, work.buffers, true)) {
            if (mode.equals("train")) {
                work.backend.rnnBackward(work.spec, work.buffers, tape, work.grads);
                work.grads.dBias.read(0, one, 0, 1);
            } else {
                work.buffers.output.read(0, one, 0, 1);
            }
        }
        return one[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (work != null) work.close();
    }
}

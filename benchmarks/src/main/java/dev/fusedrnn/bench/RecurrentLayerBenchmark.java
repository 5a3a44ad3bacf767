package dev.fusedrnn.bench;

import dev.fusedrnn.backend.Buffer;
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
 * One recurrent layer over a whole batch and sequence, through the backend SPI: a forward pass
 * ({@code infer}) or a forward and backward pass ({@code train}). Sizes are "NxTxCxH" (JMH splits -p values at commas).
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

    @Param({"30x12x1x20", "16x50x32x64"})
    public String size;

    private LayerWorkload work;

    @Setup(Level.Trial)
    public void setUp() { work = new LayerWorkload(backend, CellType.parse(cell), size, 0.1, 0.1); }

    @Benchmark
    public Buffer sequence() {
        boolean train = mode.equals("train");
        try (RnnTape tape = work.backend.rnnForward(work.spec, work.buffers, train)) {
            if (train) work.backend.rnnBackward(work.spec, work.buffers, tape, work.grads);
        }
        return work.buffers.output;
    }

    @TearDown(Level.Trial)
    public void tearDown() { if (work != null) work.close(); }
}

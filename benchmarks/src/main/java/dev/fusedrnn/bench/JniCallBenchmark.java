package dev.fusedrnn.bench;

import dev.fusedrnn.jni.FrnnLib;
import org.bytedeco.javacpp.FloatPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of one call across the JNI boundary into the native library: a one-element activation on
 * native memory, so the time is the crossing itself (JavaCPP's pointer marshalling, the status
 * return), not the work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JniCallBenchmark {
    private FloatPointer x;
    private FloatPointer y;

    @Setup
    public void setUp() {
        x = new FloatPointer(1).put(0.5f);
        y = new FloatPointer(1);
    }

    @Benchmark
    public int activationOneElement() {
        return FrnnLib.frnn_activation_forward(FrnnLib.FRNN_ACT_TANH, 1, x, y);
    }

    @TearDown
    public void tearDown() {
        x.close();
        y.close();
    }
}

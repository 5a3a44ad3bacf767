package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.OptimizerSpec;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad arguments to the cpu backend are rejected in Java, before any native call: the message names the
 * operation and the argument, with the expected and actual sizes, and is not a native status message.
 * Data errors only native code sees (token ids, class labels) come back as IllegalArgumentException with
 * the native message, and nothing is written.
 */
class NativeArgumentsTest {
    private static NativeBackend cpu;

    @BeforeAll
    static void open() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
        cpu = new NativeBackend(1);
    }

    @AfterAll
    static void close() { if (cpu != null) cpu.close(); }

    /** Rejected in Java: IllegalArgumentException whose message has every part and no native status name. */
    private static void rejectedInJava(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), () -> "message '" + e.getMessage() + "' lacks '" + p + "'");
        assertFalse(e.getMessage().contains("FRNN_ERR"), e.getMessage());
    }

    private static Buffer buf(float... v) { return cpu.allocate(v.length).set(v); }

    @Test
    void denseChecksKindsLengthsAndSizes() {
        Buffer x = cpu.allocate(6), k = cpu.allocate(6), y = cpu.allocate(4);
        Buffer foreign = new ReferenceBackend().allocate(6);
        rejectedInJava(() -> cpu.denseForward(foreign, 2, 3, 2, k, null, Activation.TANH, y),
                "cpu dense forward", "x [rows, in]", "RefBuffer", "not a buffer of the cpu backend");
        rejectedInJava(() -> cpu.denseForward(x, 2, 3, 3, k, null, Activation.TANH, y),
                "cpu dense forward", "kernel [in, out]", "at least 9", "holds 6");
        rejectedInJava(() -> cpu.denseForward(x, -1, 3, 2, k, null, Activation.TANH, y), "rows must be >= 0, got -1");
        rejectedInJava(() -> cpu.denseForward(x, 2, 3, 2, k, null, Activation.TANH, x.slice(0, 4)), "y and x overlap");
        rejectedInJava(() -> cpu.denseBackward(x, y, y, 2, 3, 2, k, Activation.TANH, null, x, null), "dKernel and x overlap");
        rejectedInJava(() -> cpu.denseBackward(x, y, y, 2, 3, 2, k, Activation.TANH, null, null, null), "dKernel [in, out] is required");
    }

    @Test
    void closedBuffersAreRejected() {
        Buffer x = cpu.allocate(4);
        x.close();
        rejectedInJava(() -> cpu.multiply(x, x, cpu.allocate(4)), "cpu multiply", "a was closed");
    }

    @Test
    void elementwiseLayoutAndOptimizerChecks() {
        rejectedInJava(() -> cpu.multiply(buf(1), buf(1, 2), cpu.allocate(2)), "cpu multiply", "a must hold at least 2");
        rejectedInJava(() -> cpu.axpby(1, buf(1), 2, null, cpu.allocate(1)), "b is null but beta = 2");
        Buffer in = cpu.allocate(6);
        rejectedInJava(() -> cpu.concatColumns(in.slice(0, 2), 1, in.slice(2, 2), 1, 2, in.slice(2, 4)), "b and out overlap");
        rejectedInJava(() -> cpu.reverseTime(cpu.allocate(5), 2, 3, 1, cpu.allocate(6)), "x [batch, time, features]", "at least 6");
        OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.1, 0.9, 0.999, 1e-7, 0, false, 0);
        rejectedInJava(() -> cpu.optimizerStep(adam, cpu.allocate(3), cpu.allocate(2), cpu.allocate(6), 0),
                "grads (as long as params) must hold 3 values, got 2");
        rejectedInJava(() -> cpu.optimizerStep(adam, cpu.allocate(3), cpu.allocate(3), cpu.allocate(5), 0),
                "state (2 slots x 3 params) must hold at least 6");
        rejectedInJava(() -> cpu.clip(cpu.allocate(1), 1, -1), "lo <= hi");
        rejectedInJava(() -> cpu.loss(LossKind.MSE, cpu.allocate(6), cpu.allocate(5), null, 2, 3, null),
                "cpu mse loss", "target [rows, cols] must hold at least 6");
    }

    @Test
    void recurrentCallsCheckEveryBufferAgainstTheSpec() {
        RnnSpec spec = new RnnSpec(CellType.GRU, 3, 4, Activation.TANH, Activation.SIGMOID, true, false, true, false);
        RnnBuffers b = new RnnBuffers();
        b.batch = 2;
        b.time = 5;
        b.x = cpu.allocate(2 * 5 * 3);
        b.kernel = cpu.allocate(3 * 12);
        b.recurrentKernel = cpu.allocate(4 * 12);
        b.bias = cpu.allocate(12);   // reset_after needs [2, 3H] = 24
        b.output = cpu.allocate(2 * 5 * 4);
        rejectedInJava(() -> cpu.rnnForward(spec, b, true), "cpu gru forward", "bias [2, 3H] must hold 24 values, got 12");
        b.bias = cpu.allocate(24);
        b.c0 = cpu.allocate(8);
        rejectedInJava(() -> cpu.rnnForward(spec, b, true), "c0 given, but only LSTM has a cell state");
        b.c0 = null;
        b.time = 0;
        rejectedInJava(() -> cpu.rnnForward(spec, b, true), "batch N and time T must be >= 1, got N=2, T=0");
        b.time = 5;
        rejectedInJava(() -> cpu.rnnBackward(spec, b, null, new dev.fusedrnn.backend.RnnGrads()),
                "cpu gru backward", "was forward called with forTraining = false?");
    }

    @Test
    void badIdsAndLabelsAreFoundNativelyAndWriteNothing() {
        Buffer table = buf(1, 2, 3, 4, 5, 6), out = buf(9, 9, 9, 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cpu.embeddingForward(buf(0, 1.5f), 2, table, 3, 2, out));
        assertTrue(e.getMessage().contains("id 1.5 at position 1 is not an integer in [0, 3)"), e.getMessage());
        assertTrue(e.getCause() instanceof FrnnException);
        assertArrayEquals(new float[] {9, 9, 9, 9}, out.toFloatArray());
        Buffer d = buf(7, 7, 7, 7);
        e = assertThrows(IllegalArgumentException.class,
                () -> cpu.loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY, buf(0.5f, 0.5f, 0.5f, 0.5f), buf(0, 2), null, 2, 2, d));
        assertTrue(e.getMessage().contains("class id 2 in row 1"), e.getMessage());
        assertArrayEquals(new float[] {7, 7, 7, 7}, d.toFloatArray());
    }
}

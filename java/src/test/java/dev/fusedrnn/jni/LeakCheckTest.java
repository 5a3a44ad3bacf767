package dev.fusedrnn.jni;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.ThreadingFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every byte comes back: a few thousand predictions, some training, evaluation and snapshots on two models,
 * then close, and the live bytes of cpu and device buffers and JavaCPP's {@code Pointer.totalBytes()} are
 * exactly what they were before. (The long soak with resident-memory figures is {@link LeakSoakTest}.)
 */
class LeakCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "cuda-emulated"})
    void everyByteComesBackAfterClose(String backend) throws Exception {
        ThreadingFixture.assumeBackend(backend);
        MemoryFigures.settle();
        MemoryFigures before = MemoryFigures.now();
        SoakWork.run(backend, 2_000, 80, null);
        MemoryFigures after = MemoryFigures.now();
        System.out.println("leak check on " + backend + ":\n  " + before.line("before") + "\n  " + after.line("after"));
        assertArrayEquals(before.exact(), after.exact(),
                "native buffer bytes, device buffer bytes, Pointer.totalBytes(): before and after close");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "cuda-emulated"})
    void aModelHoldsMemoryUntilClosed(String backend) throws Exception {
        ThreadingFixture.assumeBackend(backend);
        MemoryFigures.settle();
        MemoryFigures before = MemoryFigures.now();
        Sequential m = ThreadingFixture.lstmModel(backend, 1);
        m.predict(ThreadingFixture.sequences(new SplittableRandom(1), 3));
        MemoryFigures open = MemoryFigures.now();
        long held = backend.equals("cpu") ? open.nativeBuffers() - before.nativeBuffers() : open.deviceBuffers() - before.deviceBuffers();
        assertTrue(held >= m.countParams() * 2 * Float.BYTES, "an open model holds its parameters and gradients, got " + held + " bytes");
        m.close();
        assertArrayEquals(before.exact(), MemoryFigures.now().exact(), "after close");
    }
}

package dev.fusedrnn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** fit's random source draws what SplittableRandom draws, and its saved state continues the sequence. */
class FitRandomTest {
    @Test
    void drawsWhatSplittableRandomDraws() {
        for (long seed : new long[] {0, 1, -7, 42L ^ 0x5DEECE66DL}) {
            SplittableRandom expected = new SplittableRandom(seed);
            FitRandom r = new FitRandom(seed);
            for (int i = 0; i < 10_000; i++) {
                assertEquals(expected.nextInt(i % 97 + 1), r.nextInt(i % 97 + 1));   // shuffling
                assertEquals(expected.nextDouble(), r.nextDouble());                 // dropout masks
            }
        }
    }

    @Test
    void stateContinuesTheSequence() {
        FitRandom a = new FitRandom(3);
        for (int i = 0; i < 100; i++) a.nextDouble();
        FitRandom b = new FitRandom(a.state());
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
    }
}

package dev.fusedrnn.cli.parity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToleranceTest {

    @Test
    void errorIsRelativeToTheLargestReferenceValueAboveOne() {
        // max|a - ref| = 0.5, max|ref| = 4
        assertEquals(0.5 / 4, Tolerance.scaledError(new double[] {1, -4.5, 2}, new double[] {1, -4, 2}));
    }

    @Test
    void errorIsAbsoluteForSmallReferences() {
        assertEquals(0.25, Tolerance.scaledError(new double[] {0.25, 0}, new double[] {0, 1e-60}));
        assertEquals(0.0, Tolerance.scaledError(new double[] {0, 0}, new double[] {0, 0}));
    }

    @Test
    void aNanAnywhereMakesTheErrorNanAndFails() {
        double e = Tolerance.scaledError(new double[] {Double.NaN, 1, 2}, new double[] {0, 1, 2});
        assertTrue(Double.isNaN(e));
        assertFalse(Tolerance.within(e, 1e300));
        assertFalse(Tolerance.within(Double.POSITIVE_INFINITY, 1e300));
    }

    @Test
    void lengthsMustMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tolerance.scaledError(new double[2], new double[3]));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void boundFollowsThePrecision() {
        assertEquals(Tolerance.FLOAT64, Tolerance.forBackend(new FakeBackend(List.of(), true)));
        assertEquals(Tolerance.FLOAT32, Tolerance.forBackend(new FakeBackend(List.of(), false)));
    }
}

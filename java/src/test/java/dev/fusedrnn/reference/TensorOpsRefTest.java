package dev.fusedrnn.reference;

import dev.fusedrnn.backend.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small exact cases: every result is a product or sum of two short binary fractions, so exact in double. */
class TensorOpsRefTest {
    private final ReferenceBackend be = new ReferenceBackend();

    private Buffer buf(double... v) { return be.allocate(v.length).set(v); }

    @Test
    void notEqualMaskMarksRowsWithAnyDifferingValue() {
        // rows: all padding, one non-padding value, NaN (never equal), all non-padding
        Buffer x = buf(0, 0, 0, 3, Double.NaN, 0, 1, 2);
        Buffer mask = buf(9, 9, 9, 9);
        be.notEqualMask(x, 4, 2, 0.0, mask);
        assertArrayEquals(new double[] {0, 1, 1, 1}, mask.toDoubleArray(), 0.0);
        be.notEqualMask(x, 4, 2, 3.0, mask);
        assertArrayEquals(new double[] {1, 1, 1, 1}, mask.toDoubleArray(), 0.0);
    }

    @Test
    void scaleRowsScalesEachRowAndMayWorkInPlace() {
        Buffer x = buf(1, 2, 3, 4, 5, 6);
        Buffer out = be.allocate(6);
        be.scaleRows(x, buf(2, 0, -0.5), 3, 2, out);
        assertArrayEquals(new double[] {2, 4, 0, 0, -2.5, -3}, out.toDoubleArray(), 0.0);
        be.scaleRows(x, buf(0.5, 1, 2), 3, 2, x);
        assertArrayEquals(new double[] {0.5, 1, 3, 4, 10, 12}, x.toDoubleArray(), 0.0);
    }

    @Test
    void multiplyRunsOverTheLengthOfOut() {
        Buffer a = buf(1, 2, 3, 4), b = buf(0.5, -1, 2, 100);
        Buffer out = be.allocate(3);
        be.multiply(a, b, out);
        assertArrayEquals(new double[] {0.5, -2, 6}, out.toDoubleArray(), 0.0);
        be.multiply(a, b, a);    // in place
        assertArrayEquals(new double[] {0.5, -2, 6, 400}, a.toDoubleArray(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> be.multiply(buf(1), buf(1, 2), be.allocate(2)));
    }

    @Test
    void axpbyCombinesAndMayAliasEitherInput() {
        Buffer a = buf(1, 2, 3), b = buf(10, 20, 30);
        Buffer out = be.allocate(3);
        be.axpby(2, a, -0.5, b, out);
        assertArrayEquals(new double[] {-3, -6, -9}, out.toDoubleArray(), 0.0);
        be.axpby(2, a, -0.5, b, a);    // out = a
        assertArrayEquals(new double[] {-3, -6, -9}, a.toDoubleArray(), 0.0);
        be.axpby(1, a, 1, b, b);       // out = b
        assertArrayEquals(new double[] {7, 14, 21}, b.toDoubleArray(), 0.0);
    }

    @Test
    void axpbyWithZeroBetaDoesNotReadB() {
        Buffer out = be.allocate(2);
        be.axpby(3, buf(1, 2), 0, null, out);
        assertArrayEquals(new double[] {3, 6}, out.toDoubleArray(), 0.0);
        be.axpby(3, buf(1, 2), 0, buf(Double.POSITIVE_INFINITY, Double.NaN), out);    // 0·∞ would be NaN
        assertArrayEquals(new double[] {3, 6}, out.toDoubleArray(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.axpby(1, buf(1, 2), 2, null, out));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }

    @Test
    void reverseTimeReversesEachSequenceAlsoInPlace() {
        // x [N=2, T=3, F=2]: value = 100n + 10t + f
        double[] x = {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121};
        double[] reversed = {20, 21, 10, 11, 0, 1, 120, 121, 110, 111, 100, 101};
        Buffer out = be.allocate(12);
        be.reverseTime(buf(x), 2, 3, 2, out);
        assertArrayEquals(reversed, out.toDoubleArray(), 0.0);
        Buffer inPlace = buf(x);
        be.reverseTime(inPlace, 2, 3, 2, inPlace);
        assertArrayEquals(reversed, inPlace.toDoubleArray(), 0.0);
        // Partly overlapping windows of one array: out starts 2 values after x.
        Buffer big = be.allocate(14);
        big.slice(0, 12).set(x);
        be.reverseTime(big.slice(0, 12), 2, 3, 2, big.slice(2, 12));
        assertArrayEquals(reversed, big.slice(2, 12).toDoubleArray(), 0.0);
    }

    @Test
    void concatAndSplitAreInverses() {
        Buffer a = buf(1, 2, 3, 4), b = buf(5, 6, 7, 8, 9, 10);    // a [2, 2], b [2, 3]
        Buffer out = be.allocate(10);
        be.concatColumns(a, 2, b, 3, 2, out);
        assertArrayEquals(new double[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10}, out.toDoubleArray(), 0.0);
        Buffer a2 = be.allocate(4), b2 = be.allocate(6);
        be.splitColumns(out, 2, 3, 2, a2, b2);
        assertArrayEquals(a.toDoubleArray(), a2.toDoubleArray(), 0.0);
        assertArrayEquals(b.toDoubleArray(), b2.toDoubleArray(), 0.0);
    }

    @Test
    void concatAndSplitRejectShortAndOverlappingBuffers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> be.concatColumns(buf(1, 2, 3, 4), 2, buf(5, 6), 1, 2, be.allocate(5)));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
        Buffer big = be.allocate(10);
        assertThrows(IllegalArgumentException.class, () -> be.concatColumns(big.slice(0, 2), 1, buf(1, 2), 1, 2, big.slice(1, 4)));
        assertThrows(IllegalArgumentException.class, () -> be.splitColumns(big.slice(0, 4), 1, 1, 2, big.slice(3, 2), be.allocate(2)));
    }
}

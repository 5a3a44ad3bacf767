package dev.fusedrnn.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Min-max scaling per column, fitted on training rows only. */
class MinMaxScalerTest {
    // scales such as 1/20 are not exact in binary: compare to 1e-12, far above double rounding (~1e-15 here)
    private static final double EPS = 1e-12;
    private static final double[][] TRAIN = {{10, -1, 5}, {20, 1, 5}, {30, 0, 5}};

    @Test
    void scalesEachColumnToTheRangeAndBack() {
        MinMaxScaler s = new MinMaxScaler().fit(TRAIN);
        assertArrayEquals(new double[] {0, 0, 0}, s.transform(TRAIN)[0], EPS);
        assertArrayEquals(new double[] {0.5, 1, 0}, s.transform(TRAIN)[1], EPS);
        assertArrayEquals(new double[] {1, 0.5, 0}, s.transform(TRAIN)[2], EPS);
        double[][] back = s.inverseTransform(s.transform(TRAIN));
        for (int i = 0; i < TRAIN.length; i++) assertArrayEquals(TRAIN[i], back[i], EPS);
        assertEquals(20.0, s.unitsPerScaled(0), EPS);
    }

    @Test
    void valuesOutsideTheTrainingRangeAreNotClipped() {
        MinMaxScaler s = new MinMaxScaler(-1, 1).fit(TRAIN);
        double[] t = s.transform(new double[][] {{40, 3, 6}})[0];
        // column 0: -1 + (40 - 10)·2/20; column 1: -1 + (3 + 1)·2/2; column 2 is constant in training:
        // its range counts as 1 (as in scikit-learn), so -1 + (6 - 5)·2
        assertArrayEquals(new double[] {2, 3, 1}, t, EPS);
        assertEquals(40, s.inverse(2, 0), EPS);
    }

    @Test
    void useBeforeFitAndBadRowsAreErrors() {
        MinMaxScaler s = new MinMaxScaler();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.transform(TRAIN));
        assertTrue(e.getMessage().contains("before fit"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.inverseTransform(TRAIN));
        assertThrows(IllegalArgumentException.class, () -> s.fit(new double[][] {{1, Double.NaN}}));
        assertThrows(IllegalArgumentException.class, () -> s.fit(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler().fit(TRAIN).transform(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> new MinMaxScaler(1, 1));
    }
}

package dev.fusedrnn.data;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sliding windows and splitting a dated series. */
class WindowsTest {
    // rows r: (r, 10 r)
    private static double[][] rows(int n) {
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) r[i] = new double[] {i, 10 * i};
        return r;
    }

    @Test
    void manyToOneTakesTheNextValueOfTheTargetColumn() {
        Windows.Windowed w = Windows.manyToOne(rows(6), 3, 1);
        assertArrayEquals(new int[] {3, 3, 2}, w.x().shape());
        assertArrayEquals(new int[] {3, 1}, w.y().shape());
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30}, java.util.Arrays.copyOfRange(w.x().toArray(), 6, 12));
        assertArrayEquals(new float[] {30, 40, 50}, w.y().toArray());
        assertEquals(3, w.firstTarget());
        assertEquals(4, w.rows(1, 3).firstTarget());
    }

    @Test
    void manyToManyTakesTheNextHorizonValues() {
        Windows.Windowed w = Windows.manyToMany(rows(6), 2, 2, 0);
        assertArrayEquals(new int[] {3, 2, 2}, w.x().shape());
        assertArrayEquals(new int[] {3, 2, 1}, w.y().shape());
        assertArrayEquals(new float[] {2, 3, 3, 4, 4, 5}, w.y().toArray());
    }

    @Test
    void tooFewRowsOrBadArgumentsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> Windows.manyToOne(rows(3), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> Windows.manyToOne(rows(5), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Windows.manyToOne(rows(5), 2, 2));
    }

    @Test
    void aSeriesSplitsByDateInclusively() {
        LocalDate[] d = {LocalDate.of(2011, 1, 1), LocalDate.of(2011, 2, 1), LocalDate.of(2011, 3, 1)};
        Series s = new Series(List.of("a", "b"), d, rows(3), 0);
        assertEquals(1, s.countUpTo(LocalDate.of(2011, 1, 1)));
        assertEquals(0, s.countUpTo(LocalDate.of(2010, 12, 31)));
        assertEquals(3, s.countUpTo(LocalDate.of(2020, 1, 1)));
        assertArrayEquals(new double[] {20, 2}, s.select("b", "a").values()[2]);
        assertThrows(IllegalArgumentException.class, () -> s.column("c"));
        assertThrows(IllegalArgumentException.class, () -> new Series(List.of("a", "b"), new LocalDate[] {d[1], d[0]}, rows(2), 0));
    }
}

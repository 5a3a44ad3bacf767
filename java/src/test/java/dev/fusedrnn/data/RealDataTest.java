package dev.fusedrnn.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The StatCan and DJIA loaders on the bundled files, and on damaged copies of them. */
class RealDataTest {
    static final Path DATA = DataFiles.locate();

    @Test
    void retailHas313MonthsFromJan91ToJan17() {
        Series s = StatCanRetail.load(DATA);
        assertEquals(313, s.size());
        assertEquals(List.of("Unadjusted", "Seasonally adjusted"), s.columns());
        assertEquals(LocalDate.of(1991, 1, 1), s.dates()[0]);
        assertEquals(LocalDate.of(2017, 1, 1), s.dates()[312]);
        assertArrayEquals(new double[] {12588862, 15026890}, s.values()[0]);
        assertArrayEquals(new double[] {37628452, 45952103}, s.values()[312]);
        assertEquals(241, s.countUpTo(LocalDate.of(2011, 1, 1)), "Jan-91 .. Jan-11 inclusive");
    }

    @Test
    void aDamagedRetailFileIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(DATA.resolve(StatCanRetail.FILE), java.nio.charset.StandardCharsets.ISO_8859_1);
        Path bad = dir.resolve("bad.csv");
        List<String> copy = new java.util.ArrayList<>(lines);
        copy.set(9, "Mar-91,14337072,");               // line 10: a missing value
        Files.write(bad, copy, java.nio.charset.StandardCharsets.ISO_8859_1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatCanRetail.read(bad));
        assertTrue(e.getMessage().contains(":10: missing Seasonally adjusted"), e.getMessage());

        copy = new java.util.ArrayList<>(lines);
        copy.remove(9);                                    // a month missing from the sequence
        Files.write(bad, copy, java.nio.charset.StandardCharsets.ISO_8859_1);
        e = assertThrows(IllegalArgumentException.class, () -> StatCanRetail.read(bad));
        assertTrue(e.getMessage().contains("does not follow"), e.getMessage());

        Files.writeString(bad, "just,some\ntext,here\n");
        e = assertThrows(IllegalArgumentException.class, () -> StatCanRetail.read(bad));
        assertTrue(e.getMessage().contains("header"), e.getMessage());

        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> StatCanRetail.load(dir));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    }

    @Test
    void everyTickerLoadsItsCloseWithoutGaps() {
        for (String t : Djia.TICKERS) {
            Series s = Djia.load(DATA, t, Djia.Missing.FAIL, "Close");
            assertTrue(s.size() == 3019 || s.size() == 3020, t + ": " + s.size());
            assertEquals(LocalDate.of(2006, 1, 3), s.dates()[0], t);
            assertEquals(LocalDate.of(2017, 12, 29), s.dates()[s.size() - 1], t);
        }
        Series aapl = Djia.load(DATA, "aapl", Djia.Missing.FAIL, "Close");
        assertEquals(10.68, aapl.values()[0][0]);
        assertEquals(169.23, aapl.values()[aapl.size() - 1][0]);
    }

    @Test
    void missingPricesFollowTheChosenPolicy() {
        // DIS lacks Open/High/Low on 2012-08-01 and Open/Low on 2017-07-31
        Series dropped = Djia.load(DATA, "DIS", Djia.Missing.DROP, "Open", "High", "Low", "Close");
        assertEquals(2, dropped.dropped());
        assertEquals(3020 - 2, dropped.size());
        for (LocalDate d : dropped.dates()) assertTrue(!d.equals(LocalDate.of(2012, 8, 1)) && !d.equals(LocalDate.of(2017, 7, 31)));

        Series filled = Djia.load(DATA, "DIS", Djia.Missing.FILL_PREVIOUS, "Open", "High", "Low", "Close");
        assertEquals(3020, filled.size());
        int i = java.util.Arrays.asList(filled.dates()).indexOf(LocalDate.of(2017, 7, 31));
        assertEquals(filled.values()[i - 1][0], filled.values()[i][0], "Open carried from the previous day");
        assertEquals(110.14, filled.values()[i][1], "High was present that day");
        assertEquals(109.93, filled.values()[i][3]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Djia.load(DATA, "DIS", Djia.Missing.FAIL, "Open", "Close"));
        assertTrue(e.getMessage().contains("Open is missing on 2012-08-01"), e.getMessage());
    }

    @Test
    void badTickersColumnsAndRowsAreClearErrors(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Djia.load(DATA, "ZZZZ", Djia.Missing.FAIL, "Close"));
        assertThrows(IllegalArgumentException.class, () -> Djia.load(DATA, "AAPL", Djia.Missing.FAIL, "Name"));
        Path bad = dir.resolve("x.csv");
        Files.writeString(bad, "Date,Open,High,Low,Close,Volume,Name\n2006-01-03,1,2,1,2,100,X\n2006-01-04,1,2,1,two,100,X\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Djia.read(bad, Djia.Missing.DROP, "Close"));
        assertTrue(e.getMessage().contains(":3: field 5 is 'two'"), e.getMessage());
        Files.writeString(bad, "Date,Open,High,Low,Close,Volume,Name\n2006-01-03,1,2,1,2,100\n");
        e = assertThrows(IllegalArgumentException.class, () -> Djia.read(bad, Djia.Missing.DROP, "Close"));
        assertTrue(e.getMessage().contains(":2: expected 7 fields, found 6"), e.getMessage());
        Files.writeString(bad, "Date,Close\n2006-01-03,1\n");
        assertThrows(IllegalArgumentException.class, () -> Djia.read(bad, Djia.Missing.DROP, "Close"));
    }
}

package dev.fusedrnn.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CSV reader: quoting, line ends, line numbers in errors. */
class CsvTest {

    @Test
    void parsesQuotedFieldsCrLfAndSkipsEmptyLines() {
        List<Csv.Record> r = Csv.parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\n1,,\"two\nlines\"\n3,4", "t");
        assertEquals(3, r.size());
        assertEquals(List.of("a", "b,c", "say \"hi\""), r.get(0).fields());
        assertEquals(1, r.get(0).line());
        assertEquals(List.of("1", "", "two\nlines"), r.get(1).fields());
        assertEquals(3, r.get(1).line());
        assertEquals(List.of("3", "4"), r.get(2).fields());
        assertEquals(5, r.get(2).line());
        assertEquals(List.of("", ""), Csv.parse(",", "t").get(0).fields());
    }

    @Test
    void malformedQuotingIsAnErrorWithTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,b\nc,\"d", "f.csv"));
        assertTrue(e.getMessage().startsWith("f.csv:2:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,\"b\"x,c", "f.csv"));
        assertTrue(e.getMessage().startsWith("f.csv:1:"), e.getMessage());
    }

    @Test
    void numbersAreParsedEmptyIsMissingGarbageIsAnError() {
        Csv.Record r = Csv.parse("1.5,,abc,NaN", "f.csv").get(0);
        assertEquals(1.5, Csv.number(r, 0, "f.csv"));
        assertTrue(Double.isNaN(Csv.number(r, 1, "f.csv")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.number(r, 2, "f.csv"));
        assertTrue(e.getMessage().contains("f.csv:1: field 3 is 'abc'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Csv.number(r, 3, "f.csv"), "NaN written out is not a missing value");
        assertThrows(IllegalArgumentException.class, () -> Csv.number(r, 9, "f.csv"));
    }
}

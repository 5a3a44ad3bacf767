package dev.fusedrnn.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Daily prices of the DJIA 30 companies (and AABA), 2006-01-03 to 2017-12-29, one file per ticker
 * ({@code djia30/TICKER_2006-01-01_to_2018-01-01.csv}, columns {@code Date,Open,High,Low,Close,Volume,Name}).
 *
 * <p>Some rows have empty prices (24 files lack Open and/or High/Low on 2017-07-31; DIS also on
 * 2012-08-01). Only the requested columns are looked at, and a row missing one of them is treated by
 * the {@link Missing} policy given; {@link Series#dropped()} tells how many rows were dropped. A value
 * that is present but not a number, or a file whose header is not the expected one, is an error.
 */
public final class Djia {
    /** What to do with a row that lacks a requested value. */
    public enum Missing {
        /** Leave the row out (the series then skips that trading day). */
        DROP,
        /** Use the previous row's value of that column (an error if the first row lacks it). */
        FILL_PREVIOUS,
        /** Fail, naming the file and line. */
        FAIL
    }

    /** The file columns, in order. */
    public static final List<String> COLUMNS = List.of("Date", "Open", "High", "Low", "Close", "Volume", "Name");
    /** The 31 tickers of the bundled files. */
    public static final List<String> TICKERS = List.of("AABA", "AAPL", "AMZN", "AXP", "BA", "CAT", "CSCO", "CVX", "DIS", "GE",
            "GOOGL", "GS", "HD", "IBM", "INTC", "JNJ", "JPM", "KO", "MCD", "MMM", "MRK", "MSFT", "NKE", "PFE", "PG", "TRV",
            "UNH", "UTX", "VZ", "WMT", "XOM");

    private Djia() { }

    /** The file of a ticker in a data folder. */
    public static Path file(Path dataDir, String ticker) {
        String t = ticker.toUpperCase(Locale.ROOT);
        if (!TICKERS.contains(t)) throw new IllegalArgumentException("unknown ticker '" + ticker + "'; the bundled ones are " + TICKERS);
        return DataFiles.requireFile(dataDir, "djia30/" + t + "_2006-01-01_to_2018-01-01.csv");
    }

    /** Loads {@code columns} (e.g. "Close", or "Open", "High", "Low", "Close") of a ticker. */
    public static Series load(Path dataDir, String ticker, Missing missing, String... columns) {
        return read(file(dataDir, ticker), missing, columns);
    }

    /** Reads one per-ticker file. */
    public static Series read(Path csv, Missing missing, String... columns) {
        String src = csv.toString();
        if (columns.length == 0) throw new IllegalArgumentException("name at least one column of " + COLUMNS.subList(1, 6));
        List<Csv.Record> records = Csv.read(csv, StandardCharsets.UTF_8);
        if (records.isEmpty() || !records.get(0).fields().equals(COLUMNS)) {
            throw new IllegalArgumentException(src + ":1: expected the header " + String.join(",", COLUMNS)
                    + (records.isEmpty() ? ", the file is empty" : ", found " + String.join(",", records.get(0).fields())));
        }
        int[] idx = new int[columns.length];
        for (int k = 0; k < columns.length; k++) {
            idx[k] = COLUMNS.indexOf(columns[k]);
            if (idx[k] < 1 || idx[k] > 5) throw new IllegalArgumentException("unknown price column '" + columns[k] + "'; expected some of " + COLUMNS.subList(1, 6));
        }
        List<LocalDate> dates = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int dropped = 0;
        for (Csv.Record r : records.subList(1, records.size())) {
            if (r.size() != COLUMNS.size()) {
                throw new IllegalArgumentException(src + ":" + r.line() + ": expected " + COLUMNS.size() + " fields, found " + r.size());
            }
            LocalDate d;
            try {
                d = LocalDate.parse(r.get(0).strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(src + ":" + r.line() + ": '" + r.get(0) + "' is not a date like 2006-01-03");
            }
            double[] v = new double[idx.length];
            boolean drop = false;
            for (int k = 0; k < idx.length; k++) {
                v[k] = Csv.number(r, idx[k], src);
                if (!Double.isNaN(v[k])) continue;
                switch (missing) {
                    case DROP: drop = true; break;
                    case FILL_PREVIOUS:
                        if (values.isEmpty()) throw new IllegalArgumentException(src + ":" + r.line() + ": " + columns[k] + " is missing and no earlier row can fill it");
                        v[k] = values.get(values.size() - 1)[k];
                        break;
                    default:
                        throw new IllegalArgumentException(src + ":" + r.line() + ": " + columns[k] + " is missing on " + d
                                + "; load with Missing.DROP or Missing.FILL_PREVIOUS to accept such rows");
                }
            }
            if (drop) { dropped++; continue; }
            dates.add(d);
            values.add(v);
        }
        if (dates.isEmpty()) throw new IllegalArgumentException(src + ": no data rows");
        return new Series(List.of(columns), dates.toArray(new LocalDate[0]), values.toArray(new double[0][]), dropped);
    }
}

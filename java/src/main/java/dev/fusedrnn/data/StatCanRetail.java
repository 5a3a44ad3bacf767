package dev.fusedrnn.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Statistics Canada Table 080-0020, retail trade sales in Canada (thousands of dollars), as exported by
 * CANSIM: 7 header lines, one row per month from {@code Jan-91} to {@code Jan-17} (313 rows), then
 * footnotes. Columns {@code "Unadjusted"} and {@code "Seasonally adjusted"}; dates are the first of
 * each month. Two-digit years 50–99 are 19xx, 00–49 are 20xx.
 *
 * <p>The data rows are the lines after the {@code Adjustments,...} header, up to the {@code Footnotes:}
 * line. A data row with a missing or non-numeric value, a month out of sequence, or a file without the
 * header is an error naming the line: the series has no gaps, and a gap would mean a damaged file.
 */
public final class StatCanRetail {
    /** The file name in the data folder. */
    public static final String FILE = "statcan/cansim-0800020-eng-6674700030567901031.csv";
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    private StatCanRetail() { }

    /** Loads {@link #FILE} from a data folder. */
    public static Series load(Path dataDir) { return read(DataFiles.requireFile(dataDir, FILE)); }

    /** Reads a CANSIM export of this table. */
    public static Series read(Path csv) {
        String src = csv.toString();
        List<Csv.Record> records = Csv.read(csv, StandardCharsets.ISO_8859_1);
        int start = -1;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).get(0).strip().equals("Adjustments")) { start = i + 1; break; }
        }
        if (start < 0) throw new IllegalArgumentException(src + ": no 'Adjustments,Unadjusted,Seasonally adjusted' header line; is this the CANSIM export of table 080-0020?");
        Csv.Record header = records.get(start - 1);
        List<String> columns = new ArrayList<>();
        for (int k = 1; k < header.size(); k++) columns.add(header.get(k).strip());
        if (!columns.equals(List.of("Unadjusted", "Seasonally adjusted"))) {
            throw new IllegalArgumentException(src + ":" + header.line() + ": expected the columns [Unadjusted, Seasonally adjusted], found " + columns);
        }
        List<LocalDate> dates = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (int i = start; i < records.size(); i++) {
            Csv.Record r = records.get(i);
            if (r.get(0).strip().equals("Footnotes:")) break;
            LocalDate d = month(r, src);
            if (!dates.isEmpty() && !d.equals(dates.get(dates.size() - 1).plusMonths(1))) {
                throw new IllegalArgumentException(src + ":" + r.line() + ": " + d + " does not follow " + dates.get(dates.size() - 1)
                        + "; the monthly series must have no gaps");
            }
            double[] v = new double[2];
            for (int k = 0; k < 2; k++) {
                v[k] = Csv.number(r, k + 1, src);
                if (Double.isNaN(v[k])) throw new IllegalArgumentException(src + ":" + r.line() + ": missing " + columns.get(k) + " value");
            }
            dates.add(d);
            values.add(v);
        }
        if (dates.isEmpty()) throw new IllegalArgumentException(src + ": no monthly rows after the header");
        return new Series(List.copyOf(columns), dates.toArray(new LocalDate[0]), values.toArray(new double[0][]), 0);
    }

    /** {@code Mon-YY} as the first day of that month. */
    static LocalDate month(Csv.Record r, String src) {
        String s = r.get(0).strip().toLowerCase(Locale.ROOT);
        int dash = s.indexOf('-');
        if (dash == 3 && s.length() == 6) {
            int m = List.of(MONTHS).indexOf(s.substring(0, 3));
            try {
                int yy = Integer.parseInt(s.substring(4));
                if (m >= 0) return LocalDate.of(yy >= 50 ? 1900 + yy : 2000 + yy, m + 1, 1);
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException(src + ":" + r.line() + ": '" + r.get(0) + "' is not a month like Jan-91");
    }
}

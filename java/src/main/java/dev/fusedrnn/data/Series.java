package dev.fusedrnn.data;

import java.time.LocalDate;
import java.util.List;

/**
 * A dated table: {@code values[i]} holds the named columns at {@code dates[i]}, dates strictly increasing.
 *
 * @param dropped how many rows of the source a loader left out (e.g. for missing values); 0 when none
 */
public record Series(List<String> columns, LocalDate[] dates, double[][] values, int dropped) {
    public Series {
        if (dates.length != values.length) throw new IllegalArgumentException(dates.length + " dates for " + values.length + " rows");
        for (int i = 1; i < dates.length; i++) {
            if (!dates[i].isAfter(dates[i - 1])) {
                throw new IllegalArgumentException("dates must increase: " + dates[i - 1] + " then " + dates[i] + " at row " + i);
            }
        }
    }

    public int size() { return dates.length; }

    /** The index of a column by name, or an error listing the names. */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no column '" + name + "'; the columns are " + columns);
        return i;
    }

    /** Only the named columns, in the order given. */
    public Series select(String... names) {
        int[] idx = new int[names.length];
        for (int k = 0; k < names.length; k++) idx[k] = column(names[k]);
        double[][] v = new double[values.length][names.length];
        for (int i = 0; i < values.length; i++) for (int k = 0; k < idx.length; k++) v[i][k] = values[i][idx[k]];
        return new Series(List.of(names), dates, v, dropped);
    }

    /** The number of rows dated on or before {@code last}: rows {@code [0, n)} are the training period. */
    public int countUpTo(LocalDate last) {
        int n = 0;
        while (n < dates.length && !dates[n].isAfter(last)) n++;
        return n;
    }

    /** Rows {@code [from, to)} of the values (copies). */
    public double[][] rows(int from, int to) {
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) out[i - from] = values[i].clone();
        return out;
    }
}

package dev.fusedrnn.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CSV reader (RFC 4180): fields separated by commas; a field in double quotes may hold commas,
 * line breaks and doubled quotes ({@code ""}); lines end with LF or CRLF. Empty lines are skipped. Each
 * record keeps its 1-based line number so that callers can say where a bad value is.
 */
public final class Csv {
    /** One record: the line it starts on and its fields, unquoted. */
    public record Record(int line, List<String> fields) {
        public String get(int i) { return fields.get(i); }

        public int size() { return fields.size(); }
    }

    private Csv() { }

    /** Reads and parses a whole file. */
    public static List<Record> read(Path file, Charset charset) {
        try {
            return parse(Files.readString(file, charset), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses CSV text; {@code source} names it in errors.
     *
     * @throws IllegalArgumentException for a quote left open, or text after a closing quote
     */
    public static List<Record> parse(String text, String source) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;       // inside a quoted field
        boolean afterQuote = false;   // a quoted field just closed: only a separator or a line end may follow
        boolean anything = false;     // the current record has content (so an empty line is skipped)
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                anything = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                if (anything || field.length() > 0) {
                    fields.add(field.toString());
                    records.add(new Record(recordLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                afterQuote = false;
                anything = false;
                line++;
                recordLine = line;
            } else if (afterQuote) {
                throw new IllegalArgumentException(source + ":" + line + ": text after a closing quote ('" + c
                        + "'); a quote inside a quoted field must be doubled (\"\")");
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                anything = true;
            } else {
                field.append(c);
                anything = true;
            }
        }
        if (quoted) throw new IllegalArgumentException(source + ":" + recordLine + ": a quoted field is never closed");
        if (anything || field.length() > 0) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }

    /**
     * A field as a number; an empty field is {@link Double#NaN} (a missing value, for the caller to
     * handle), anything else that is not a number is an error naming the place.
     */
    public static double number(Record r, int column, String source) {
        if (column >= r.size()) {
            throw new IllegalArgumentException(source + ":" + r.line() + ": expected at least " + (column + 1)
                    + " fields, found " + r.size());
        }
        String s = r.get(column).strip();
        if (s.isEmpty()) return Double.NaN;
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ":" + r.line() + ": field " + (column + 1) + " is '" + s
                    + "', not a finite number");
        }
    }
}

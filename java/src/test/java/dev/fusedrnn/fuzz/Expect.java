package dev.fusedrnn.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a fuzz case must end in: a result, or exactly the documented exception type whose message contains
 * given fragments (the layer or field, and the value given) and says what was expected. Every other end
 * — another exception type, an Error, a hang — is a failure.
 */
public final class Expect {
    /** Words by which a message states what was expected ("must be", "expected", "outside [0, 3)", ...). */
    static final Pattern STATES_EXPECTATION = Pattern.compile(
            "must|expect|needs|outside|at most|at least|in \\[|only|supported|exceed|not a|no such|truncated|corrupt|"
                    + " but |does not|cannot|unknown|is not|missing|differs|newer|unexpected|holds|no samples|leaves no", Pattern.CASE_INSENSITIVE);

    final Class<? extends Throwable> type;       // null: a result is required
    final boolean resultAllowed;                  // with a type: a result is acceptable too
    final List<String> fragments;

    private Expect(Class<? extends Throwable> type, boolean resultAllowed, List<String> fragments) {
        this.type = type;
        this.resultAllowed = resultAllowed;
        this.fragments = fragments;
    }

    /** The input is valid: the call must return. */
    public static Expect result() { return new Expect(null, true, List.of()); }

    /**
     * The input is invalid: the call must throw exactly {@code type}, its message holding every fragment
     * ({@code "a|b"}: either alternative).
     */
    public static Expect error(Class<? extends Throwable> type, Object... fragments) {
        return new Expect(type, false, strings(fragments));
    }

    /** Either a result, or exactly {@code type} with the fragments (e.g. a bit flip in HDF5 weight data). */
    public static Expect resultOr(Class<? extends Throwable> type, Object... fragments) {
        return new Expect(type, true, strings(fragments));
    }

    private static List<String> strings(Object[] fragments) {
        List<String> out = new ArrayList<>();
        for (Object f : fragments) out.add(String.valueOf(f));
        return out;
    }

    /** Null when {@code thrown} (null: the call returned) meets this expectation, else why not. */
    String mismatch(Throwable thrown) {
        if (thrown == null) return resultAllowed ? null : "returned, but " + type.getSimpleName() + " was expected";
        if (type == null) return "threw, but a result was expected: " + thrown;
        if (thrown.getClass() != type) return "threw " + thrown.getClass().getName() + " instead of " + type.getName() + ": " + thrown;
        String m = thrown.getMessage() == null ? "" : thrown.getMessage();
        for (String f : fragments) {
            boolean any = false;
            for (String alternative : f.split("\\|", -1)) any |= m.contains(alternative);
            if (!any) return "message lacks '" + f + "': " + m;
        }
        if (!STATES_EXPECTATION.matcher(m).find()) return "message does not say what was expected: " + m;
        return null;
    }

    @Override
    public String toString() {
        if (type == null) return "a result";
        return (resultAllowed ? "a result or " : "") + type.getSimpleName() + " with " + fragments;
    }
}

package dev.fusedrnn.cli.parity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one case on one backend.
 *
 * @param caseName  the case's name
 * @param backend   the backend's name
 * @param status    PASS: every error within the tolerance; FAIL: an error above it, a NaN, or the run
 *                  threw; SKIPPED: not run (the reason says why)
 * @param tolerance the bound applied
 * @param errors    tensor name → max scaled error, in the order compared (empty if the run threw or was skipped)
 * @param reason    why it failed without errors, or why it was skipped; null otherwise
 */
public record ParityResult(String caseName, String backend, Status status, double tolerance,
                           Map<String, Double> errors, String reason) {

    public enum Status { PASS, FAIL, SKIPPED }

    public ParityResult {
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));  // keeps the comparison order
    }

    public boolean passed() { return status == Status.PASS; }

    /** The largest error (NaN if any is NaN), or 0 when there are none. */
    public double maxError() {
        double max = 0.0;
        for (double e : errors.values()) max = Math.max(max, e);
        return max;
    }
}

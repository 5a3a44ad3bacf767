package dev.fusedrnn.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras-style progress: at verbose 1, "Epoch k/E" and a bar redrawn after each batch with the epoch's ETA
 * (on a terminal), then the epoch's line; at verbose 2, one line per epoch. The epoch line gives the
 * steps, the time, the time per step, every metric, and the ETA of the remaining epochs.
 */
public final class ProgressLogger implements Callback {
    private static final int BAR = 20;
    private final PrintStream out;
    private final int verbose;
    private final int epochs;
    private final boolean dynamic;
    private final long trainStart = System.nanoTime();
    private long epochStart;
    private int batches;

    public ProgressLogger(PrintStream out, int verbose, int epochs) {
        this.out = out;
        this.verbose = verbose;
        this.epochs = epochs;
        this.dynamic = verbose == 1 && out == System.out && System.console() != null;
    }

    @Override
    public void onEpochBegin(int epoch) {
        epochStart = System.nanoTime();
        if (verbose == 1) out.println("Epoch " + (epoch + 1) + "/" + epochs);
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> logs) {
        this.batches = batches < 0 ? batch + 1 : batches;   // a streaming source: count as they come
        if (!dynamic) return;
        double elapsed = seconds(epochStart);
        String progress = batches < 0
                ? (batch + 1) + "/Unknown " + duration(elapsed)
                : counter(batch + 1, batches) + " " + bar(batch + 1, batches) + " ETA: "
                        + duration(elapsed / (batch + 1) * (batches - batch - 1));
        out.print("\r" + progress + metrics(logs) + "\u001b[K");
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (verbose == 0) return;
        double elapsed = seconds(epochStart);
        String perStep = String.format(Locale.ROOT, "%.0fms/step", 1000 * elapsed / Math.max(1, batches));
        double remaining = seconds(trainStart) / (epoch + 1) * (epochs - epoch - 1);
        String eta = epoch + 1 < epochs ? " - ETA: " + duration(remaining) : "";
        String line = verbose == 1
                ? counter(batches, batches) + " " + bar(batches, batches) + " " + duration(elapsed) + " " + perStep + metrics(logs) + eta
                : "Epoch " + (epoch + 1) + "/" + epochs + " - " + duration(elapsed) + " - " + perStep + metrics(logs) + eta;
        out.println((dynamic ? "\r" : "") + line + (dynamic ? "\u001b[K" : ""));
    }

    private static String metrics(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(" - ").append(k).append(": ").append(format(v)));
        return sb.toString();
    }

    /** Keras prints 4 significant decimals, switching to exponent form for tiny values. */
    static String format(double v) {
        double a = Math.abs(v);
        return a != 0 && a < 1e-3 ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String counter(int done, int total) {
        String t = Integer.toString(total);
        return String.format(Locale.ROOT, "%" + t.length() + "d/%s", done, t);
    }

    private static String bar(int done, int total) {
        int filled = (int) Math.round(BAR * (double) done / Math.max(1, total));
        return "\u2501".repeat(filled) + (filled < BAR ? "\u2578" + " ".repeat(BAR - filled - 1) : "");
    }

    private static String duration(double s) {
        if (s < 1) return "0s";
        if (s < 60) return Math.round(s) + "s";
        return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, Math.round(s) % 60);
    }

    private static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }
}

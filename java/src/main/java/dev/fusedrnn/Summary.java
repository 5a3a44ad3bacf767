package dev.fusedrnn;

import dev.fusedrnn.layers.Layer;

import java.util.Locale;

/** Keras's model summary table: layer (type), output shape, parameter count, totals. */
final class Summary {
    private static final int WIDTH = 75;

    private Summary() { }

    static String of(Sequential model) {
        String rule = "_".repeat(WIDTH);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"sequential\"\n").append(rule).append('\n');
        sb.append(row("Layer (type)", "Output Shape", "Param #")).append("=".repeat(WIDTH)).append('\n');
        for (int i = 0; i < model.layers().size(); i++) {
            Layer l = model.layers().get(i);
            sb.append(row(l.name() + " (" + l.typeName() + ")", Layer.shapeString(l.outputShape()),
                    String.format(Locale.ROOT, "%,d", l.countParams())));
        }
        long total = model.countParams();
        sb.append("=".repeat(WIDTH)).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d (%s)%n", total, bytes(total)));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d (%s)%n", total, bytes(total)));
        sb.append("Non-trainable params: 0 (0.00 B)\n").append(rule).append('\n');
        sb.append("Backend: ").append(model.backendReason()).append('\n');
        return sb.toString();
    }

    private static String row(String layer, String shape, String params) {
        return String.format(Locale.ROOT, " %-38s %-22s %12s%n", layer, shape, params);
    }

    /** Parameter memory at float32, as Keras prints it. */
    private static String bytes(long params) {
        double b = params * 4.0;
        if (b < 1024) return String.format(Locale.ROOT, "%.2f B", b);
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.2f KB", b / 1024);
        return String.format(Locale.ROOT, "%.2f MB", b / (1024 * 1024));
    }
}

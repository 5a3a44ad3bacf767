package dev.fusedrnn.cli.examples;

import dev.fusedrnn.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The examples' PNG plots (XChart, rendered without a display): training curves per epoch and forecasts
 * against actual values. Each file is written atomically: a temporary file in the same folder, then a
 * rename, so a reader never sees half a picture.
 */
public final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() { }

    /**
     * {@code NAME-loss.png} (loss and val_loss per epoch) and, when the history has accuracy,
     * {@code NAME-accuracy.png}; returns the files written.
     */
    public static List<Path> history(History h, String name, Path dir) {
        List<Path> files = new ArrayList<>();
        if (h.epochs() == 0) return files;
        files.add(curves(h, name, "loss", dir));
        if (h.asMap().containsKey("accuracy")) files.add(curves(h, name, "accuracy", dir));
        return files;
    }

    private static Path curves(History h, String name, String metric, Path dir) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(name + ": " + metric + " per epoch")
                .xAxisTitle("epoch").yAxisTitle(metric).build();
        for (Map.Entry<String, List<Double>> e : h.asMap().entrySet()) {
            if (!e.getKey().equals(metric) && !e.getKey().equals("val_" + metric)) continue;
            double[] y = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) x[i] = i + 1;
            c.addSeries(e.getKey(), x, y).setMarker(y.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return write(c, dir.resolve(name + "-" + metric + ".png"));
    }

    /**
     * {@code NAME-FILE.png}: actual values and one or more predictions against x (an index, or dates as
     * fractional years), in original units.
     */
    public static Path forecast(String name, String file, String title, String xTitle, String yTitle, double[] x,
                                double[] actual, Map<String, double[]> predictions, Path dir) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (xTitle.equals("year")) c.getStyler().setXAxisDecimalPattern("0");
        c.addSeries("actual", x, actual).setMarker(SeriesMarkers.NONE);
        predictions.forEach((k, v) -> c.addSeries(k, x, v).setMarker(SeriesMarkers.NONE));
        return write(c, dir.resolve(name + "-" + file + ".png"));
    }

    static Path write(XYChart chart, Path file) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, png);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plot " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}

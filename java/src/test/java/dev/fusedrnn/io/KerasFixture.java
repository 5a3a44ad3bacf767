package dev.fusedrnn.io;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Keras model file under test resources {@code keras/} and its {@code .expected.json}: an input and the
 * output that an independent float64 implementation computed, both row-major.
 */
final class KerasFixture {
    final Path model;
    final int[] inputShape;
    final float[] input;
    final int[] outputShape;
    final double[] output;

    private KerasFixture(Path model, Map<String, Object> json) {
        this.model = model;
        Map<String, Object> in = KerasLayers.map(json.get("input"), "input");
        Map<String, Object> out = KerasLayers.map(json.get("output"), "output");
        inputShape = ints(in.get("shape"));
        outputShape = ints(out.get("shape"));
        double[] x = doubles(in.get("data"));
        input = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            input[i] = (float) x[i];
            if (input[i] != x[i]) throw new IllegalStateException(model + ": input value " + x[i] + " is not a float32");
        }
        output = doubles(out.get("data"));
    }

    /** The fixture for {@code keras/<file>} (its expected file drops the model's extension). */
    static KerasFixture of(String file) throws IOException {
        Path model = resource(file);
        String stem = file.substring(0, file.lastIndexOf('.'));
        Path expected = model.resolveSibling(stem + ".expected.json");
        return new KerasFixture(model, KerasLayers.map(Json.parse(Files.readString(expected, StandardCharsets.UTF_8)), "fixture"));
    }

    static Path resource(String file) {
        try {
            return Path.of(KerasFixture.class.getResource("/keras/" + file).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource keras/" + file + " is missing", e);
        }
    }

    /** The per-sample input shape (without the batch dimension). */
    int[] sampleShape() { return java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length); }

    /**
     * Runs the model on the fixture's input and checks every output value against the float64 expectation:
     * {@code |y − e| ≤ rel·|e| + abs}.
     */
    void check(Sequential model, double rel, double abs) {
        Tensor y = model.predict(Tensor.of(input, inputShape));
        assertArrayEquals(outputShape, y.shape(), model + ": output shape");
        float[] got = y.toArray();
        double worst = 0;
        int at = -1;
        for (int i = 0; i < got.length; i++) {
            double excess = Math.abs(got[i] - output[i]) - (rel * Math.abs(output[i]) + abs);
            if (at < 0 || excess > worst) {
                worst = excess;
                at = i;
            }
        }
        assertTrue(worst <= 0, this.model.getFileName() + ": output[" + at + "] = " + got[at] + ", expected " + output[at]
                + " (difference " + Math.abs(got[at] - output[at]) + " exceeds " + (rel * Math.abs(output[at]) + abs) + ")");
    }

    private static int[] ints(Object v) {
        List<Object> l = KerasLayers.list(v, "shape");
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = Math.toIntExact((Long) l.get(i));
        return a;
    }

    private static double[] doubles(Object v) {
        List<Object> l = KerasLayers.list(v, "data");
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = ((Number) l.get(i)).doubleValue();
        return a;
    }
}

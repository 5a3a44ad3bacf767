package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference cells against independent float64 parity vectors (format {@code keras-rnn-reference/1}:
 * explicit Keras-equation loops differentiated by torch autograd), kept as test resources so the test
 * needs nothing outside the module. Every forward value and every gradient is compared.
 *
 * <p>Tolerance: both sides compute the same expressions in float64 in different orders; each step adds
 * a few ulps relative to terms of order 1 (C + H ≤ 11 products per pre-activation), carried through at most
 * 7 steps by Jacobians of order 1, so the expected scaled error {@code max|a - ref| / max(1, max|ref|)} is
 * ~1e-15; 1e-12 (the vectors' own stated float64 agreement) is allowed. A wrong gate order, bias row or mask
 * convention errs by O(0.1).
 */
class RecurrentParityTest {
    static final double TOLERANCE = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {"sample_simple_rnn", "sample_rnn_relu_backwards_mask", "sample_lstm", "sample_lstm_hsig_keras2",
            "sample_lstm_mask_prepad", "sample_gru", "sample_gru_backwards", "sample_gru_v1", "sample_gru_v1_hsig_keras3_mask"})
    void matchesParityVector(String name) throws IOException {
        Map<String, Object> v = load(name);
        Map<String, Object> opt = map(v, "options"), dims = map(v, "dims"), in = map(v, "inputs");
        Map<String, Object> fwd = map(v, "forward"), up = map(v, "upstream"), grads = map(v, "gradients");
        CellType cell = CellType.parse((String) v.get("cell"));
        boolean rs = (Boolean) opt.get("return_sequences");
        RnnSpec spec = new RnnSpec(cell, dim(dims, "input"), dim(dims, "units"),
                Activation.parse((String) v.getOrDefault("activation", "tanh")),
                Activation.parse((String) v.getOrDefault("recurrent_activation", "sigmoid")),
                Boolean.TRUE.equals(opt.get("reset_after")), (Boolean) opt.get("go_backwards"), rs, false);
        int batch = dim(dims, "batch"), time = dim(dims, "time"), units = spec.units();

        RnnCase c = new RnnCase(spec, batch, time);
        c.x = array(in, "x");
        c.kernel = array(in, "kernel");
        c.recurrentKernel = array(in, "recurrent_kernel");
        c.bias = array(in, "bias");
        c.h0 = array(in, "h0");
        c.c0 = cell == CellType.LSTM ? array(in, "c0") : null;
        c.givenState = "given".equals(opt.get("initial_state"));   // "zeros": the call passes null
        c.mask = in.containsKey("mask") ? array(in, "mask") : null;
        c.dOutput = array(up, "d_output");
        c.dhLast = up.containsKey("d_last_h") ? array(up, "d_last_h") : null;
        c.dcLast = up.containsKey("d_last_c") ? array(up, "d_last_c") : null;

        RnnCase.Result r = c.forward(false);
        double[] sequence = array(fwd, "sequence");
        double[] expectedOut = rs ? sequence : new double[batch * units];
        if (!rs) {
            for (int n = 0; n < batch; n++) {
                System.arraycopy(sequence, (n * time + time - 1) * units, expectedOut, n * units, units);
            }
        }
        compare(name, "output", expectedOut, r.output);
        compare(name, "last_h", array(fwd, "last_h"), r.hLast);
        if (cell == CellType.LSTM) compare(name, "last_c", array(fwd, "last_c"), r.cLast);

        RnnCase.Grads g = c.backward();
        compare(name, "d x", array(grads, "x"), g.dx);
        compare(name, "d kernel", array(grads, "kernel"), g.dKernel);
        compare(name, "d recurrent_kernel", array(grads, "recurrent_kernel"), g.dRecurrentKernel);
        compare(name, "d bias", array(grads, "bias"), g.dBias);
        compare(name, "d h0", array(grads, "h0"), g.dh0);
        if (cell == CellType.LSTM) compare(name, "d c0", array(grads, "c0"), g.dc0);
    }

    static void compare(String file, String what, double[] expected, double[] actual) {
        assertTrue(expected.length == actual.length, file + " " + what + ": " + actual.length + " values, expected "
                + expected.length);
        double scale = 1, worst = 0;
        int at = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / scale;
            if (Double.isNaN(err)) err = Double.POSITIVE_INFINITY;
            if (err > worst) {
                worst = err;
                at = i;
            }
        }
        final int worstAt = at;
        final double worstErr = worst;
        assertTrue(worst <= TOLERANCE, () -> String.format("%s %s: element %d is %.17g, expected %.17g (scaled error %.3g)",
                file, what, worstAt, actual[worstAt], expected[worstAt], worstErr));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String name) throws IOException {
        try (InputStream s = RecurrentParityTest.class.getResourceAsStream("parity/" + name + ".json")) {
            assertNotNull(s, "test resource parity/" + name + ".json");
            return (Map<String, Object>) MiniJson.parse(new String(s.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    static int dim(Map<String, Object> dims, String key) { return ((Double) dims.get(key)).intValue(); }

    /** An {@code {"shape", "data"}} array as its row-major data, checked against its shape. */
    @SuppressWarnings("unchecked")
    static double[] array(Map<String, Object> m, String key) {
        Map<String, Object> a = (Map<String, Object>) m.get(key);
        assertNotNull(a, "array '" + key + "'");
        List<Object> data = (List<Object>) a.get("data");
        int count = 1;
        for (Object d : (List<Object>) a.get("shape")) count *= ((Double) d).intValue();
        assertTrue(count == data.size(), key + ": shape holds " + count + " values, data " + data.size());
        double[] out = new double[count];
        for (int i = 0; i < count; i++) out[i] = (Double) data.get(i);
        return out;
    }
}

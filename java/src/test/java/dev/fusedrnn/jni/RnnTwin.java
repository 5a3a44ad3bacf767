package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * One recurrent call's tensors as float arrays, run forward and backward on any backend, returning every
 * output and gradient by name. Optional tensors are null. Test support for the cross-backend tests.
 */
final class RnnTwin {
    final RnnSpec spec;
    final int batch, time;
    float[] x, mask, h0, c0, kernel, recurrentKernel, bias, inputDropout, recurrentDropout;
    float[] dOutput, dhLast, dcLast;
    boolean returnState;

    RnnTwin(RnnSpec spec, int batch, int time, long seed) {
        this.spec = spec;
        this.batch = batch;
        this.time = time;
        Random r = new Random(seed);
        x = uniform(r, batch * time * spec.inputSize(), 1);
        kernel = uniform(r, (int) spec.kernelSize(), 0.6);
        recurrentKernel = uniform(r, (int) spec.recurrentKernelSize(), 0.6);
        bias = uniform(r, (int) spec.biasSize(), 0.3);
        int nh = batch * spec.units();
        dOutput = uniform(r, spec.returnSequences() ? nh * time : nh, 1);
    }

    static float[] uniform(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (scale * (2 * r.nextDouble() - 1));
        return v;
    }

    /** Random initial states (h0, and c0 for LSTM). */
    RnnTwin withInitialState(long seed) {
        Random r = new Random(seed);
        int nh = batch * spec.units();
        h0 = uniform(r, nh, 1);
        if (spec.cell() == CellType.LSTM) c0 = uniform(r, nh, 1);
        return this;
    }

    /** Final states are returned and receive upstream gradients. */
    RnnTwin withFinalStateGradients(long seed) {
        Random r = new Random(seed);
        int nh = batch * spec.units();
        returnState = true;
        dhLast = uniform(r, nh, 1);
        if (spec.cell() == CellType.LSTM) dcLast = uniform(r, nh, 1);
        return this;
    }

    /** Keep-masks scaled by 1/(1-p), p = 0.25 for the input and 0.4 for the recurrent state. */
    RnnTwin withDropout(long seed) {
        Random r = new Random(seed);
        inputDropout = keep(r, batch * spec.inputSize(), 0.25);
        recurrentDropout = keep(r, batch * spec.units(), 0.4);
        return this;
    }

    private static float[] keep(Random r, int n, double p) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble() < p ? 0f : (float) (1 / (1 - p));
        return v;
    }

    /** Everything a forward and a backward pass produce on {@code be}, by name. */
    Map<String, float[]> run(Backend be) {
        Map<String, float[]> out = new LinkedHashMap<>();
        boolean lstm = spec.cell() == CellType.LSTM;
        int nh = batch * spec.units();
        RnnBuffers b = new RnnBuffers();
        b.batch = batch;
        b.time = time;
        b.x = up(be, x);
        b.mask = up(be, mask);
        b.h0 = up(be, h0);
        b.c0 = up(be, c0);
        b.kernel = up(be, kernel);
        b.recurrentKernel = up(be, recurrentKernel);
        b.bias = up(be, bias);
        b.inputDropout = up(be, inputDropout);
        b.recurrentDropout = up(be, recurrentDropout);
        b.output = be.allocate(spec.returnSequences() ? (long) nh * time : nh);
        b.hLast = returnState ? be.allocate(nh) : null;
        b.cLast = returnState && lstm ? be.allocate(nh) : null;
        try (RnnTape tape = be.rnnForward(spec, b, true)) {
            out.put("output", b.output.toFloatArray());
            if (b.hLast != null) out.put("h_last", b.hLast.toFloatArray());
            if (b.cLast != null) out.put("c_last", b.cLast.toFloatArray());
            RnnGrads g = new RnnGrads();
            g.dOutput = up(be, dOutput);
            g.dhLast = up(be, dhLast);
            g.dcLast = up(be, dcLast);
            g.dx = garbage(be, batch * time * spec.inputSize());
            g.dKernel = garbage(be, kernel.length);
            g.dRecurrentKernel = garbage(be, recurrentKernel.length);
            g.dBias = garbage(be, bias.length);
            g.dh0 = garbage(be, nh);
            g.dc0 = lstm ? garbage(be, nh) : null;
            be.rnnBackward(spec, b, tape, g);
            out.put("dx", g.dx.toFloatArray());
            out.put("d_kernel", g.dKernel.toFloatArray());
            out.put("d_recurrent_kernel", g.dRecurrentKernel.toFloatArray());
            out.put("d_bias", g.dBias.toFloatArray());
            out.put("dh0", g.dh0.toFloatArray());
            if (lstm) out.put("dc0", g.dc0.toFloatArray());
        }
        // The inference path (no tape) gives the same output.
        Buffer again = be.allocate(b.output.length());
        Buffer output = b.output;
        b.output = again;
        b.hLast = null;
        b.cLast = null;
        be.rnnForward(spec, b, false);
        out.put("output_inference", again.toFloatArray());
        b.output = output;
        return out;
    }

    private static Buffer up(Backend be, float[] v) { return v == null ? null : be.allocate(v.length).set(v); }

    /** Output gradients start as garbage (NaN) so an element the backend forgets to write shows up. */
    private static Buffer garbage(Backend be, int n) {
        Buffer b = be.allocate(n);
        b.fill(Double.NaN);
        return b;
    }

    /** max|a − r| / max(1, max|r|); NaN (never passing) when a holds a NaN. */
    static double scaledError(float[] a, float[] r) {
        if (a.length != r.length) throw new IllegalArgumentException("lengths " + a.length + " and " + r.length);
        double diff = 0, max = 0;
        for (int i = 0; i < r.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - r[i]));
            max = Math.max(max, Math.abs(r[i]));
        }
        return diff / Math.max(1, max);
    }
}

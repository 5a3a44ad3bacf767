package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

import java.util.Random;

/**
 * One recurrent call with all its tensors as plain double arrays (Keras layout), run through
 * {@link ReferenceBackend}. Optional tensors are null. {@code h0}/{@code c0} always hold values (zeros when
 * no initial state is given) so a finite difference can perturb them; {@code givenState} says whether the
 * call passes them or null.
 */
final class RnnCase {
    static final ReferenceBackend BACKEND = new ReferenceBackend();

    final RnnSpec spec;
    final int batch, time;
    double[] x, mask, h0, c0, kernel, recurrentKernel, bias, inputDropout, recurrentDropout;
    /** Upstream gradients; dhLast/dcLast null when the final states are not returned. */
    double[] dOutput, dhLast, dcLast;
    boolean givenState;

    RnnCase(RnnSpec spec, int batch, int time) {
        this.spec = spec;
        this.batch = batch;
        this.time = time;
    }

    static RnnSpec spec(CellType cell, Activation act, Activation gate, boolean resetAfter, boolean goBackwards,
                        boolean returnSequences, boolean zeroOutputForMask) {
        return new RnnSpec(cell, 3, 4, act, gate, resetAfter, goBackwards, returnSequences, zeroOutputForMask);
    }

    /** Uniform random x in [-1, 1], weights in [-scale, scale], upstream gradients in [-1, 1]; zero h0/c0. */
    static RnnCase random(RnnSpec spec, int batch, int time, long seed, double scale) {
        RnnCase k = new RnnCase(spec, batch, time);
        Random r = new Random(seed);
        int h = spec.units(), nh = batch * h;
        k.x = uniform(r, batch * time * spec.inputSize(), 1);
        k.kernel = uniform(r, (int) spec.kernelSize(), scale);
        k.recurrentKernel = uniform(r, (int) spec.recurrentKernelSize(), scale);
        k.bias = uniform(r, (int) spec.biasSize(), scale);
        k.h0 = new double[nh];
        k.c0 = spec.cell() == CellType.LSTM ? new double[nh] : null;
        k.dOutput = uniform(r, spec.returnSequences() ? batch * time * h : nh, 1);
        return k;
    }

    /** Gives a random initial state (h0, and c0 for LSTM) in [-1, 1]. */
    RnnCase withState(long seed) {
        Random r = new Random(seed);
        h0 = uniform(r, h0.length, 1);
        if (c0 != null) c0 = uniform(r, c0.length, 1);
        givenState = true;
        return this;
    }

    /** Returns the final states, with random upstream gradients for them. */
    RnnCase withReturnedState(long seed) {
        Random r = new Random(seed);
        dhLast = uniform(r, h0.length, 1);
        if (c0 != null) dcLast = uniform(r, c0.length, 1);
        return this;
    }

    static double[] uniform(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * (2 * r.nextDouble() - 1);
        return v;
    }

    /** What one forward pass returned. */
    static final class Result {
        double[] output, hLast, cLast;
        RnnTape tape;
    }

    /** Gradients of one backward pass; dx, dh0, dc0 are always requested. */
    static final class Grads {
        double[] dx, dKernel, dRecurrentKernel, dBias, dh0, dc0;
    }

    RnnBuffers buffers(boolean explicitInitialState) {
        RnnBuffers b = new RnnBuffers();
        boolean lstm = spec.cell() == CellType.LSTM;
        int nh = batch * spec.units();
        b.batch = batch;
        b.time = time;
        b.x = buf(x);
        b.mask = buf(mask);
        b.h0 = givenState || explicitInitialState ? buf(h0) : null;
        b.c0 = lstm && (givenState || explicitInitialState) ? buf(c0) : null;
        b.kernel = buf(kernel);
        b.recurrentKernel = buf(recurrentKernel);
        b.bias = buf(bias);
        b.inputDropout = buf(inputDropout);
        b.recurrentDropout = buf(recurrentDropout);
        b.output = BACKEND.allocate(spec.returnSequences() ? (long) nh * time : nh);
        b.hLast = BACKEND.allocate(nh);
        b.cLast = lstm ? BACKEND.allocate(nh) : null;
        return b;
    }

    Result forward(boolean forTraining) { return forward(forTraining, false); }

    Result forward(boolean forTraining, boolean explicitInitialState) {
        RnnBuffers b = buffers(explicitInitialState);
        Result res = new Result();
        res.tape = BACKEND.rnnForward(spec, b, forTraining);
        res.output = b.output.toDoubleArray();
        res.hLast = b.hLast.toDoubleArray();
        res.cLast = b.cLast == null ? null : b.cLast.toDoubleArray();
        return res;
    }

    /** L = Σ dOutput·output + Σ dhLast·hLast + Σ dcLast·cLast (the terms that are given). */
    double loss(boolean explicitInitialState) {
        Result r = forward(false, explicitInitialState);
        return dot(dOutput, r.output) + dot(dhLast, r.hLast) + dot(dcLast, r.cLast);
    }

    Grads backward() {
        RnnBuffers b = buffers(false);
        RnnTape tape = BACKEND.rnnForward(spec, b, true);
        Grads out = new Grads();
        RnnGrads g = new RnnGrads();
        g.dOutput = buf(dOutput);
        g.dhLast = buf(dhLast);
        g.dcLast = buf(dcLast);
        g.dx = garbage(x.length);
        g.dKernel = garbage(kernel.length);
        g.dRecurrentKernel = garbage(recurrentKernel.length);
        g.dBias = garbage(bias.length);
        g.dh0 = garbage(h0.length);
        g.dc0 = c0 == null ? null : garbage(c0.length);
        BACKEND.rnnBackward(spec, b, tape, g);
        tape.close();
        out.dx = g.dx.toDoubleArray();
        out.dKernel = g.dKernel.toDoubleArray();
        out.dRecurrentKernel = g.dRecurrentKernel.toDoubleArray();
        out.dBias = g.dBias.toDoubleArray();
        out.dh0 = g.dh0.toDoubleArray();
        out.dc0 = g.dc0 == null ? null : g.dc0.toDoubleArray();
        return out;
    }

    /** Output gradients are documented as overwritten: start them from garbage to prove it. */
    private static Buffer garbage(int n) {
        Buffer b = BACKEND.allocate(n);
        b.fill(Double.NaN);
        return b;
    }

    static Buffer buf(double[] v) {
        if (v == null) return null;
        Buffer b = BACKEND.allocate(v.length);
        b.set(v);
        return b;
    }

    static double dot(double[] a, double[] b) {
        if (a == null) return 0;
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}

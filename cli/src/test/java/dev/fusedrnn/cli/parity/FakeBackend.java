package dev.fusedrnn.cli.parity;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;
import dev.fusedrnn.backend.OptimizerSpec;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A backend for testing the parity plumbing: it recognises the case from the x and kernel it is
 * handed, answers with that case's own reference values (rounded to float32 in float mode), and
 * records every way the call differs from what the case prescribes in {@link #problems}. Only the
 * recurrent calls exist.
 */
final class FakeBackend implements Backend {
    private final List<ParityCase> cases;
    private final boolean doublePrecision;
    /** Every mismatch between a call and its case (spec field, buffer presence or content). */
    final List<String> problems = new ArrayList<>();
    private String perturbCase, perturbTensor;
    private int perturbIndex;
    private double perturbDelta;
    private boolean returnNoTape;

    FakeBackend(List<ParityCase> cases, boolean doublePrecision) {
        this.cases = cases;
        this.doublePrecision = doublePrecision;
    }

    /** Adds {@code delta} to element {@code index} of result tensor {@code tensor} (a runner name, e.g. d_kernel). */
    FakeBackend perturb(String caseName, String tensor, int index, double delta) {
        perturbCase = caseName;
        perturbTensor = tensor;
        perturbIndex = index;
        perturbDelta = delta;
        return this;
    }

    /** Makes rnnForward return null even for training. */
    FakeBackend withoutTape() {
        returnNoTape = true;
        return this;
    }

    @Override public String name() { return doublePrecision ? "fake64" : "fake32"; }
    @Override public boolean isDoublePrecision() { return doublePrecision; }
    @Override public Buffer allocate(long length) { return new FakeBuffer(new double[Math.toIntExact(length)], 0, (int) length, !doublePrecision); }

    private record Tape(ParityCase c) implements RnnTape {
        @Override public void close() { }
    }

    @Override
    public RnnTape rnnForward(RnnSpec spec, RnnBuffers b, boolean forTraining) {
        ParityCase c = identify(b);
        ParityCase.Options o = c.options();
        ParityCase.Layer l = c.layer();
        boolean lstm = c.cell() == CellType.LSTM;
        RnnSpec expected = new RnnSpec(c.cell(), c.dims().input(), c.dims().units(), c.activation(), c.recurrentActivation(),
                c.cell() == CellType.GRU && o.resetAfter(), o.goBackwards(), o.returnSequences(), false);
        expect(c, "spec", spec.equals(expected));
        expect(c, "forTraining", forTraining);
        expect(c, "batch/time", b.batch == c.dims().batch() && b.time == c.dims().time());
        expectContent(c, "mask", b.mask, o.masked() ? l.inputs().get("mask") : null);
        expectContent(c, "h0", b.h0, o.initialStateGiven() ? l.inputs().get("h0") : null);
        expectContent(c, "c0", b.c0, o.initialStateGiven() && lstm ? l.inputs().get("c0") : null);
        expectContent(c, "recurrent kernel", b.recurrentKernel, l.inputs().get("recurrent_kernel"));
        expectContent(c, "bias", b.bias, l.inputs().get("bias"));
        expect(c, "dropout masks absent", b.inputDropout == null && b.recurrentDropout == null);
        ParityTensor seq = l.forward().get("sequence");
        answer(c, "output", b.output, o.returnSequences() ? seq.data() : seq.lastStep());
        answer(c, "last_h", b.hLast, l.forward().get("last_h").data());
        if (lstm) answer(c, "last_c", b.cLast, l.forward().get("last_c").data());
        return forTraining && !returnNoTape ? new Tape(c) : null;
    }

    @Override
    public void rnnBackward(RnnSpec spec, RnnBuffers b, RnnTape tape, RnnGrads g) {
        ParityCase c = ((Tape) tape).c();
        ParityCase.Options o = c.options();
        Map<String, ParityTensor> up = c.layer().upstream(), grad = c.layer().gradients();
        boolean lstm = c.cell() == CellType.LSTM;
        expectContent(c, "d_output", g.dOutput, up.get("d_output"));
        expectContent(c, "d_last_h", g.dhLast, o.returnState() ? up.get("d_last_h") : null);
        expectContent(c, "d_last_c", g.dcLast, o.returnState() && lstm ? up.get("d_last_c") : null);
        expect(c, "dh0 requested iff h0 given", (g.dh0 != null) == o.initialStateGiven());
        answer(c, "d_x", g.dx, grad.get("x").data());
        answer(c, "d_kernel", g.dKernel, grad.get("kernel").data());
        answer(c, "d_recurrent_kernel", g.dRecurrentKernel, grad.get("recurrent_kernel").data());
        answer(c, "d_bias", g.dBias, grad.get("bias").data());
        if (g.dh0 != null) answer(c, "d_h0", g.dh0, grad.get("h0").data());
        if (g.dc0 != null) answer(c, "d_c0", g.dc0, grad.get("c0").data());
    }

    private ParityCase identify(RnnBuffers b) {
        for (ParityCase c : cases) {
            if (c.kind() == ParityCase.Kind.LAYER && holds(b.x, c.layer().inputs().get("x"))
                    && holds(b.kernel, c.layer().inputs().get("kernel"))) {
                return c;
            }
        }
        throw new IllegalStateException("fake backend: no case has this x and kernel");
    }

    private void answer(ParityCase c, String tensor, Buffer out, double[] values) {
        if (out == null) {
            problems.add(c.name() + ": no buffer for " + tensor);
            return;
        }
        double[] v = values.clone();
        if (c.name().equals(perturbCase) && tensor.equals(perturbTensor)) v[perturbIndex] += perturbDelta;
        out.set(v);
    }

    private void expect(ParityCase c, String what, boolean ok) {
        if (!ok) problems.add(c.name() + ": " + what);
    }

    private void expectContent(ParityCase c, String what, Buffer actual, ParityTensor expected) {
        if (expected == null) expect(c, what + " should be null", actual == null);
        else expect(c, what + " content", holds(actual, expected));
    }

    /** Whether the buffer holds the tensor's values as this backend stores them. */
    private boolean holds(Buffer b, ParityTensor t) {
        if (b == null || b.length() != t.size()) return false;
        double[] stored = b.toDoubleArray();
        for (int i = 0; i < stored.length; i++) {
            double v = doublePrecision ? t.data()[i] : (double) (float) t.data()[i];
            if (Double.compare(stored[i], v) != 0) return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- not needed by the parity runner

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("fake backend: only the recurrent calls exist");
    }

    @Override public void denseForward(Buffer x, int rows, int in, int out, Buffer kernel, Buffer bias, Activation act, Buffer y) { throw unused(); }
    @Override public void denseBackward(Buffer x, Buffer y, Buffer dy, int rows, int in, int out, Buffer kernel, Activation act, Buffer dx, Buffer dKernel, Buffer dBias) { throw unused(); }
    @Override public void embeddingForward(Buffer ids, int count, Buffer table, int vocab, int dim, Buffer out) { throw unused(); }
    @Override public void embeddingBackward(Buffer ids, int count, Buffer dOut, int vocab, int dim, Buffer dTable) { throw unused(); }
    @Override public void notEqualMask(Buffer x, int rows, int cols, double value, Buffer mask) { throw unused(); }
    @Override public void scaleRows(Buffer x, Buffer s, int rows, int cols, Buffer out) { throw unused(); }
    @Override public void multiply(Buffer a, Buffer b, Buffer out) { throw unused(); }
    @Override public void axpby(double alpha, Buffer a, double beta, Buffer b, Buffer out) { throw unused(); }
    @Override public void reverseTime(Buffer x, int batch, int time, int features, Buffer out) { throw unused(); }
    @Override public void concatColumns(Buffer a, int ka, Buffer b, int kb, int rows, Buffer out) { throw unused(); }
    @Override public void splitColumns(Buffer in, int ka, int kb, int rows, Buffer a, Buffer b) { throw unused(); }
    @Override public double loss(LossKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols, Buffer dPred) { throw unused(); }
    @Override public double[] metric(MetricKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols) { throw unused(); }
    @Override public double sumOfSquares(Buffer x) { throw unused(); }
    @Override public void clip(Buffer x, double lo, double hi) { throw unused(); }
    @Override public void optimizerStep(OptimizerSpec spec, Buffer params, Buffer grads, Buffer state, long iteration) { throw unused(); }

    /** A window of a double array; in float mode every write is rounded to float32. */
    private record FakeBuffer(double[] data, int offset, int len, boolean roundToFloat) implements Buffer {
        @Override public long length() { return len; }
        @Override public Buffer slice(long off, long n) { return new FakeBuffer(data, offset + (int) off, (int) n, roundToFloat); }
        @Override public void write(long off, float[] src, int srcOffset, int n) {
            for (int i = 0; i < n; i++) data[offset + (int) off + i] = src[srcOffset + i];
        }
        @Override public void read(long off, float[] dst, int dstOffset, int n) {
            for (int i = 0; i < n; i++) dst[dstOffset + i] = (float) data[offset + (int) off + i];
        }
        @Override public void write(long off, double[] src, int srcOffset, int n) {
            for (int i = 0; i < n; i++) {
                double v = src[srcOffset + i];
                data[offset + (int) off + i] = roundToFloat ? (float) v : v;
            }
        }
        @Override public void read(long off, double[] dst, int dstOffset, int n) {
            System.arraycopy(data, offset + (int) off, dst, dstOffset, n);
        }
        @Override public void fill(double value) { Arrays.fill(data, offset, offset + len, roundToFloat ? (float) value : value); }
        @Override public void close() { }
    }
}

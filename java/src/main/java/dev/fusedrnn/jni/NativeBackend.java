package dev.fusedrnn.jni;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.LossKind;
import dev.fusedrnn.backend.MetricKind;
import dev.fusedrnn.backend.OptimizerSpec;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

import static dev.fusedrnn.jni.NativeArgs.atLeast;
import static dev.fusedrnn.jni.NativeArgs.denseDims;
import static dev.fusedrnn.jni.NativeArgs.denseId;
import static dev.fusedrnn.jni.NativeArgs.embeddingDims;
import static dev.fusedrnn.jni.NativeArgs.lossDims;
import static dev.fusedrnn.jni.NativeArgs.disjoint;
import static dev.fusedrnn.jni.NativeArgs.nonNegative;
import static dev.fusedrnn.jni.NativeArgs.optionalAtLeast;
import static dev.fusedrnn.jni.NativeArgs.ptr;

/**
 * The {@code cpu} backend: float32 buffers in native memory ({@link NativeBuffer}) and one native call
 * per operation, through {@link FrnnLib}. Arguments are checked here before the call ({@link NativeArgs});
 * a native failure becomes a {@link FrnnException} with the library's message, except that bad token ids
 * and class labels (found in the data by the native side) are {@link IllegalArgumentException}s, as on
 * the reference backend.
 *
 * <p>Threads: an instance is thread-safe. Each call runs on a native context of {@link #threads()} threads
 * taken from a pool, so concurrent callers never share a context or its workspace; the calls without a
 * context keep no state between calls. Results do not depend on the thread count nor on other callers.
 * Two calls may read the same buffers at once; a buffer being written must not be used by another call
 * meanwhile. Close the backend to destroy the contexts (calls in flight finish first); calls after close
 * fail with IllegalStateException.
 */
public final class NativeBackend implements Backend {
    private final ContextPool contexts;

    /** A backend whose contexts run FRNN_NUM_THREADS threads when set, else one per available core. */
    public NativeBackend() { this(0); }

    /**
     * @param threads native threads per call (>= 1), or 0 for the default
     * @throws IllegalStateException when the native library does not load (with the reason)
     */
    public NativeBackend(int threads) {
        NativeLibraries.CpuStatus status = NativeLibraries.cpu();
        if (!status.loaded()) throw new IllegalStateException("cpu backend: native CPU library not loaded: " + status.reason());
        this.contexts = new ContextPool(threads);
    }

    @Override public String name() { return "cpu"; }

    @Override public boolean isDoublePrecision() { return false; }

    /** The number of threads each native call uses. */
    public int threads() { return contexts.threads(); }

    /** The instruction-set path of the kernels: "avx512", "avx2" or "scalar". */
    public static String isa() { return FrnnLib.frnn_cpu_isa(); }

    @Override public NativeBuffer allocate(long length) { return NativeBuffer.allocate(length); }

    // ---------------------------------------------------------------- recurrent layers

    @Override
    public RnnTape rnnForward(RnnSpec spec, RnnBuffers b, boolean forTraining) {
        try (ContextPool.Lease l = contexts.acquire()) {
            return NativeRnn.forward(l, spec, b, forTraining);
        }
    }

    @Override
    public void rnnBackward(RnnSpec spec, RnnBuffers b, RnnTape tape, RnnGrads g) {
        try (ContextPool.Lease l = contexts.acquire()) {
            NativeRnn.backward(l, spec, b, tape, g);
        }
    }

    // ---------------------------------------------------------------- dense and embedding

    @Override
    public void denseForward(Buffer x, int rows, int in, int out, Buffer kernel, Buffer bias, Activation act, Buffer y) {
        String op = "cpu dense forward";
        denseDims(op, rows, in, out);
        NativeBuffer nx = atLeast(op, "x [rows, in]", x, (long) rows * in);
        NativeBuffer nk = atLeast(op, "kernel [in, out]", kernel, (long) in * out);
        NativeBuffer nb = optionalAtLeast(op, "bias [out]", bias, out);
        NativeBuffer ny = atLeast(op, "y [rows, out]", y, (long) rows * out);
        disjoint(op, "y", ny, "x", nx);
        disjoint(op, "y", ny, "kernel", nk);
        disjoint(op, "y", ny, "bias", nb);
        try (ContextPool.Lease l = contexts.acquire()) {
            check(FrnnLib.frnn_dense_forward(l.context, rows, in, out, ptr(nx), ptr(nk), ptr(nb), denseId(op, act), ptr(ny)));
        }
    }

    @Override
    public void denseBackward(Buffer x, Buffer y, Buffer dy, int rows, int in, int out, Buffer kernel, Activation act,
                              Buffer dx, Buffer dKernel, Buffer dBias) {
        String op = "cpu dense backward";
        denseDims(op, rows, in, out);
        NativeBuffer nx = atLeast(op, "x [rows, in]", x, (long) rows * in);
        NativeBuffer ny = atLeast(op, "y [rows, out]", y, (long) rows * out);
        NativeBuffer ndy = atLeast(op, "dy [rows, out]", dy, (long) rows * out);
        NativeBuffer nk = atLeast(op, "kernel [in, out]", kernel, (long) in * out);
        NativeBuffer ndx = optionalAtLeast(op, "dx [rows, in]", dx, (long) rows * in);
        NativeBuffer ndk = atLeast(op, "dKernel [in, out]", dKernel, (long) in * out);
        NativeBuffer ndb = optionalAtLeast(op, "dBias [out]", dBias, out);
        NativeBuffer[] outs = {ndx, ndk, ndb};
        String[] outNames = {"dx", "dKernel", "dBias"};
        NativeBuffer[] ins = {nx, ny, ndy, nk};
        String[] inNames = {"x", "y", "dy", "kernel"};
        for (int i = 0; i < outs.length; i++) {
            for (int j = 0; j < ins.length; j++) disjoint(op, outNames[i], outs[i], inNames[j], ins[j]);
            for (int j = i + 1; j < outs.length; j++) disjoint(op, outNames[i], outs[i], outNames[j], outs[j]);
        }
        try (ContextPool.Lease l = contexts.acquire()) {
            check(FrnnLib.frnn_dense_backward(l.context, rows, in, out, ptr(nx), ptr(ny), ptr(ndy), ptr(nk),
                    denseId(op, act), ptr(ndx), ptr(ndk), ptr(ndb)));
        }
    }

    @Override
    public void embeddingForward(Buffer ids, int count, Buffer table, int vocab, int dim, Buffer out) {
        String op = "cpu embedding forward";
        embeddingDims(op, count, vocab, dim);
        NativeBuffer ni = atLeast(op, "ids [count]", ids, count);
        NativeBuffer nt = atLeast(op, "table [vocab, dim]", table, (long) vocab * dim);
        NativeBuffer no = atLeast(op, "output [count, dim]", out, (long) count * dim);
        disjoint(op, "output", no, "ids", ni);
        disjoint(op, "output", no, "table", nt);
        checkData(op, FrnnLib.frnn_embedding_forward(count, ptr(ni), ptr(nt), vocab, dim, ptr(no)));
    }

    @Override
    public void embeddingBackward(Buffer ids, int count, Buffer dOut, int vocab, int dim, Buffer dTable) {
        String op = "cpu embedding backward";
        embeddingDims(op, count, vocab, dim);
        NativeBuffer ni = atLeast(op, "ids [count]", ids, count);
        NativeBuffer nd = atLeast(op, "dOut [count, dim]", dOut, (long) count * dim);
        NativeBuffer nt = atLeast(op, "dTable [vocab, dim]", dTable, (long) vocab * dim);
        disjoint(op, "dTable", nt, "ids", ni);
        disjoint(op, "dTable", nt, "dOut", nd);
        checkData(op, FrnnLib.frnn_embedding_backward(count, ptr(ni), ptr(nd), vocab, dim, ptr(nt)));
    }

    // ---------------------------------------------------------------- element-wise and layout

    @Override
    public void notEqualMask(Buffer x, int rows, int cols, double value, Buffer mask) {
        String op = "cpu notEqualMask";
        nonNegative(op, "rows", rows);
        nonNegative(op, "cols", cols);
        NativeBuffer nx = atLeast(op, "x [rows, cols]", x, (long) rows * cols);
        NativeBuffer nm = atLeast(op, "mask [rows]", mask, rows);
        disjoint(op, "mask", nm, "x", nx);
        check(FrnnLib.frnn_not_equal_mask(rows, cols, ptr(nx), value, ptr(nm)));
    }

    @Override
    public void scaleRows(Buffer x, Buffer s, int rows, int cols, Buffer out) {
        String op = "cpu scaleRows";
        nonNegative(op, "rows", rows);
        nonNegative(op, "cols", cols);
        NativeBuffer nx = atLeast(op, "x [rows, cols]", x, (long) rows * cols);
        NativeBuffer ns = atLeast(op, "s [rows]", s, rows);
        NativeBuffer no = atLeast(op, "out [rows, cols]", out, (long) rows * cols);
        check(FrnnLib.frnn_scale_rows(rows, cols, ptr(nx), ptr(ns), ptr(no)));
    }

    @Override
    public void multiply(Buffer a, Buffer b, Buffer out) {
        String op = "cpu multiply";
        NativeBuffer no = atLeast(op, "out", out, 0);
        NativeBuffer na = atLeast(op, "a", a, no.length());
        NativeBuffer nb = atLeast(op, "b", b, no.length());
        check(FrnnLib.frnn_multiply(no.length(), ptr(na), ptr(nb), ptr(no)));
    }

    @Override
    public void axpby(double alpha, Buffer a, double beta, Buffer b, Buffer out) {
        String op = "cpu axpby";
        NativeBuffer no = atLeast(op, "out", out, 0);
        NativeBuffer na = atLeast(op, "a", a, no.length());
        if (beta != 0.0 && b == null) {
            throw new IllegalArgumentException(op + ": b is null but beta = " + beta + " (b may be null only when beta = 0)");
        }
        NativeBuffer nb = beta != 0.0 ? atLeast(op, "b", b, no.length()) : null;
        check(FrnnLib.frnn_axpby(no.length(), alpha, ptr(na), beta, ptr(nb), ptr(no)));
    }

    @Override
    public void reverseTime(Buffer x, int batch, int time, int features, Buffer out) {
        String op = "cpu reverseTime";
        nonNegative(op, "batch", batch);
        nonNegative(op, "time", time);
        nonNegative(op, "features", features);
        long n = (long) batch * time * features;
        NativeBuffer nx = atLeast(op, "x [batch, time, features]", x, n);
        NativeBuffer no = atLeast(op, "out [batch, time, features]", out, n);
        check(FrnnLib.frnn_reverse_time(batch, time, features, ptr(nx), ptr(no)));
    }

    @Override
    public void concatColumns(Buffer a, int ka, Buffer b, int kb, int rows, Buffer out) {
        String op = "cpu concatColumns";
        nonNegative(op, "rows", rows);
        nonNegative(op, "ka", ka);
        nonNegative(op, "kb", kb);
        NativeBuffer na = atLeast(op, "a [rows, ka]", a, (long) rows * ka);
        NativeBuffer nb = atLeast(op, "b [rows, kb]", b, (long) rows * kb);
        NativeBuffer no = atLeast(op, "out [rows, ka + kb]", out, (long) rows * (ka + kb));
        disjoint(op, "a", na, "out", no);
        disjoint(op, "b", nb, "out", no);
        check(FrnnLib.frnn_concat_columns(rows, ka, kb, ptr(na), ptr(nb), ptr(no)));
    }

    @Override
    public void splitColumns(Buffer in, int ka, int kb, int rows, Buffer a, Buffer b) {
        String op = "cpu splitColumns";
        nonNegative(op, "rows", rows);
        nonNegative(op, "ka", ka);
        nonNegative(op, "kb", kb);
        NativeBuffer ni = atLeast(op, "in [rows, ka + kb]", in, (long) rows * (ka + kb));
        NativeBuffer na = atLeast(op, "a [rows, ka]", a, (long) rows * ka);
        NativeBuffer nb = atLeast(op, "b [rows, kb]", b, (long) rows * kb);
        disjoint(op, "in", ni, "a", na);
        disjoint(op, "in", ni, "b", nb);
        disjoint(op, "a", na, "b", nb);
        check(FrnnLib.frnn_split_columns(rows, ka, kb, ptr(ni), ptr(na), ptr(nb)));
    }

    // ---------------------------------------------------------------- losses, metrics, optimizers

    @Override
    public double loss(LossKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols, Buffer dPred) {
        String op = "cpu " + kind.kerasName() + " loss";
        NativeBuffer[] in = lossInputs(op, kind.sparseTargets(), pred, target, weights, rows, cols);
        NativeBuffer nd = optionalAtLeast(op, "dPred [rows, cols]", dPred, (long) rows * cols);
        for (int i = 0; i < in.length; i++) disjoint(op, "dPred", nd, new String[] {"prediction", "target", "weights"}[i], in[i]);
        double[] result = new double[1];
        checkData(op, FrnnLib.frnn_loss(NativeIds.loss(kind), rows, cols, ptr(in[0]), ptr(in[1]), ptr(in[2]), ptr(nd), result));
        return result[0];
    }

    @Override
    public double[] metric(MetricKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols) {
        String op = "cpu " + kind.kerasName() + " metric";
        NativeBuffer[] in = lossInputs(op, kind.sparseTargets(), pred, target, weights, rows, cols);
        double[] result = new double[2];
        checkData(op, FrnnLib.frnn_metric(NativeIds.metric(kind), rows, cols, ptr(in[0]), ptr(in[1]), ptr(in[2]), result));
        return result;
    }

    @Override
    public double sumOfSquares(Buffer x) {
        NativeBuffer nx = atLeast("cpu sumOfSquares", "x", x, 0);
        double[] result = new double[1];
        check(FrnnLib.frnn_sum_of_squares(nx.length(), ptr(nx), result));
        return result[0];
    }

    @Override
    public void clip(Buffer x, double lo, double hi) {
        NativeBuffer nx = atLeast("cpu clip", "x", x, 0);
        if (!(lo <= hi)) throw new IllegalArgumentException("cpu clip: expected lo <= hi, got lo = " + lo + ", hi = " + hi);
        check(FrnnLib.frnn_clip(nx.length(), lo, hi, ptr(nx)));
    }

    @Override
    public void optimizerStep(OptimizerSpec spec, Buffer params, Buffer grads, Buffer state, long iteration) {
        String op = "cpu optimizer step (" + spec.kind() + ")";
        NativeBuffer np = atLeast(op, "params", params, 0);
        NativeBuffer ng = NativeArgs.exactly(op, "grads (as long as params)", grads, np.length());
        int slots = spec.stateSlots();
        NativeBuffer ns = slots == 0 ? null : atLeast(op, "state (" + slots + " slots x " + np.length() + " params)", state,
                slots * np.length());
        if (spec.kind() == OptimizerSpec.Kind.RMSPROP && spec.momentum() != 0.0) {
            throw new IllegalArgumentException(op + ": RMSprop with momentum " + spec.momentum()
                    + " is not supported (one state slot, no momentum); use momentum 0");
        }
        if (iteration < 0) throw new IllegalArgumentException(op + ": iteration must be >= 0, got " + iteration);
        disjoint(op, "params", np, "grads", ng);
        disjoint(op, "params", np, "state", ns);
        disjoint(op, "state", ns, "grads", ng);
        check(FrnnLib.frnn_optimizer_step(NativeIds.optimizer(spec.kind()), spec.learningRate(), spec.beta1(), spec.beta2(),
                spec.epsilon(), spec.momentum(), spec.nesterov() ? 1 : 0, spec.rho(), np.length(), ptr(np), ptr(ng),
                ptr(ns), iteration));
    }

    /** Destroys the native contexts (those in use when their calls return). Buffers stay valid. */
    @Override
    public void close() { contexts.close(); }

    // ---------------------------------------------------------------- helpers

    private static NativeBuffer[] lossInputs(String op, boolean sparse, Buffer pred, Buffer target, Buffer weights,
                                             int rows, int cols) {
        lossDims(op, rows, cols);
        return new NativeBuffer[] {
            atLeast(op, "prediction [rows, cols]", pred, (long) rows * cols),
            atLeast(op, sparse ? "class ids [rows]" : "target [rows, cols]", target, sparse ? rows : (long) rows * cols),
            optionalAtLeast(op, "weights [rows]", weights, rows)};
    }

    /** A failed native call becomes a FrnnException carrying the native message. */
    static void check(int status) { NativeLibraries.throwIfError(status); }

    /** As {@link #check}, but an argument error can only come from the data (NativeArgs.checkData). */
    private static void checkData(String op, int status) { NativeArgs.checkData(op, status, FrnnLib::frnn_last_error); }
}

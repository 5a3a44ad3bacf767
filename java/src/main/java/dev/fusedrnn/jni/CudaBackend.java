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
import org.bytedeco.javacpp.FloatPointer;

/**
 * The {@code cuda} backend (over frnn_cuda on a GPU) and the {@code cuda-emulated} backend (the same code
 * over frnn_cuda_emu, run on the CPU): float32 {@link DeviceBuffer}s, one native call per operation on a
 * context's stream. Parameters, gradients and optimizer state stay in device memory; only
 * {@link Buffer#read}/{@link Buffer#write} and the scalar results (losses, metrics, norms) cross to the host.
 *
 * <p>Arguments are checked here (kinds, lengths, overlaps) and again natively; a native failure is a
 * {@link FrnnException} naming the call and sizes (out of device memory: the bytes asked for and free),
 * except that bad token ids and class labels are {@link IllegalArgumentException}s as on the reference.
 * Concurrent callers each take a context (and its stream) from a pool: an instance is thread-safe, with
 * the rules of {@link NativeBackend} for shared buffers, except that {@link #close()} needs every call on
 * the backend to have returned. Contexts, the library query and statuses are {@link CudaContexts}';
 * recurrent layers {@link CudaRnn}.
 */
public final class CudaBackend implements Backend {

    final CudaApi api;
    private final CudaContexts contexts;

    /** The backend over the real CUDA library ({@code emulated = false}) or its host emulation. */
    public CudaBackend(boolean emulated) {
        this.api = emulated ? CudaApi.EMULATED : CudaApi.REAL;
        this.contexts = new CudaContexts(api);
    }

    @Override public String name() { return api.backendName(); }

    @Override public boolean isDoublePrecision() { return false; }

    @Override public boolean keepsDataOnDevice() { return true; }

    @Override public DeviceBuffer allocate(long length) { return DeviceBuffer.allocate(api, length); }

    CudaContexts.Lease acquire() { return contexts.acquire(); }

    /**
     * Why the emulated CUDA library cannot be used, or null when it can: its binding loads and its
     * query (with the start-up smoke kernel) answers. Never throws.
     */
    public static String emulationProblem() { return CudaContexts.problem(CudaApi.EMULATED); }

    /** The driver, runtime and cuBLAS as the library finds them ("cuda" or the emulation). Never throws. */
    public static String runtimeInfo(boolean emulated) {
        return CudaContexts.runtimeInfo(emulated ? CudaApi.EMULATED : CudaApi.REAL);
    }

    // ---------------------------------------------------------------- recurrent layers

    @Override
    public RnnTape rnnForward(RnnSpec spec, RnnBuffers b, boolean forTraining) {
        try (CudaContexts.Lease l = acquire()) { return CudaRnn.forward(this, l, spec, b, forTraining); }
    }

    @Override
    public void rnnBackward(RnnSpec spec, RnnBuffers b, RnnTape tape, RnnGrads g) {
        try (CudaContexts.Lease l = acquire()) { CudaRnn.backward(this, l, spec, b, tape, g); }
    }

    // ---------------------------------------------------------------- dense and embedding

    @Override
    public void denseForward(Buffer x, int rows, int in, int out, Buffer kernel, Buffer bias, Activation act, Buffer y) {
        String op = name() + " dense forward";
        NativeArgs.denseDims(op, rows, in, out);
        DeviceBuffer dx = need(op, "x [rows, in]", x, (long) rows * in), dk = need(op, "kernel [in, out]", kernel, (long) in * out);
        DeviceBuffer db = opt(op, "bias [out]", bias, out), dy = need(op, "y [rows, out]", y, (long) rows * out);
        disjoint(op, dy, dx, dk, db);
        try (CudaContexts.Lease l = acquire()) {
            check(api.frnn_cuda_dense_forward(l.context, rows, in, out, p(dx), p(dk), p(db), NativeArgs.denseId(op, act), p(dy)));
        }
    }

    @Override
    public void denseBackward(Buffer x, Buffer y, Buffer dy, int rows, int in, int out, Buffer kernel, Activation act,
                              Buffer dx, Buffer dKernel, Buffer dBias) {
        String op = name() + " dense backward";
        NativeArgs.denseDims(op, rows, in, out);
        DeviceBuffer nx = need(op, "x [rows, in]", x, (long) rows * in), ny = need(op, "y [rows, out]", y, (long) rows * out);
        DeviceBuffer ndy = need(op, "dy [rows, out]", dy, (long) rows * out), nk = need(op, "kernel [in, out]", kernel, (long) in * out);
        DeviceBuffer ndx = opt(op, "dx [rows, in]", dx, (long) rows * in), ndk = need(op, "dKernel [in, out]", dKernel, (long) in * out);
        DeviceBuffer ndb = opt(op, "dBias [out]", dBias, out);
        for (DeviceBuffer o : new DeviceBuffer[] {ndx, ndk, ndb}) disjoint(op, o, nx, ny, ndy, nk);
        disjoint(op, ndx, ndk, ndb);
        disjoint(op, ndk, ndb);
        try (CudaContexts.Lease l = acquire()) {
            check(api.frnn_cuda_dense_backward(l.context, rows, in, out, p(nx), p(ny), p(ndy), p(nk), NativeArgs.denseId(op, act),
                    p(ndx), p(ndk), p(ndb)));
        }
    }

    @Override
    public void embeddingForward(Buffer ids, int count, Buffer table, int vocab, int dim, Buffer out) {
        String op = name() + " embedding forward";
        NativeArgs.embeddingDims(op, count, vocab, dim);
        DeviceBuffer ni = need(op, "ids [count]", ids, count), nt = need(op, "table [vocab, dim]", table, (long) vocab * dim);
        DeviceBuffer no = need(op, "output [count, dim]", out, (long) count * dim);
        disjoint(op, no, ni, nt);
        try (CudaContexts.Lease l = acquire()) {
            checkData(op, api.frnn_cuda_embedding_forward(l.context, count, p(ni), p(nt), vocab, dim, p(no)));
        }
    }

    @Override
    public void embeddingBackward(Buffer ids, int count, Buffer dOut, int vocab, int dim, Buffer dTable) {
        String op = name() + " embedding backward";
        NativeArgs.embeddingDims(op, count, vocab, dim);
        DeviceBuffer ni = need(op, "ids [count]", ids, count), nd = need(op, "dOut [count, dim]", dOut, (long) count * dim);
        DeviceBuffer nt = need(op, "dTable [vocab, dim]", dTable, (long) vocab * dim);
        disjoint(op, nt, ni, nd);
        try (CudaContexts.Lease l = acquire()) {
            checkData(op, api.frnn_cuda_embedding_backward(l.context, count, p(ni), p(nd), vocab, dim, p(nt)));
        }
    }

    // ---------------------------------------------------------------- element-wise and layout

    @Override
    public void notEqualMask(Buffer x, int rows, int cols, double value, Buffer mask) {
        String op = name() + " notEqualMask";
        DeviceBuffer nx = need(op, "x [rows, cols]", x, (long) nonNeg(op, rows) * nonNeg(op, cols)), nm = need(op, "mask [rows]", mask, rows);
        disjoint(op, nm, nx);
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_not_equal_mask(l.context, rows, cols, p(nx), value, p(nm))); }
    }

    @Override
    public void scaleRows(Buffer x, Buffer s, int rows, int cols, Buffer out) {
        String op = name() + " scaleRows";
        long n = (long) nonNeg(op, rows) * nonNeg(op, cols);
        DeviceBuffer nx = need(op, "x [rows, cols]", x, n), ns = need(op, "s [rows]", s, rows), no = need(op, "out [rows, cols]", out, n);
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_scale_rows(l.context, rows, cols, p(nx), p(ns), p(no))); }
    }

    @Override
    public void multiply(Buffer a, Buffer b, Buffer out) {
        String op = name() + " multiply";
        DeviceBuffer no = need(op, "out", out, 0);
        DeviceBuffer na = need(op, "a", a, no.length()), nb = need(op, "b", b, no.length());
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_multiply(l.context, no.length(), p(na), p(nb), p(no))); }
    }

    @Override
    public void axpby(double alpha, Buffer a, double beta, Buffer b, Buffer out) {
        String op = name() + " axpby";
        DeviceBuffer no = need(op, "out", out, 0), na = need(op, "a", a, no.length());
        if (beta != 0.0 && b == null) throw new IllegalArgumentException(op + ": b is null but beta = " + beta + " (b may be null only when beta = 0)");
        DeviceBuffer nb = beta != 0.0 ? need(op, "b", b, no.length()) : null;
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_axpby(l.context, no.length(), alpha, p(na), beta, p(nb), p(no))); }
    }

    @Override
    public void reverseTime(Buffer x, int batch, int time, int features, Buffer out) {
        String op = name() + " reverseTime";
        long n = (long) nonNeg(op, batch) * nonNeg(op, time) * nonNeg(op, features);
        DeviceBuffer nx = need(op, "x [batch, time, features]", x, n), no = need(op, "out [batch, time, features]", out, n);
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_reverse_time(l.context, batch, time, features, p(nx), p(no))); }
    }

    @Override
    public void concatColumns(Buffer a, int ka, Buffer b, int kb, int rows, Buffer out) {
        String op = name() + " concatColumns";
        long r = nonNeg(op, rows);
        DeviceBuffer na = need(op, "a [rows, ka]", a, r * nonNeg(op, ka)), nb = need(op, "b [rows, kb]", b, r * nonNeg(op, kb));
        DeviceBuffer no = need(op, "out [rows, ka + kb]", out, r * (ka + kb));
        disjoint(op, no, na, nb);
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_concat_columns(l.context, rows, ka, kb, p(na), p(nb), p(no))); }
    }

    @Override
    public void splitColumns(Buffer in, int ka, int kb, int rows, Buffer a, Buffer b) {
        String op = name() + " splitColumns";
        long r = nonNeg(op, rows);
        DeviceBuffer ni = need(op, "in [rows, ka + kb]", in, r * (nonNeg(op, ka) + nonNeg(op, kb)));
        DeviceBuffer na = need(op, "a [rows, ka]", a, r * ka), nb = need(op, "b [rows, kb]", b, r * kb);
        disjoint(op, ni, na, nb);
        disjoint(op, na, nb);
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_split_columns(l.context, rows, ka, kb, p(ni), p(na), p(nb))); }
    }

    // ---------------------------------------------------------------- losses, metrics, optimizers

    @Override
    public double loss(LossKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols, Buffer dPred) {
        String op = name() + " " + kind.kerasName() + " loss";
        DeviceBuffer[] in = lossInputs(op, kind.sparseTargets(), pred, target, weights, rows, cols);
        DeviceBuffer nd = opt(op, "dPred [rows, cols]", dPred, (long) rows * cols);
        disjoint(op, nd, in);
        double[] result = new double[1];
        try (CudaContexts.Lease l = acquire()) {
            checkData(op, api.frnn_cuda_loss(l.context, NativeIds.loss(kind), rows, cols, p(in[0]), p(in[1]), p(in[2]), p(nd), result));
        }
        return result[0];
    }

    @Override
    public double[] metric(MetricKind kind, Buffer pred, Buffer target, Buffer weights, int rows, int cols) {
        String op = name() + " " + kind.kerasName() + " metric";
        DeviceBuffer[] in = lossInputs(op, kind.sparseTargets(), pred, target, weights, rows, cols);
        double[] result = new double[2];
        try (CudaContexts.Lease l = acquire()) {
            checkData(op, api.frnn_cuda_metric(l.context, NativeIds.metric(kind), rows, cols, p(in[0]), p(in[1]), p(in[2]), result));
        }
        return result;
    }

    @Override
    public double sumOfSquares(Buffer x) {
        DeviceBuffer nx = need(name() + " sumOfSquares", "x", x, 0);
        double[] result = new double[1];
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_sum_of_squares(l.context, nx.length(), p(nx), result)); }
        return result[0];
    }

    @Override
    public void clip(Buffer x, double lo, double hi) {
        DeviceBuffer nx = need(name() + " clip", "x", x, 0);
        if (!(lo <= hi)) throw new IllegalArgumentException(name() + " clip: expected lo <= hi, got lo = " + lo + ", hi = " + hi);
        try (CudaContexts.Lease l = acquire()) { check(api.frnn_cuda_clip(l.context, nx.length(), lo, hi, p(nx))); }
    }

    @Override
    public void optimizerStep(OptimizerSpec spec, Buffer params, Buffer grads, Buffer state, long iteration) {
        String op = name() + " optimizer step (" + spec.kind() + ")";
        DeviceBuffer np = need(op, "params", params, 0), ng = need(op, "grads", grads, np.length());
        if (ng.length() != np.length()) throw new IllegalArgumentException(op + ": grads must hold " + np.length() + " values, got " + ng.length());
        int slots = spec.stateSlots();
        DeviceBuffer ns = slots == 0 ? null : need(op, "state (" + slots + " slots x " + np.length() + " params)", state, slots * np.length());
        if (spec.kind() == OptimizerSpec.Kind.RMSPROP && spec.momentum() != 0.0) {
            throw new IllegalArgumentException(op + ": RMSprop with momentum " + spec.momentum() + " is not supported; use momentum 0");
        }
        if (iteration < 0) throw new IllegalArgumentException(op + ": iteration must be >= 0, got " + iteration);
        disjoint(op, np, ng, ns);
        disjoint(op, ns, ng);
        try (CudaContexts.Lease l = acquire()) {
            check(api.frnn_cuda_optimizer_step(l.context, NativeIds.optimizer(spec.kind()), spec.learningRate(), spec.beta1(),
                    spec.beta2(), spec.epsilon(), spec.momentum(), spec.nesterov() ? 1 : 0, spec.rho(), np.length(), p(np),
                    p(ng), p(ns), iteration));
        }
    }

    /** Waits for the queued work, then destroys the contexts. Buffers stay valid. */
    @Override
    public void close() { contexts.close(); }

    // ---------------------------------------------------------------- helpers

    private DeviceBuffer[] lossInputs(String op, boolean sparse, Buffer pred, Buffer target, Buffer weights, int rows, int cols) {
        NativeArgs.lossDims(op, rows, cols);
        return new DeviceBuffer[] {need(op, "prediction [rows, cols]", pred, (long) rows * cols),
            need(op, sparse ? "class ids [rows]" : "target [rows, cols]", target, sparse ? rows : (long) rows * cols),
            opt(op, "weights [rows]", weights, rows)};
    }

    DeviceBuffer need(String op, String name, Buffer b, long needed) {
        if (b == null) throw new IllegalArgumentException(op + ": " + name + " is required, got null");
        if (!(b instanceof DeviceBuffer) || ((DeviceBuffer) b).api() != api) {
            throw new IllegalArgumentException(op + ": " + name + " is a " + b.getClass().getSimpleName()
                    + " not allocated by the " + name() + " backend; allocate it with this backend");
        }
        DeviceBuffer d = (DeviceBuffer) b;
        if (d.isClosed()) throw new IllegalArgumentException(op + ": " + name + " was closed (its root buffer was freed)");
        if (d.length() < needed) throw new IllegalArgumentException(op + ": " + name + " must hold at least " + needed + " values, the buffer holds " + d.length());
        return d;
    }

    DeviceBuffer opt(String op, String name, Buffer b, long needed) { return b == null ? null : need(op, name, b, needed); }

    /** {@code out} shares no element with any of {@code others}. */
    static void disjoint(String op, DeviceBuffer out, DeviceBuffer... others) {
        for (DeviceBuffer o : others) {
            if (out != null && o != null && out.overlaps(o)) throw new IllegalArgumentException(op + ": an output overlaps an input; pass separate buffers");
        }
    }

    static FloatPointer p(DeviceBuffer b) { return b == null ? null : b.pointer(); }

    private static int nonNeg(String op, int v) {
        if (v < 0) throw new IllegalArgumentException(op + ": sizes must be >= 0, got " + v);
        return v;
    }

    void check(int status) { CudaContexts.check(api, status); }

    /** Argument errors found in the data (token ids, class labels) are IllegalArgumentExceptions. */
    private void checkData(String op, int status) { NativeArgs.checkData(op, status, api::frnn_cuda_last_error); }
}

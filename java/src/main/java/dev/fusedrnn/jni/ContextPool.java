package dev.fusedrnn.jni;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Native contexts for concurrent callers: a call takes a {@link Lease} (an idle one, or a new one when
 * all are busy), uses its context alone, and gives it back. So two threads never share a context's
 * workspace, and the pool grows to the largest number of simultaneous calls. Each lease also keeps the
 * recurrent ABI's structs, filled afresh for every call, so a call allocates nothing on the Java side.
 */
final class ContextPool implements AutoCloseable {

    /** One context and the structs that go with it; used by one caller at a time. */
    static final class Lease implements AutoCloseable {
        final FrnnLib.Context context = new FrnnLib.Context();
        final FrnnLib.RnnDesc desc = new FrnnLib.RnnDesc();
        final FrnnLib.RnnTensors tensors = new FrnnLib.RnnTensors();
        final FrnnLib.RnnGrads grads = new FrnnLib.RnnGrads();
        private ContextPool pool;

        @Override
        public void close() { pool.release(this); }

        private void destroy() {
            FrnnLib.frnn_context_destroy(context);
            desc.close();
            tensors.close();
            grads.close();
        }
    }

    private final int requestedThreads;
    private final ConcurrentLinkedDeque<Lease> idle = new ConcurrentLinkedDeque<>();
    private final List<Lease> all = new ArrayList<>();
    private boolean closed;

    /** @param threads threads per context, or 0 for FRNN_NUM_THREADS or the available cores */
    ContextPool(int threads) {
        if (threads < 0) throw new IllegalArgumentException("cpu backend: threads must be >= 1, or 0 for the default, got " + threads);
        this.requestedThreads = threads;
        idle.add(create());   // fails here, with the native reason, when FRNN_NUM_THREADS is malformed
    }

    /** The thread count every context of this pool runs. */
    int threads() {
        try (Lease l = acquire()) {
            return FrnnLib.frnn_context_num_threads(l.context);
        }
    }

    /** An idle context, or a new one. Close the lease (try-with-resources) to give it back. */
    Lease acquire() {
        Lease l = idle.pollFirst();
        return l != null ? l : create();
    }

    private Lease create() {
        Lease l = new Lease();
        l.pool = this;
        NativeLibraries.throwIfError(FrnnLib.frnn_context_create(requestedThreads, l.context));
        synchronized (this) {
            if (closed) {
                l.destroy();
                throw new IllegalStateException("cpu backend is closed");
            }
            all.add(l);
        }
        return l;
    }

    private void release(Lease l) {
        synchronized (this) {
            if (closed) {   // closed while this call ran: destroy now instead of pooling
                if (all.remove(l)) l.destroy();
                return;
            }
        }
        idle.addFirst(l);
    }

    /** Destroys the idle contexts now and busy ones when their calls return. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            for (Lease l; (l = idle.pollFirst()) != null; ) if (all.remove(l)) l.destroy();
        }
    }
}

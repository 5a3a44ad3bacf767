package dev.fusedrnn.jni;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The device side of a {@link CudaBackend}: its contexts (a CUDA stream and a workspace arena each, reused
 * from call to call, one caller at a time), the query of the library, and native statuses as exceptions.
 * Concurrent callers each take a context from the pool; a context returns to it when its lease closes.
 */
final class CudaContexts implements AutoCloseable {

    /** One context and the recurrent ABI structs that go with it; one caller at a time. */
    final class Lease implements AutoCloseable {
        final CudaApi.Context context = new CudaApi.Context();
        final FrnnLib.RnnDesc desc = new FrnnLib.RnnDesc();
        final FrnnLib.RnnTensors tensors = new FrnnLib.RnnTensors();
        final FrnnLib.RnnGrads grads = new FrnnLib.RnnGrads();

        @Override
        public void close() { idle.addFirst(this); }
    }

    private final CudaApi api;
    private final ConcurrentLinkedDeque<Lease> idle = new ConcurrentLinkedDeque<>();
    private final List<Lease> all = new ArrayList<>();

    /** Creates the first context, so that a library that cannot run fails here, with its reason. */
    CudaContexts(CudaApi api) {
        this.api = api;
        idle.add(newLease());
    }

    Lease acquire() {
        Lease l = idle.pollFirst();
        return l != null ? l : newLease();
    }

    private Lease newLease() {
        Lease l = new Lease();
        check(api, api.frnn_cuda_context_create(l.context));
        synchronized (all) { all.add(l); }
        return l;
    }

    /** Waits for the queued work, then destroys the contexts. */
    @Override
    public void close() {
        synchronized (all) {
            for (Lease l : all) {
                api.frnn_cuda_context_destroy(l.context);
                l.desc.close();   // the ABI structs are JavaCPP allocations: free them now, not at some GC
                l.tensors.close();
                l.grads.close();
            }
            all.clear();
            idle.clear();
        }
    }

    /**
     * A native status as an exception: {@link FrnnException} with the library's message (the ABI function,
     * the failed CUDA call and error, and for out of memory the bytes asked for and free).
     */
    static void check(CudaApi api, int status) {
        if (status != FrnnLib.FRNN_OK) throw new FrnnException(status, api.frnn_cuda_last_error());
    }

    /** x[i] = value through a short-lived context (DeviceBuffer.fill). */
    static void fill(CudaApi api, DeviceBuffer x, float value) {
        CudaApi.Context ctx = new CudaApi.Context();
        check(api, api.frnn_cuda_context_create(ctx));
        try {
            check(api, api.frnn_cuda_fill(ctx, x.length(), value, x.pointer()));
            check(api, api.frnn_cuda_synchronize(ctx));
        } finally {
            api.frnn_cuda_context_destroy(ctx);
        }
    }

    /**
     * Why a CUDA library cannot be used, or null when it can: its binding loads and its query answers,
     * which runs the start-up smoke kernel. Never throws.
     */
    static String problem(CudaApi api) {
        try {
            int[] count = {0};
            byte[] reason = new byte[512];
            int status = api.frnn_cuda_query(count, reason, reason.length);
            return status == FrnnLib.FRNN_OK ? null : api.backendName() + " library: " + api.frnn_cuda_last_error();
        } catch (LinkageError e) {
            return api.backendName() + " library failed to load: " + NativeLibraries.describe(e);
        }
    }

    /** The library's run-time facts (driver, runtime, cuBLAS), or why they cannot be read. Never throws. */
    static String runtimeInfo(CudaApi api) {
        try {
            byte[] text = new byte[512];
            if (api.frnn_cuda_runtime_info(text, text.length) != FrnnLib.FRNN_OK) return api.frnn_cuda_last_error();
            int end = 0;
            while (end < text.length && text[end] != 0) end++;
            return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        } catch (LinkageError e) {
            return "library failed to load: " + NativeLibraries.describe(e);
        }
    }
}

package dev.fusedrnn.layers;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One forward (and possibly backward) pass over one batch: the backend, whether it is training
 * (dropout on, tapes kept), the random source for dropout masks, and ownership of every buffer and
 * tape allocated during the pass — all released together by {@link #close()}.
 *
 * <p>A step belongs to the thread running its pass (it is not thread-safe); concurrent passes each have their
 * own step, so their buffers never meet.
 */
public final class Step implements AutoCloseable {
    private final Backend backend;
    private final boolean training;
    private final RandomGenerator random;
    private final List<AutoCloseable> owned = new ArrayList<>();

    public Step(Backend backend, boolean training, RandomGenerator random) {
        this.backend = backend;
        this.training = training;
        this.random = random;
    }

    public Backend backend() { return backend; }

    /** Training pass: dropout active, forward state kept for backward. */
    public boolean training() { return training; }

    public RandomGenerator random() { return random; }

    /** A zeroed buffer released when the step closes. */
    public Buffer allocate(long length) { return own(backend.allocate(length)); }

    /** A buffer holding a copy of {@code values}, released when the step closes. */
    public Buffer upload(float[] values) {
        Buffer b = allocate(values.length);
        b.write(0, values, 0, values.length);
        return b;
    }

    /**
     * Buffers holding copies of {@code parts}, written to the backend in one transfer: they are slices of one
     * buffer, released when the step closes (on a GPU, a batch's data is then one host-to-device copy). A null
     * part gives a null buffer.
     */
    public Buffer[] uploadAll(float[]... parts) {
        long total = 0;
        for (float[] p : parts) if (p != null) total += p.length;
        float[] all = new float[Math.toIntExact(total)];
        Buffer whole = allocate(total);
        Buffer[] out = new Buffer[parts.length];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) continue;
            System.arraycopy(parts[i], 0, all, at, parts[i].length);
            out[i] = whole.slice(at, parts[i].length);
            at += parts[i].length;
        }
        whole.write(0, all, 0, all.length);
        return out;
    }

    /** Takes ownership of a resource (a buffer or a tape) to close with the step. */
    public <T extends AutoCloseable> T own(T resource) {
        if (resource != null) owned.add(resource);
        return resource;
    }

    /**
     * A dropout keep-mask of {@code n} values: 0 with probability {@code rate}, else 1/(1−rate) —
     * Keras's inverted dropout, so inference needs no rescaling.
     */
    public Buffer dropoutMask(int n, double rate) {
        float[] m = new float[n];
        float keep = (float) (1.0 / (1.0 - rate));
        for (int i = 0; i < n; i++) m[i] = random.nextDouble() < rate ? 0f : keep;
        return upload(m);
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("failed to release a buffer of backend " + backend.name(), e);
            }
        }
        owned.clear();
    }
}

package dev.fusedrnn;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.jni.FrnnException;

import java.util.function.Supplier;

/**
 * The host copy of a model's parameters on a device backend ({@code cuda}), so that a device failure
 * loses at most the epoch in progress. The copy is taken when the model is built, when its parameters are
 * set, and at every epoch end (the parameters cross to the host then, as a checkpoint's do). A failure in
 * fit, evaluate or predict is re-thrown as the same {@link FrnnException} with what to do added, and
 * {@link Sequential#backend(String)} on the built model moves it to another backend from the copy.
 */
final class HostCopy {
    private float[] parameters;   // null: none taken (a host backend needs none)
    private String when = "";     // "after epoch 3", "when the model was built", ...
    private boolean failed;       // a device failure happened since the copy was taken

    /** Takes the copy from the device when {@code backend} keeps its data there; {@code when} says at which point. */
    void take(Backend backend, Buffer params, String when) {
        if (!backend.keepsDataOnDevice()) return;
        parameters = params.toFloatArray();
        this.when = when;
        failed = false;
    }

    /** As {@link #take} from values already on the host. */
    void take(Backend backend, float[] values, String when) {
        if (!backend.keepsDataOnDevice()) return;
        parameters = values.clone();
        this.when = when;
        failed = false;
    }

    /** Runs {@code body} (fit, evaluate or predict): a device failure comes out as {@link #explain} says. */
    <T> T run(Backend backend, String call, Supplier<T> body) {
        try {
            return body.get();
        } catch (FrnnException e) {
            throw explain(backend, call, e);
        }
    }

    /** {@code e} from a device backend with the way on added; from a host backend unchanged. */
    FrnnException explain(Backend backend, String call, FrnnException e) {
        if (!backend.keepsDataOnDevice()) return e;
        failed = true;
        String where = parameters == null ? "No host copy of the parameters exists"
                : "The parameters as they were " + when + " are on the host";
        return new FrnnException(e, backend.name() + " failed in " + call + ". " + where + ": model.backend(\"cpu\")"
                + " moves the model to the CPU with them (the optimizer state starts afresh; a ModelCheckpoint file"
                + " resumes exactly), and fit continues there.");
    }

    /**
     * The parameters a move to another backend starts from: the device's current ones when no failure
     * happened since the copy, else the copy (the last completed epoch's).
     */
    float[] forMove(Backend backend, Buffer params) {
        if (!failed) {
            try {
                return params.toFloatArray();
            } catch (FrnnException e) {
                if (parameters == null) throw explain(backend, "reading the parameters", e);
            }
        }
        if (parameters == null) {
            throw new IllegalStateException(backend.name() + " failed before the parameters were copied to the host;"
                    + " build a new model");
        }
        return parameters.clone();
    }

    /** Closes what a backend that was left owned: errors of a failed device are expected and ignored. */
    static void release(Buffer params, Buffer grads, Backend owned) {
        for (AutoCloseable c : new AutoCloseable[] {params, grads, owned}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // the device failed: its memory is gone with it
            }
        }
    }
}

package dev.fusedrnn.jni;

/**
 * Whether the CPU library's recurrent kernels answer, decided once per JVM by one tiny call: a SimpleRNN
 * (tanh) with C = H = N = T = 1, x = 0.5, W = U = 1, b = 0 must report a tape size >= 0 and run forward to
 * h = tanh(0.5) (within 1e-6: a few float32 ulps). A library built without the kernels, or whose kernels
 * fail or compute nonsense on this CPU, fails the probe, and the reason is the native message.
 */
public final class CpuProbe {
    private static String problem;
    private static boolean probed;

    private CpuProbe() { }

    /** Null when the recurrent kernels work; otherwise why not. Never throws. */
    public static synchronized String recurrentKernelsProblem() {
        if (!probed) {
            problem = probe();
            probed = true;
        }
        return problem;
    }

    private static String probe() {
        NativeLibraries.CpuStatus cpu = NativeLibraries.cpu();
        if (!cpu.loaded()) return "native CPU library not loaded: " + cpu.reason();
        try (NativeBuffer values = NativeBuffer.allocate(6);
             FrnnLib.RnnDesc desc = new FrnnLib.RnnDesc();
             FrnnLib.RnnTensors t = new FrnnLib.RnnTensors()) {
            values.set(new float[] {0.5f, 1, 1, 0, Float.NaN, Float.NaN});   // x, W, U, b, output, h_last
            desc.cell(FrnnLib.FRNN_CELL_SIMPLE_RNN).input_size(1).units(1).activation(FrnnLib.FRNN_ACT_TANH)
                    .recurrent_activation(FrnnLib.FRNN_ACT_SIGMOID).reset_after(0).go_backwards(0)
                    .return_sequences(1).zero_output_for_mask(0);
            t.batch(1).time(1).x(values.slice(0, 1).pointer()).mask(null).h0(null).c0(null)
                    .kernel(values.slice(1, 1).pointer()).recurrent_kernel(values.slice(2, 1).pointer())
                    .bias(values.slice(3, 1).pointer()).input_dropout(null).recurrent_dropout(null)
                    .output(values.slice(4, 1).pointer()).h_last(values.slice(5, 1).pointer()).c_last(null);
            long floats = FrnnLib.frnn_rnn_tape_floats(desc, 1, 1);
            if (floats < 0) return FrnnLib.frnn_last_error();
            FrnnLib.Context ctx = new FrnnLib.Context();
            int status = FrnnLib.frnn_context_create(1, ctx);
            if (status != FrnnLib.FRNN_OK) return FrnnLib.frnn_last_error();
            try (NativeBuffer tape = NativeBuffer.allocate(floats)) {
                status = FrnnLib.frnn_rnn_forward(ctx, desc, t, tape.pointer());
            } finally {
                FrnnLib.frnn_context_destroy(ctx);
            }
            if (status != FrnnLib.FRNN_OK) return FrnnException.statusName(status) + ": " + FrnnLib.frnn_last_error();
            float[] out = values.toFloatArray();
            double want = Math.tanh(0.5);
            if (!(Math.abs(out[4] - want) <= 1e-6 && Math.abs(out[5] - want) <= 1e-6)) {
                return "the recurrent kernel computed h = " + out[4] + " (final state " + out[5] + ") for tanh(0.5) = "
                        + want + " in a one-step check; report this with the output of 'fusedrnn info'";
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "recurrent kernel check failed: " + NativeLibraries.describe(e);
        }
    }
}

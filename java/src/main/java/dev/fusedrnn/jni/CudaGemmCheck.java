package dev.fusedrnn.jni;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The selftest's comparison of the CUDA backend's own GEMM kernel with cuBLAS (loaded at run time; in the
 * emulation, the emulator's host cuBLAS) on a few shapes, odd and large, every transpose. Each engine's
 * float32 result is within (k + 1)·u·Σ|a·b| of the exact product (u = 2^-24, fused multiply-adds in any
 * order), so the two agree within twice that; a wrong index or a mis-mapped transpose misses by far more.
 */
public final class CudaGemmCheck {
    private static final long[][] SHAPES = {{1, 7, 13}, {129, 65, 33}, {64, 512, 128}, {257, 1024, 96}};
    private static final int EMULATED_SHAPES = 3;   // the emulation runs a GPU grid on two cores: no 25M-FMA product

    /** The outcome: whether the engines agree (true also when cuBLAS is absent), and a one-line summary. */
    public record Result(boolean ok, String summary) { }

    private CudaGemmCheck() { }

    /** Runs the comparison on the {@code cuda} library or its emulation. Device errors are a failed result. */
    public static Result run(boolean emulated) {
        CudaApi api = emulated ? CudaApi.EMULATED : CudaApi.REAL;
        String info = CudaContexts.runtimeInfo(api);
        if (!info.contains("multiply-adds")) return new Result(true, "GEMM: cuBLAS not in use (" + info + "); own kernel only");
        CudaApi.Context ctx = new CudaApi.Context();
        try {
            CudaContexts.check(api, api.frnn_cuda_context_create(ctx));
            double worst = 0;
            int runs = 0;
            for (int i = 0; i < (emulated ? EMULATED_SHAPES : SHAPES.length); i++) {
                long[] s = SHAPES[i];
                for (int t = 0; t < 4; t++) {
                    worst = Math.max(worst, compare(api, ctx, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
                    runs++;
                }
            }
            String text = String.format(Locale.ROOT, "GEMM own kernel vs cuBLAS: %d products, worst difference %.3g of the"
                    + " bound", runs, worst);
            return new Result(worst <= 1.0, text);
        } catch (RuntimeException e) {
            return new Result(false, "GEMM own kernel vs cuBLAS: " + e.getMessage());
        } finally {
            api.frnn_cuda_context_destroy(ctx);
        }
    }

    /** max over C of |own − cuBLAS| / (2 (k + 1) u Σ|a b|) for one product C[m, n] = op(A) op(B). */
    private static double compare(CudaApi api, CudaApi.Context ctx, long m, long n, long k, boolean ta, boolean tb) {
        SplittableRandom r = new SplittableRandom(m * 31 + n * 7 + k);
        long lda = ta ? m : k, ldb = tb ? k : n;
        float[] a = random(r, (ta ? k : m) * lda), b = random(r, (tb ? n : k) * ldb);
        float[][] c = new float[2][];
        try (DeviceBuffer da = DeviceBuffer.allocate(api, a.length); DeviceBuffer db = DeviceBuffer.allocate(api, b.length)) {
            da.set(a);
            db.set(b);
            for (int e = 1; e <= 2; e++) {
                try (DeviceBuffer dc = DeviceBuffer.allocate(api, m * n)) {
                    CudaContexts.check(api, api.frnn_cuda_gemm_engine(ctx, e, ta ? 1 : 0, tb ? 1 : 0, m, n, k, 1f,
                            da.pointer(), lda, db.pointer(), ldb, 0f, dc.pointer(), n));
                    c[e - 1] = dc.toFloatArray();
                }
            }
        }
        double worst = 0;
        for (long i = 0; i < m; i++) {
            for (long j = 0; j < n; j++) {
                double mag = 0;
                for (long p = 0; p < k; p++) {
                    mag += Math.abs((double) a[(int) (ta ? p * lda + i : i * lda + p)] * b[(int) (tb ? j * ldb + p : p * ldb + j)]);
                }
                double bound = 2 * (k + 1) * 0x1p-24 * mag + Double.MIN_NORMAL;
                int at = (int) (i * n + j);
                worst = Math.max(worst, Math.abs((double) c[0][at] - c[1][at]) / bound);
            }
        }
        return worst;
    }

    private static float[] random(SplittableRandom r, long n) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (2 * r.nextDouble() - 1);
        return v;
    }
}

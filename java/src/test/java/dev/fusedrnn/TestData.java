package dev.fusedrnn;

import java.util.SplittableRandom;

/** Test inputs: seeded tensors of uniform values. */
public final class TestData {
    private TestData() { }

    /** A tensor of the given shape with values uniform in [−scale, scale). */
    public static Tensor uniform(SplittableRandom r, double scale, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return Tensor.of(v, shape);
    }
}

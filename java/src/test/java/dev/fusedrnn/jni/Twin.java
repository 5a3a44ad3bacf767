package dev.fusedrnn.jni;

import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Buffer;

import java.util.Random;

/**
 * The same float32 values on two backends (the native one under test and the reference), so both
 * start from identical inputs and differ only by how they compute. Test support.
 */
final class Twin {
    final Buffer cpu, ref;
    final float[] values;

    private Twin(Backend cpuBackend, Backend refBackend, float[] values) {
        this.values = values;
        this.cpu = cpuBackend.allocate(values.length).set(values);
        this.ref = refBackend.allocate(values.length).set(values);
    }

    static Twin of(Backend cpu, Backend ref, float... values) { return new Twin(cpu, ref, values); }

    /** n values uniform in [lo, hi). */
    static Twin uniform(Backend cpu, Backend ref, Random r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return new Twin(cpu, ref, v);
    }

    /** n zeros (an output). */
    static Twin zeros(Backend cpu, Backend ref, int n) { return new Twin(cpu, ref, new float[n]); }

    float[] cpuValues() { return cpu.toFloatArray(); }

    double[] refValues() { return ref.toDoubleArray(); }

    /** Unit round-off of float32. */
    static final double U = Math.ulp(1.0f) / 2;   // 2^-24
}

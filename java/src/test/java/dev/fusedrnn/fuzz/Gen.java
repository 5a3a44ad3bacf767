package dev.fusedrnn.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random values for fuzz cases: small valid sizes, the edge values that break code (0, −1,
 * Integer.MIN_VALUE/MAX_VALUE, NaN, ±Inf, 1e30), and picks from lists. One case draws from one Gen made
 * from its seed, so a printed seed replays the case exactly.
 */
public final class Gen {
    private final SplittableRandom r;

    public Gen(long seed) { this.r = new SplittableRandom(seed); }

    public int between(int lo, int hi) { return r.nextInt(lo, hi + 1); }

    public boolean chance(double p) { return r.nextDouble() < p; }

    public double unit() { return r.nextDouble(); }

    public long nextLong() { return r.nextLong(); }

    @SafeVarargs
    public final <T> T pick(T... options) { return options[r.nextInt(options.length)]; }

    public <T> T pick(List<T> options) { return options.get(r.nextInt(options.size())); }

    /** A size below 1: 0, −1, a random negative, or Integer.MIN_VALUE. */
    public int nonPositive() { return pick(0, -1, -between(2, 1000), Integer.MIN_VALUE); }

    /** A double outside [0, 1): negative, 1, above 1, NaN or infinite. */
    public double outsideUnit() {
        return pick(-1e-9, -0.5, 1.0, 1.0 + unit(), 1e30, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    /** A double that is not positive and finite: 0, −0, negative, NaN or infinite. */
    public double notPositiveFinite() {
        return pick(0.0, -0.0, -1e-3, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    /** A value that is not finite. */
    public float nonFinite() { return pick(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY); }

    /** Small values around zero; one in five is huge (±1e30), finite all the same. */
    public float[] values(int n, boolean allowHuge) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = allowHuge && chance(0.2) ? (chance(0.5) ? 1e30f : -1e30f) : (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    /** A name that no registry knows (unknown activation, loss, metric, optimizer). */
    public String bogusName() { return pick("", " ", "relu6", "hard_sigmoid", "SOFTMAXX", "mse2", "nan", "\u00e9", "adamw", "lstm"); }
}

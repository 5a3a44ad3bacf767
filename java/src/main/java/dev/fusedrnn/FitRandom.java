package dev.fusedrnn;

import java.util.random.RandomGenerator;

/**
 * The random source of one fit (shuffling and dropout masks): SplitMix64 (Steele, Lea and Flood, 2014),
 * the generator behind {@link java.util.SplittableRandom}, written out so that its whole state — one
 * long — can be saved in a checkpoint and restored, which SplittableRandom does not allow. Seeded the
 * same way, it draws exactly the numbers a {@code new SplittableRandom(seed)} draws.
 */
final class FitRandom implements RandomGenerator {
    private static final long GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    FitRandom(long seed) { this.state = seed; }

    /** The whole state: {@code new FitRandom(r.state())} continues where r is. */
    long state() { return state; }

    @Override
    public long nextLong() {
        long z = (state += GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public int nextInt() {
        long z = (state += GAMMA);
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}

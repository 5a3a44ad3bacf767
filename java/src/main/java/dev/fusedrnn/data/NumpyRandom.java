package dev.fusedrnn.data;

/**
 * numpy's legacy {@code np.random.RandomState(seed)}, as far as {@code shuffle} of a 1-D array: the
 * Mersenne Twister MT19937 seeded by Matsumoto and Nishimura's {@code init_genrand}, and a Fisher-Yates
 * shuffle that draws each index in {@code [0, i]} by masking 32-bit outputs to the smallest covering
 * bit mask and rejecting values above {@code i}. Data sets split "with seed 113" by Keras come out in
 * exactly numpy's order.
 */
final class NumpyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int next;

    /** {@code RandomState(seed)} for a seed in [0, 2^32). */
    NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xffffffffL) throw new IllegalArgumentException("numpy seeds are in [0, 2^32), got " + seed);
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        next = N;
    }

    /** The next 32-bit output, as an unsigned value in a long. */
    long nextUint32() {
        if (next >= N) twist();
        int y = mt[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        next = 0;
    }

    /** A uniform integer in {@code [0, max]} (max < 2^32), by masked rejection. */
    long interval(long max) {
        if (max == 0) return 0;
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextUint32() & mask;
        } while (v > max);
        return v;
    }

    /** {@code np.arange(n)} after {@code shuffle}: the order in which numpy would put n items. */
    int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}

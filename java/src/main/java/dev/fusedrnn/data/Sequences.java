package dev.fusedrnn.data;

/** Keras's {@code pad_sequences} and {@code to_categorical}. */
public final class Sequences {
    /** Where padding goes, or which end a too long sequence loses. */
    public enum Side { PRE, POST }

    private Sequences() { }

    /** {@code padSequences(seqs, maxlen, PRE, PRE, 0)}: Keras's defaults. */
    public static int[][] padSequences(int[][] seqs, Integer maxlen) { return padSequences(seqs, maxlen, Side.PRE, Side.PRE, 0); }

    /**
     * Sequences of different lengths as one {@code [N, maxlen]} array. A longer sequence loses its first
     * ({@code truncating = PRE}) or last ({@code POST}) ids; a shorter one is filled with {@code value}
     * before ({@code padding = PRE}) or after ({@code POST}) its ids. An empty sequence becomes a row of
     * {@code value}.
     *
     * @param maxlen the length, or null for the longest sequence's length
     * @throws IllegalArgumentException for maxlen below 1 (Keras would return rows of length 0, which no
     *         layer accepts) or a null sequence
     */
    public static int[][] padSequences(int[][] seqs, Integer maxlen, Side padding, Side truncating, int value) {
        int len;
        if (maxlen == null) {
            len = 0;
            for (int[] s : seqs) if (s != null) len = Math.max(len, s.length);
            if (len == 0) throw new IllegalArgumentException("padSequences: every sequence is empty; pass maxlen explicitly");
        } else {
            if (maxlen < 1) throw new IllegalArgumentException("padSequences: maxlen must be >= 1, got " + maxlen);
            len = maxlen;
        }
        int[][] out = new int[seqs.length][len];
        for (int i = 0; i < seqs.length; i++) {
            int[] s = seqs[i];
            if (s == null) throw new IllegalArgumentException("padSequences: sequence " + i + " is null");
            java.util.Arrays.fill(out[i], value);
            int n = Math.min(len, s.length);
            int from = truncating == Side.PRE ? s.length - n : 0;
            int to = padding == Side.PRE ? len - n : 0;
            System.arraycopy(s, from, out[i], to, n);
        }
        return out;
    }

    /**
     * One-hot rows {@code [N, numClasses]} for class labels.
     *
     * @param numClasses the number of classes, or null for the largest label + 1
     * @throws IllegalArgumentException for a negative label or one outside {@code [0, numClasses)}
     */
    public static float[][] toCategorical(int[] labels, Integer numClasses) {
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) throw new IllegalArgumentException("toCategorical: label " + labels[i] + " at " + i + " is negative");
            k = Math.max(k, labels[i] + 1);
        }
        if (numClasses != null) {
            if (numClasses < 1) throw new IllegalArgumentException("toCategorical: numClasses must be >= 1, got " + numClasses);
            if (k > numClasses) {
                throw new IllegalArgumentException("toCategorical: label " + (k - 1) + " is outside [0, " + numClasses + ")");
            }
            k = numClasses;
        }
        float[][] out = new float[labels.length][k];
        for (int i = 0; i < labels.length; i++) out[i][labels[i]] = 1f;
        return out;
    }
}

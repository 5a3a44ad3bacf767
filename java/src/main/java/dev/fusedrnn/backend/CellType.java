package dev.fusedrnn.backend;

/**
 * The recurrent cells and their gate counts G. Gate blocks follow Keras order: LSTM i, f, c, o; GRU z, r, h.
 *
 * <p>Conventions used everywhere in Java and in {@code frnn.h}: T steps, N batch, C input features,
 * H units, G gates. Tensors at the API are batch-major {@code [N, T, C]}. Weights in Keras layout:
 * kernel {@code W[C, G·H]}, recurrent kernel {@code U[H, G·H]}, bias {@code b[G·H]} — or {@code b[2, 3H]}
 * for GRU with reset_after (input row, then recurrent row).
 */
public enum CellType {
    SIMPLE_RNN("simple_rnn", 1, 1), LSTM("lstm", 4, 2), GRU("gru", 3, 1);

    private final String kerasName;
    private final int gates;
    private final int states;

    CellType(String kerasName, int gates, int states) {
        this.kerasName = kerasName;
        this.gates = gates;
        this.states = states;
    }

    /** Name used by the parity vectors and the native ABI: simple_rnn, lstm, gru. */
    public String kerasName() { return kerasName; }

    /** G: number of gate blocks in the kernels' columns. */
    public int gates() { return gates; }

    /** Number of state tensors: 2 for LSTM (h, c), else 1. */
    public int states() { return states; }

    public static CellType parse(String name) {
        for (CellType c : values()) if (c.kerasName.equals(name)) return c;
        switch (name) {
            case "simple": case "simplernn": case "rnn": return SIMPLE_RNN;
            default: throw new IllegalArgumentException("unknown cell '" + name + "'; expected simple_rnn, lstm or gru");
        }
    }
}

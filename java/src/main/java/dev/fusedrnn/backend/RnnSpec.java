package dev.fusedrnn.backend;

import dev.fusedrnn.Activation;

/**
 * Everything about a recurrent layer that does not change from batch to batch.
 *
 * @param cell               SimpleRNN, LSTM or GRU
 * @param inputSize          C
 * @param units              H
 * @param activation         the candidate/output activation (tanh; relu allowed for SimpleRNN)
 * @param recurrentActivation the gates' activation (sigmoid or a hard sigmoid; unused by SimpleRNN)
 * @param resetAfter         GRU only: apply the reset gate after the recurrent product (Keras default true)
 * @param goBackwards        read the input from its last step to its first; the output sequence is in
 *                           that processing order, as Keras returns it
 * @param returnSequences    output {@code [N, T, H]} (true) or only the last output {@code [N, H]}
 * @param zeroOutputForMask  masked steps output zero instead of repeating the previous output
 *                           (Keras sets this inside Bidirectional with return_sequences)
 */
public record RnnSpec(CellType cell, int inputSize, int units, Activation activation, Activation recurrentActivation,
                      boolean resetAfter, boolean goBackwards, boolean returnSequences, boolean zeroOutputForMask) {

    public RnnSpec {
        if (cell == null) throw new IllegalArgumentException("cell must not be null");
        if (inputSize < 1) throw new IllegalArgumentException(cell.kerasName() + ": input size must be >= 1, got " + inputSize);
        if (units < 1) throw new IllegalArgumentException(cell.kerasName() + ": units must be >= 1, got " + units);
        if ((long) cell.gates() * units > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(cell.kerasName() + ": " + cell.gates() + " gates of " + units + " units give "
                    + (long) cell.gates() * units + " kernel columns; at most " + (Integer.MAX_VALUE - 8) + " are possible");
        }
        if (activation == null || recurrentActivation == null) {
            throw new IllegalArgumentException(cell.kerasName() + ": activation and recurrent activation must not be null");
        }
        if (activation != Activation.TANH && !(activation == Activation.RELU && cell == CellType.SIMPLE_RNN)) {
            throw new IllegalArgumentException(cell.kerasName() + ": activation must be tanh"
                    + (cell == CellType.SIMPLE_RNN ? " or relu" : "") + ", got " + activation.kerasName());
        }
        switch (recurrentActivation) {
            case SIGMOID: case HARD_SIGMOID_KERAS2: case HARD_SIGMOID_KERAS3: break;
            default: throw new IllegalArgumentException(cell.kerasName() + ": recurrent activation must be sigmoid,"
                    + " hard_sigmoid_keras2 or hard_sigmoid_keras3, got " + recurrentActivation.kerasName());
        }
    }

    /** G·H: columns of the kernels. */
    public int gateColumns() { return cell.gates() * units; }

    public long kernelSize() { return (long) inputSize * gateColumns(); }

    public long recurrentKernelSize() { return (long) units * gateColumns(); }

    /** Number of bias values: G·H, or 2·3H for GRU with reset_after. */
    public long biasSize() { return (cell == CellType.GRU && resetAfter ? 2L : 1L) * gateColumns(); }

    /** Keras parameter count of the layer. */
    public long parameterCount() { return kernelSize() + recurrentKernelSize() + biasSize(); }

    /** Bias shape in Keras layout. */
    public int[] biasShape() {
        return cell == CellType.GRU && resetAfter ? new int[] {2, gateColumns()} : new int[] {gateColumns()};
    }
}

package dev.fusedrnn.layers;

import dev.fusedrnn.backend.CellType;

/** Keras SimpleRNN: {@code h' = act(x W + h U + b)}, act tanh (default) or relu. */
public final class SimpleRNN extends Recurrent {
    public SimpleRNN(int units) { super(units); }

    @Override public CellType cell() { return CellType.SIMPLE_RNN; }

    @Override Recurrent newOfSameCell() { return new SimpleRNN(units); }
}

package dev.fusedrnn.layers;

import dev.fusedrnn.backend.CellType;

/**
 * Keras GRU, gates z, r, h. With resetAfter (the default, as Keras 2.x/3 and cuDNN) the reset gate
 * multiplies the recurrent product and the bias has two rows {@code [2, 3H]}; without it, the reset
 * gate multiplies the state before the product and the bias is {@code [3H]}.
 */
public final class GRU extends Recurrent {
    private boolean resetAfter = true;

    public GRU(int units) { super(units); }

    @Override public CellType cell() { return CellType.GRU; }

    /** Apply the reset gate after the recurrent product (default true). */
    public GRU resetAfter(boolean on) { this.resetAfter = on; return this; }

    public boolean isResetAfter() { return resetAfter; }

    @Override
    boolean resetAfterFlag() { return resetAfter; }

    @Override Recurrent newOfSameCell() { return new GRU(units).resetAfter(resetAfter); }
}

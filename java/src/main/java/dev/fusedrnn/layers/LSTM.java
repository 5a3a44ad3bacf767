package dev.fusedrnn.layers;

import dev.fusedrnn.backend.CellType;

/**
 * Keras LSTM, gates i, f, c, o: {@code c' = f·c + i·g}, {@code h' = o·tanh(c')}. The forget-gate bias
 * starts at one (Keras unit_forget_bias) unless turned off.
 */
public final class LSTM extends Recurrent {
    private boolean unitForgetBias = true;

    public LSTM(int units) { super(units); }

    @Override public CellType cell() { return CellType.LSTM; }

    /** Initialize the forget-gate bias to one (default true, as Keras). */
    public LSTM unitForgetBias(boolean on) { this.unitForgetBias = on; return this; }

    public boolean isUnitForgetBias() { return unitForgetBias; }

    @Override
    Initializer biasInitializer() { return unitForgetBias ? Initializer.UNIT_FORGET_BIAS : Initializer.ZEROS; }

    @Override Recurrent newOfSameCell() { return new LSTM(units).unitForgetBias(unitForgetBias); }
}

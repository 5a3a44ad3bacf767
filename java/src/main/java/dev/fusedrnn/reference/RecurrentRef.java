package dev.fusedrnn.reference;

import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;

/** STUB: dispatches whole-sequence calls to SimpleRnnRef, LstmRef, GruRef. */
final class RecurrentRef {
    private RecurrentRef() { }

    static RnnTape forward(RnnSpec spec, RnnBuffers b, boolean forTraining) {
        throw new UnsupportedOperationException("TODO");
    }

    static void backward(RnnSpec spec, RnnBuffers b, RnnTape tape, RnnGrads g) {
        throw new UnsupportedOperationException("TODO");
    }
}

package dev.fusedrnn.reference;

import dev.fusedrnn.backend.OptimizerSpec;

/** STUB: optimizer updates and gradient clipping helpers. */
final class OptimizerRef {
    private OptimizerRef() { }

    static double sumOfSquares(RefBuffer x) { throw new UnsupportedOperationException("TODO"); }
    static void clip(RefBuffer x, double lo, double hi) { throw new UnsupportedOperationException("TODO"); }
    static void step(OptimizerSpec spec, RefBuffer params, RefBuffer grads, RefBuffer state, long iteration) {
        throw new UnsupportedOperationException("TODO");
    }
}

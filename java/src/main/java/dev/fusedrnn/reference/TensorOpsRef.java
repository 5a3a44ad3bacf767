package dev.fusedrnn.reference;

/** STUB: element-wise and layout operations. */
final class TensorOpsRef {
    private TensorOpsRef() { }

    static void notEqualMask(RefBuffer x, int rows, int cols, double value, RefBuffer mask) { throw new UnsupportedOperationException("TODO"); }
    static void scaleRows(RefBuffer x, RefBuffer s, int rows, int cols, RefBuffer out) { throw new UnsupportedOperationException("TODO"); }
    static void multiply(RefBuffer a, RefBuffer b, RefBuffer out) { throw new UnsupportedOperationException("TODO"); }
    static void axpby(double alpha, RefBuffer a, double beta, RefBuffer b, RefBuffer out) { throw new UnsupportedOperationException("TODO"); }
    static void reverseTime(RefBuffer x, int batch, int time, int features, RefBuffer out) { throw new UnsupportedOperationException("TODO"); }
    static void concatColumns(RefBuffer a, int ka, RefBuffer b, int kb, int rows, RefBuffer out) { throw new UnsupportedOperationException("TODO"); }
    static void splitColumns(RefBuffer in, int ka, int kb, int rows, RefBuffer a, RefBuffer b) { throw new UnsupportedOperationException("TODO"); }
}

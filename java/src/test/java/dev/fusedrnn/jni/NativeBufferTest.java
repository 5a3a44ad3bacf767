package dev.fusedrnn.jni;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** NativeBuffer: zero-filled allocation, float and double transfers, slices as views, explicit close. */
class NativeBufferTest {

    @BeforeAll
    static void requireLibrary() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
    }

    @Test
    void allocateIsZeroFilledAndRoundTripsFloatsAndDoubles() {
        try (NativeBuffer b = NativeBuffer.allocate(7)) {
            assertArrayEquals(new float[7], b.toFloatArray());
            b.write(2, new float[] {9, 1.5f, -2, 9}, 1, 2);
            assertArrayEquals(new float[] {0, 0, 1.5f, -2, 0, 0, 0}, b.toFloatArray());
            b.write(4, new double[] {0.1, 1e40, -3}, 0, 3);   // rounded to float; 1e40 overflows to infinity
            double[] d = new double[3];
            b.read(4, d, 0, 3);
            assertArrayEquals(new double[] {(float) 0.1, Double.POSITIVE_INFINITY, -3}, d, 0.0);
            float[] f = {7, 7, 7};
            b.read(1, f, 1, 2);
            assertArrayEquals(new float[] {7, 0, 1.5f}, f);
        }
    }

    @Test
    void doubleTransfersCrossTheConversionChunks() {
        int n = 10_000;   // more than one 4096-float chunk
        double[] src = new double[n];
        for (int i = 0; i < n; i++) src[i] = i * 0.25;
        try (NativeBuffer b = NativeBuffer.allocate(n + 3)) {
            b.write(3, src, 0, n);
            double[] back = new double[n];
            b.read(3, back, 0, n);
            assertArrayEquals(src, back, 0.0);
        }
    }

    @Test
    void slicesAreViewsAndNativeCallsSeeTheirOffset() {
        try (NativeBuffer root = NativeBuffer.allocate(10)) {
            NativeBuffer mid = root.slice(3, 5);
            NativeBuffer inner = mid.slice(1, 2);   // elements 4 and 5 of root
            inner.fill(2.5);                          // a native call through the slice's pointer
            mid.write(0, new float[] {1}, 0, 1);
            assertArrayEquals(new float[] {0, 0, 0, 1, 2.5f, 2.5f, 0, 0, 0, 0}, root.toFloatArray());
            assertTrue(inner.overlaps(mid));
            assertFalse(root.slice(0, 3).overlaps(mid));
            assertFalse(mid.isRoot());
            mid.close();                              // a slice's close does nothing
            assertFalse(root.isClosed());
            assertEquals(1f, root.toFloatArray()[3]);
        }
    }

    @Test
    void outOfRangeAccessIsRejected() {
        try (NativeBuffer b = NativeBuffer.allocate(4)) {
            assertThrows(IndexOutOfBoundsException.class, () -> b.slice(2, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> b.slice(-1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> b.write(3, new float[2], 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> b.read(0, new float[2], 1, 2));
            assertThrows(IllegalArgumentException.class, () -> b.set(new float[5]));
        }
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.allocate(-1));
    }

    @Test
    void closingTheRootFreesOnceAndInvalidatesSlices() {
        NativeBuffer root = NativeBuffer.allocate(6);
        NativeBuffer s = root.slice(1, 2);
        root.close();
        root.close();   // idempotent
        assertTrue(root.isClosed());
        assertTrue(s.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.toFloatArray());
        assertTrue(e.getMessage().contains("after its root buffer was closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> root.fill(1));
    }

    @Test
    void emptyBuffersWork() {
        try (NativeBuffer b = NativeBuffer.allocate(0)) {
            assertEquals(0, b.length());
            b.fill(3);
            assertArrayEquals(new float[0], b.toFloatArray());
            assertEquals(0, b.slice(0, 0).length());
        }
    }
}

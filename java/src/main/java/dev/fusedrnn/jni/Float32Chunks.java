package dev.fusedrnn.jni;

/**
 * Moves {@code double[]} data to and from a float32 buffer through bounded float chunks, each value rounded
 * (or widened) once: the one conversion loop for the native buffers, whatever their memory.
 */
final class Float32Chunks {
    private Float32Chunks() { }

    /** Copies {@code n} floats from {@code chunk[0..n)} into the buffer at {@code offset}. */
    interface Sink { void put(long offset, float[] chunk, int n); }

    /** Copies {@code n} floats from the buffer at {@code offset} into {@code chunk[0..n)}. */
    interface Source { void get(long offset, float[] chunk, int n); }

    /** {@code src[srcOffset..+n)} rounded to float, written from buffer element {@code offset} on. */
    static void write(double[] src, int srcOffset, int n, long offset, int chunkSize, Sink sink) {
        float[] chunk = new float[Math.min(n, chunkSize)];
        for (int done = 0; done < n; done += chunk.length) {
            int k = Math.min(chunk.length, n - done);
            for (int i = 0; i < k; i++) chunk[i] = (float) src[srcOffset + done + i];
            sink.put(offset + done, chunk, k);
        }
    }

    /** {@code n} buffer elements from {@code offset} on, widened into {@code dst[dstOffset..+n)}. */
    static void read(Source source, long offset, double[] dst, int dstOffset, int n, int chunkSize) {
        float[] chunk = new float[Math.min(n, chunkSize)];
        for (int done = 0; done < n; done += chunk.length) {
            int k = Math.min(chunk.length, n - done);
            source.get(offset + done, chunk, k);
            for (int i = 0; i < k; i++) dst[dstOffset + done + i] = chunk[i];
        }
    }
}

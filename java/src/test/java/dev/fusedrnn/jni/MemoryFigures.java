package dev.fusedrnn.jni;

import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The memory figures the leak tests watch: live bytes of cpu buffers and of device buffers (our own counts:
 * JavaCPP does not see calloc'd or device memory), JavaCPP's {@code Pointer.totalBytes()} (its own
 * allocations: the ABI structs), {@code Pointer.physicalBytes()} and the process's resident set (VmRSS).
 */
record MemoryFigures(long nativeBuffers, long deviceBuffers, long javacpp, long physical, long rss) {

    static MemoryFigures now() {
        return new MemoryFigures(NativeBuffer.liveBytes(), DeviceBuffer.liveBytes(), Pointer.totalBytes(),
                Pointer.physicalBytes(), residentBytes());
    }

    /** The counts that must come back exactly: buffers and JavaCPP's allocations. */
    long[] exact() { return new long[] {nativeBuffers, deviceBuffers, javacpp}; }

    /** Runs the garbage collector until the cleaners of earlier, unreachable buffers have run. */
    static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    /** VmRSS of this process in bytes, from /proc/self/status. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
            throw new IllegalStateException("no VmRSS line in /proc/self/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line, parsed back by {@link #parse}. */
    String line(String label) {
        return String.format(Locale.ROOT, "memory %s native=%d device=%d javacpp=%d physical=%d rss=%d",
                label, nativeBuffers, deviceBuffers, javacpp, physical, rss);
    }

    static MemoryFigures parse(String line) {
        String[] f = line.trim().split(" ");
        long[] v = new long[5];
        for (int i = 0; i < 5; i++) v[i] = Long.parseLong(f[2 + i].substring(f[2 + i].indexOf('=') + 1));
        return new MemoryFigures(v[0], v[1], v[2], v[3], v[4]);
    }
}

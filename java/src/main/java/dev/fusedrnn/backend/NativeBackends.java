package dev.fusedrnn.backend;

import dev.fusedrnn.jni.NativeLibraries;

import java.util.ArrayList;
import java.util.List;

/**
 * The native backends' availability, read from the native libraries. The libraries load and report
 * the CPU's features and the CUDA devices; the fused recurrent kernels that would make them backends
 * are not in this version, and the statuses say so rather than pretend.
 */
final class NativeBackends {
    private NativeBackends() { }

    static Backends.Status cpuStatus() {
        NativeLibraries.CpuStatus cpu = NativeLibraries.cpu();
        if (!cpu.loaded()) return new Backends.Status("cpu", false, "native CPU library not loaded: " + cpu.reason());
        return new Backends.Status("cpu", false, "native library " + cpu.version() + " loaded (" + cpu.featureString()
                + "), but it has no fused recurrent kernels yet");
    }

    static Backends.Status cudaStatus() {
        NativeLibraries.CudaStatus cuda = NativeLibraries.cuda();
        if (!cuda.available()) return new Backends.Status("cuda", false, cuda.reason());
        return new Backends.Status("cuda", false, cuda.device() + " found, but the CUDA library has no fused recurrent"
                + " kernels yet");
    }

    static List<String> report() {
        List<String> lines = new ArrayList<>();
        NativeLibraries.CpuStatus cpu = NativeLibraries.cpu();
        lines.add(cpu.loaded()
                ? "Native CPU library: " + cpu.version() + "; CPU features: " + cpu.featureString()
                : "Native CPU library: not loaded (" + cpu.reason() + ")");
        NativeLibraries.CudaStatus cuda = NativeLibraries.cuda();
        if (!cuda.loaded()) {
            lines.add("CUDA: " + cuda.reason());
        } else {
            lines.add("CUDA library: compiled for " + cuda.architectures() + " (needs compute capability 7.5 or newer"
                    + " and a driver for CUDA 13)");
            lines.add("CUDA devices: " + cuda.deviceCount() + (cuda.available() ? ", " + cuda.device() : "; " + cuda.reason()));
        }
        return lines;
    }

    static Backend create(String name) {
        throw new IllegalStateException("backend " + name + " is unavailable: "
                + (name.equals("cpu") ? cpuStatus() : cudaStatus()).reason());
    }
}

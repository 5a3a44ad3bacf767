package dev.fusedrnn.backend;

import dev.fusedrnn.jni.CpuProbe;
import dev.fusedrnn.jni.NativeBackend;
import dev.fusedrnn.jni.NativeLibraries;

import java.util.ArrayList;
import java.util.List;

/**
 * The native backends' availability, read from the native libraries. The {@code cpu} backend is
 * available when its library loads and its recurrent kernels answer a one-step check
 * ({@link CpuProbe}); its status names the kernels' instruction-set path and the CPU's features either
 * way. The CUDA library has no fused recurrent kernels in this version, and its status says so.
 */
final class NativeBackends {
    private NativeBackends() { }

    static Backends.Status cpuStatus() {
        NativeLibraries.CpuStatus cpu = NativeLibraries.cpu();
        if (!cpu.loaded()) return new Backends.Status("cpu", false, "native CPU library not loaded: " + cpu.reason());
        String what = "native library " + cpu.version() + ", " + NativeBackend.isa() + " kernels (CPU features: "
                + (cpu.features().isEmpty() ? "none beyond x86-64" : cpu.featureString()) + ")";
        String problem = CpuProbe.recurrentKernelsProblem();
        if (problem != null) return new Backends.Status("cpu", false, what + ", but its recurrent kernels do not run: " + problem);
        return new Backends.Status("cpu", true, what);
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
                ? "Native CPU library: " + cpu.version() + "; kernels: " + NativeBackend.isa() + "; CPU features: "
                        + cpu.featureString()
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

    /** The cpu backend with a thread count (0: FRNN_NUM_THREADS or all cores). */
    static Backend createCpu(int threads) { return new NativeBackend(threads); }

    /** The backend of an available native status (see {@link Backends#select}). */
    static Backend create(String name) {
        if (name.equals("cpu") && cpuStatus().available()) return new NativeBackend();
        throw new IllegalStateException("backend " + name + " is unavailable: "
                + (name.equals("cpu") ? cpuStatus() : cudaStatus()).reason());
    }
}

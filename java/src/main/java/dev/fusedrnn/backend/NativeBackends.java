package dev.fusedrnn.backend;

import dev.fusedrnn.jni.CpuProbe;
import dev.fusedrnn.jni.CudaBackend;
import dev.fusedrnn.jni.NativeBackend;
import dev.fusedrnn.jni.NativeLibraries;

import java.util.ArrayList;
import java.util.List;

/**
 * The native backends' availability, read from the native libraries. The {@code cpu} backend is
 * available when its library loads and its recurrent kernels answer a one-step check
 * ({@link CpuProbe}); its status names the kernels' instruction-set path and the CPU's features either
 * way. {@code cuda} is available when the CUDA library loads and finds a device it has kernels for;
 * {@code cuda-emulated} (the CUDA backend's code on the CPU, never chosen by auto) when its library loads.
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
        return new Backends.Status("cuda", true, cuda.device() + "; kernels for " + cuda.architectures());
    }

    static Backends.Status cudaEmulatedStatus() {
        String problem = CudaBackend.emulationProblem();
        if (problem != null) return new Backends.Status("cuda-emulated", false, problem);
        return new Backends.Status("cuda-emulated", true, "the CUDA backend's kernels run on the CPU (tests and "
                + "diagnostics; never chosen by auto)");
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
            lines.add("CUDA run time: " + CudaBackend.runtimeInfo(false));
        }
        lines.add("CUDA host emulation (cuda-emulated): " + CudaBackend.runtimeInfo(true));
        return lines;
    }

    /** The cpu backend with a thread count (0: FRNN_NUM_THREADS or all cores). */
    static Backend createCpu(int threads) { return new NativeBackend(threads); }

    /** The backend of an available native status (see {@link Backends#select}). */
    static Backend create(String name) {
        // One status query: the reason given is the one that decided.
        Backends.Status s = name.equals("cpu") ? cpuStatus() : name.equals("cuda") ? cudaStatus() : cudaEmulatedStatus();
        if (s.available()) return name.equals("cpu") ? new NativeBackend() : new CudaBackend(name.equals("cuda-emulated"));
        throw new IllegalStateException("backend " + name + " is unavailable: " + s.reason());
    }
}

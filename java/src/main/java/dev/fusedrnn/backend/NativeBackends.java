package dev.fusedrnn.backend;

/** The native backends' availability, read from the native libraries. */
final class NativeBackends {
    private NativeBackends() { }

    static Backends.Status cpuStatus() {
        return new Backends.Status("cpu", false, "the fused CPU kernels are not part of this build yet");
    }

    static Backends.Status cudaStatus() {
        return new Backends.Status("cuda", false, "the fused CUDA kernels are not part of this build yet");
    }

    static java.util.List<String> report() {
        return java.util.List.of("Native libraries: not part of this build yet");
    }

    static Backend create(String name) {
        throw new IllegalStateException("backend " + name + " is unavailable");
    }
}

package dev.fusedrnn.bench;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.backend.Backends;
import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;

import java.util.SplittableRandom;

/**
 * One recurrent layer's inputs, weights and gradient buffers on a backend, for the layer benchmarks: a
 * size "NxTxCxH" (JMH splits -p values at commas), seeded uniform values, the backend closed with the
 * workload.
 */
final class LayerWorkload implements AutoCloseable {
    final Backend backend;
    final RnnSpec spec;
    final RnnBuffers buffers = new RnnBuffers();
    final RnnGrads grads = new RnnGrads();

    /**
     * {@code kernelScale} and {@code recurrentScale} bound the uniform weights (NaN: Glorot for W, 1/√H for U,
     * which keeps large layers out of saturation).
     */
    LayerWorkload(String backendName, CellType cell, String size, double kernelScale, double recurrentScale) {
        Backends.Status status = Backends.describe().stream().filter(s -> s.name().equals(backendName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + backendName + "'"));
        if (!status.available()) {
            throw new IllegalStateException("skipped: backend " + backendName + " is unavailable here: " + status.reason());
        }
        backend = Backends.create(backendName);
        String[] s = size.split("x");
        int n = Integer.parseInt(s[0]), t = Integer.parseInt(s[1]), c = Integer.parseInt(s[2]), h = Integer.parseInt(s[3]);
        spec = new RnnSpec(cell, c, h, Activation.TANH, Activation.SIGMOID, true, false, false, false);
        SplittableRandom r = new SplittableRandom(1);
        buffers.batch = n;
        buffers.time = t;
        buffers.x = random(r, (long) n * t * c, 1.0);
        buffers.kernel = random(r, spec.kernelSize(),
                Double.isNaN(kernelScale) ? Math.sqrt(6.0 / (c + spec.gateColumns())) : kernelScale);
        buffers.recurrentKernel = random(r, spec.recurrentKernelSize(),
                Double.isNaN(recurrentScale) ? Math.sqrt(1.0 / h) : recurrentScale);
        buffers.bias = random(r, spec.biasSize(), 0.1);
        buffers.output = backend.allocate((long) n * h);
        grads.dOutput = random(r, (long) n * h, 1.0);
        grads.dx = backend.allocate((long) n * t * c);
        grads.dKernel = backend.allocate(spec.kernelSize());
        grads.dRecurrentKernel = backend.allocate(spec.recurrentKernelSize());
        grads.dBias = backend.allocate(spec.biasSize());
    }

    private Buffer random(SplittableRandom r, long n, double scale) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return backend.allocate(n).set(v);
    }

    @Override
    public void close() { backend.close(); }
}

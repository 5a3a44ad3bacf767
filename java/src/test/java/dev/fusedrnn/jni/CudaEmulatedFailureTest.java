package dev.fusedrnn.jni;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Backends;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.train.Adam;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.FitOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CUDA failures through the public API, on {@code cuda-emulated} with the emulator's fault injection
 * ({@link FrnnCudaEmuLib#frnn_cuda_emu_inject_fault}): out of device memory, a failed kernel launch and a
 * lost device in the middle of fit end in a {@link FrnnException} that names the failed call and says that
 * the parameters of the last completed epoch are on the host; continuing on the cpu backend from there
 * works; after a one-off fault the backend stays usable, after a lost device it fails every call cleanly.
 * The start-up smoke kernel makes a missing kernel image a reason the backend is unavailable.
 */
class CudaEmulatedFailureTest {

    @BeforeEach
    void requireEmulation() {
        String problem = CudaBackend.emulationProblem();
        assumeTrue(problem == null, () -> "cuda-emulated unavailable: " + problem);
    }

    @AfterEach
    void clearFault() { FrnnCudaEmuLib.frnn_cuda_emu_inject_fault(null, 0, 0, 0); }

    /** x [24, 6, 2] uniform in [-1, 1]; y [24, 1] the mean of x0 · x1 over time. */
    private static Tensor[] data() {
        Random r = new Random(3);
        float[] x = new float[24 * 6 * 2];
        float[] y = new float[24];
        for (int n = 0; n < 24; n++) {
            for (int t = 0; t < 6; t++) {
                int at = (n * 6 + t) * 2;
                x[at] = (float) (2 * r.nextDouble() - 1);
                x[at + 1] = (float) (2 * r.nextDouble() - 1);
                y[n] += x[at] * x[at + 1] / 6;
            }
        }
        return new Tensor[] {Tensor.of(x, 24, 6, 2), Tensor.of(y, 24, 1)};
    }

    private static Sequential model() {
        Sequential m = new Sequential(new LSTM(5), new Dense(1)).backend("cuda-emulated").seed(11);
        m.build(6, 2);
        m.compile(new Adam(0.01), "mse");
        return m;
    }

    /** At the end of epoch {@code at} (0-based): keeps the parameters, then injects the fault. */
    private static final class FaultAt implements Callback {
        final Sequential model;
        final int at;
        final String event;
        final int error;
        final int sticky;
        float[] parameters;

        FaultAt(Sequential model, int at, String event, int error, int sticky) {
            this.model = model;
            this.at = at;
            this.event = event;
            this.error = error;
            this.sticky = sticky;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            if (epoch != at) return;
            parameters = model.getParameters();
            assertEquals(FrnnLib.FRNN_OK, FrnnCudaEmuLib.frnn_cuda_emu_inject_fault(event, 2, error, sticky));
        }
    }

    private static FitOptions options(Callback c) { return new FitOptions().epochs(4).batchSize(8).shuffle(false).verbose(0).callbacks(c); }

    @Test
    void lostDeviceMidFitEndsInFrnnExceptionAndTheCpuContinuesFromTheLastEpoch() {
        Tensor[] d = data();
        try (Sequential model = model()) {
            FaultAt fault = new FaultAt(model, 1, "launch", 700, 1);
            FrnnException e = assertThrows(FrnnException.class, () -> model.fit(d[0], d[1], options(fault)));
            assertEquals(FrnnLib.FRNN_ERR_CUDA, e.status());
            String m = e.getMessage();
            assertTrue(m.contains("cudaErrorIllegalAddress (700)") && m.contains("cuda-emulated failed in fit"), m);
            assertTrue(m.contains("The parameters as they were after epoch 2 are on the host") && m.contains("model.backend(\"cpu\")"), m);
            // The device is lost: every later call is a clear exception, not a crash.
            assertThrows(FrnnException.class, () -> model.predict(d[0]));

            model.backend("cpu");
            assertEquals("cpu", model.backend().name());
            assertArrayEquals(fault.parameters, model.getParameters());
            List<Double> loss = model.fit(d[0], d[1], new FitOptions().epochs(3).batchSize(8).shuffle(false).verbose(0)).get("loss");
            assertTrue(loss.get(2) < loss.get(0), loss.toString());
            assertEquals(24, model.predict(d[0]).dim(0));
        }
    }

    @Test
    void outOfDeviceMemoryGivesTheSizesAndTheBackendStaysUsable() {
        Tensor[] d = data();
        try (Sequential model = model()) {
            FaultAt fault = new FaultAt(model, 0, "malloc", 2, 0);   // cudaErrorMemoryAllocation, once
            FrnnException e = assertThrows(FrnnException.class, () -> model.fit(d[0], d[1], options(fault)));
            assertEquals(FrnnLib.FRNN_ERR_OUT_OF_MEMORY, e.status());
            String m = e.getMessage();
            assertTrue(m.contains("out of device memory") && m.contains("bytes, the device has") && m.contains("bytes free"), m);
            assertTrue(m.contains("after epoch 1 are on the host"), m);
            // A one-off failure: the same model goes on on the device.
            List<Double> loss = model.fit(d[0], d[1], new FitOptions().epochs(2).batchSize(8).shuffle(false).verbose(0)).get("loss");
            assertTrue(Double.isFinite(loss.get(1)), loss.toString());
        }
    }

    @Test
    void failedKernelLaunchNamesTheCallAndMovingToCpuMatchesTheCpuBackend() {
        Tensor[] d = data();
        try (Sequential model = model(); Sequential cpu = new Sequential(new LSTM(5), new Dense(1)).backend("cpu").seed(11)) {
            FaultAt fault = new FaultAt(model, 0, "launch", 719, 0);
            FrnnException e = assertThrows(FrnnException.class, () -> model.fit(d[0], d[1], options(fault)));
            assertTrue(e.getMessage().contains("frnn_cuda_rnn_forward: cudaGetLastError() failed: cudaErrorLaunchFailure (719)"), e.getMessage());
            model.backend("cpu");
            cpu.build(6, 2);
            cpu.setParameters(fault.parameters);
            assertArrayEquals(cpu.predict(d[0]).toArray(), model.predict(d[0]).toArray());
        }
    }

    @Test
    void missingKernelImageAtStartUpMakesTheBackendUnavailableWithTheReason() {
        assertEquals(FrnnLib.FRNN_OK, FrnnCudaEmuLib.frnn_cuda_emu_inject_fault("launch:smoke_kernel", 0, 209, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.create("cuda-emulated"));
        assertTrue(e.getMessage().contains("smoke kernel failed: cudaErrorNoKernelImageForDevice (209)"), e.getMessage());
        Backends.Status s = Backends.describe().stream().filter(x -> x.name().equals("cuda-emulated")).findFirst().orElseThrow();
        assertFalse(s.available());
        FrnnCudaEmuLib.frnn_cuda_emu_inject_fault(null, 0, 0, 0);
        assertEquals(null, CudaBackend.emulationProblem());
    }
}

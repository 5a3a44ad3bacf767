package dev.fusedrnn.jni;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.backend.Backend;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Recurrent;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.reference.ReferenceBackend;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.Sgd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same model, trained with the same seed on the cpu backend and on the reference, follows the same
 * loss curve: a recurrent layer (each cell) and a Dense head, SGD over 4 mini-batches per
 * epoch for 12 epochs, no shuffling.
 *
 * <p>Tolerance, scaled as the parity cases' ({@code max|Δ| / max(1, max|loss|)}): each reported loss is a
 * float32 forward pass, within ~1e-5 scaled of the float64 one (the recurrent cross-backend bound; Dense
 * and MSE add (8 + 1)·u). The parameters drift apart by at most epochs·batches·lr·(gradient error ≤ 1e-5
 * scaled, |g| ≲ 1) = 48·0.05·1e-5 ≈ 2.4e-5, changing the loss by at most |∇L|·that ≲ 2.4e-5 more
 * (SGD steps with this learning rate contract rather than amplify differences). So the curves agree to
 * ≈ 3.4e-5; 1e-4 leaves a factor 3. A real defect (a wrong gradient) moves the curve by 1e-2 within a few epochs.
 */
class CpuTrainingTest {
    static final double TOLERANCE = 1e-4;

    @BeforeAll
    static void requireLibrary() {
        assumeTrue(NativeLibraries.cpu().loaded(), () -> "CPU library not loaded: " + NativeLibraries.cpu().reason());
    }

    /** x [32, 10, 3] uniform in [-1, 1]; y [32, 1] = mean over time of (x0 − x1·x2), a smooth target. */
    private static Tensor[] data() {
        Random r = new Random(77);
        float[] x = new float[32 * 10 * 3];
        float[] y = new float[32];
        for (int n = 0; n < 32; n++) {
            double s = 0;
            for (int t = 0; t < 10; t++) {
                int at = (n * 10 + t) * 3;
                for (int c = 0; c < 3; c++) x[at + c] = (float) (2 * r.nextDouble() - 1);
                s += x[at] - x[at + 1] * x[at + 2];
            }
            y[n] = (float) (s / 10);
        }
        return new Tensor[] {Tensor.of(x, 32, 10, 3), Tensor.of(y, 32, 1)};
    }

    private static List<Double> train(Backend backend, Supplier<Recurrent> layer) {
        Tensor[] d = data();
        try (Sequential model = new Sequential(layer.get(), new Dense(1)).backend(backend).seed(5)) {
            model.build(10, 3);
            model.compile(new Sgd(0.05), "mse");
            return model.fit(d[0], d[1], new FitOptions().epochs(12).batchSize(8).shuffle(false).verbose(0)).get("loss");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple_rnn", "lstm", "gru reset_after", "gru reset_before"})
    void lossCurveMatchesTheReference(String cell) {
        Supplier<Recurrent> layer = () -> {
            switch (cell) {
                case "simple_rnn": return new SimpleRNN(8);
                case "lstm": return new LSTM(8);
                case "gru reset_after": return new GRU(8).resetAfter(true);
                default: return new GRU(8).resetAfter(false);
            }
        };
        List<Double> ref = train(new ReferenceBackend(), layer);
        List<Double> cpu;
        try (NativeBackend be = new NativeBackend(2)) {
            cpu = train(be, layer);
        }
        assertEquals(ref.size(), cpu.size());
        assertTrue(ref.get(ref.size() - 1) < ref.get(0), () -> cell + ": the reference did not learn: " + ref);
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < ref.size(); i++) {
            maxRef = Math.max(maxRef, Math.abs(ref.get(i)));
            maxDiff = Math.max(maxDiff, Math.abs(cpu.get(i) - ref.get(i)));
        }
        double err = maxDiff / Math.max(1, maxRef);
        assertTrue(err <= TOLERANCE, () -> cell + ": loss curves differ by scaled " + err + " > " + TOLERANCE + "\n cpu " + cpu + "\n ref " + ref);
    }
}

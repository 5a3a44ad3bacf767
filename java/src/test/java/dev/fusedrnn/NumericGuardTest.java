package dev.fusedrnn;

import dev.fusedrnn.backend.Buffer;
import dev.fusedrnn.layers.Act;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.Step;
import dev.fusedrnn.train.Callback;
import dev.fusedrnn.train.FitOptions;
import dev.fusedrnn.train.History;
import dev.fusedrnn.train.NonFiniteException;
import dev.fusedrnn.train.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fit's finite-value check: where it stops, what it names, what it leaves in the weights, and its opt-out. */
class NumericGuardTest {

    /** An identity layer whose backward pass turns its input gradient into NaN from the {@code from}-th call on. */
    private static final class PoisonGradient extends Layer {
        private final int from;
        private int calls;

        PoisonGradient(int from) { this.from = from; }

        @Override
        protected int[] doBuild(int[] in) { return in; }

        @Override
        public Act forward(Step step, Act in) { return in; }

        @Override
        public Act backward(Step step, Act dOut, boolean needInputGradient) {
            if (++calls < from) return dOut;
            float[] g = dOut.data().toFloatArray();
            g[0] = Float.NaN;
            Buffer poisoned = step.upload(g);
            return new Act(poisoned, dOut.shape(), dOut.mask());
        }
    }

    private static Tensor ramp(int n, int features, double scale) {
        float[] v = new float[n * features];
        for (int i = 0; i < v.length; i++) v[i] = (float) (scale * Math.sin(0.37 * i));
        return Tensor.of(v, n, features);
    }

    /** Records the parameters after every batch. */
    private static final class ParameterRecorder implements Callback {
        final Sequential model;
        final List<float[]> afterBatch = new ArrayList<>();

        ParameterRecorder(Sequential model) { this.model = model; }

        @Override
        public void onBatchEnd(int epoch, int batch, int batches, Map<String, Double> logs) { afterBatch.add(model.getParameters()); }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu"})
    void aNaNGradientStopsBeforeTheUpdateAndNamesTheLayerWhereItBegan(String backend) {
        try (Sequential m = new Sequential(new Dense(3).name("first"), new PoisonGradient(3), new Dense(1).name("last"))
                .backend(backend).seed(1)) {
            m.build(4);
            m.compile(new Sgd(0.01), "mse");
            ParameterRecorder recorder = new ParameterRecorder(m);
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> m.fit(ramp(16, 4, 1), ramp(16, 1, 1),
                    new FitOptions().epochs(2).batchSize(4).shuffle(false).verbose(0).callbacks(recorder)));
            // "last" sits after the poison, so its gradient is finite; "first" receives the NaN.
            assertEquals("first (Dense)", e.layer());
            assertEquals("kernel", e.weight());
            assertEquals(1, e.epoch());
            assertEquals(3, e.batch(), e.getMessage());
            assertEquals(3, e.step());
            assertTrue(e.getMessage().contains("the gradient of first (Dense) weight kernel became NaN or infinite at epoch 1,"
                    + " batch 3 (training step 3)"), e.getMessage());
            assertTrue(e.getMessage().contains("the parameters are those after step 2"), e.getMessage());
            assertEquals(2, recorder.afterBatch.size());
            assertArrayEquals(recorder.afterBatch.get(1), m.getParameters());
        }
    }

    @Test
    void anOverflowingForwardPassIsBlamedOnTheFirstLayerWhoseOutputIsNotFinite() {
        // float32 only: the sum of two inputs near the float32 maximum overflows in the first layer.
        try (Sequential m = new Sequential(new Dense(2).name("wide"), new Dense(1).name("out")).backend("cpu").seed(2)) {
            m.build(2);
            float[] ones = new float[(int) m.countParams()];
            Arrays.fill(ones, 1f);
            m.setParameters(ones);
            m.compile(new Sgd(0.01), "mse");
            Tensor x = Tensor.of(new float[] {3e38f, 3e38f, 1f, 1f}, 2, 2);
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> m.fit(x, ramp(2, 1, 1), new FitOptions().batchSize(2).verbose(0)));
            assertEquals("wide (Dense)", e.layer());
            assertNull(e.weight());
            assertEquals(1, e.step());
            assertTrue(e.getMessage().startsWith("fit: the output of wide (Dense) became NaN or infinite at epoch 1, batch 1"),
                    e.getMessage());
            assertArrayEquals(ones, m.getParameters());
        }
    }

    @Test
    void anUpdateThatOverflowsFloat32IsReportedAsLostWeights() {
        // Finite gradients of order 10 times a learning rate of 1e38 leave the float32 range in p − lr·g.
        try (Sequential m = new Sequential(new Dense(1).name("d")).backend("cpu").seed(3)) {
            m.compile(new Sgd(1e38), "mse");
            Tensor y = Tensor.of(new float[] {20f, 20f, 20f, 20f}, 4, 1);
            NonFiniteException e = assertThrows(NonFiniteException.class,
                    () -> m.fit(ramp(4, 3, 1), y, new FitOptions().batchSize(4).verbose(0)));
            assertEquals("d (Dense)", e.layer());
            assertEquals("kernel", e.weight());
            assertEquals(1, e.step());
            assertTrue(e.getMessage().contains("the update made d (Dense) weight kernel NaN or infinite"), e.getMessage());
            assertTrue(e.getMessage().contains("restore them from a checkpoint"), e.getMessage());
        }
    }

    @Test
    void withTheCheckOffTrainingCarriesOnAndReportsNaN() {
        try (Sequential m = new Sequential(new Dense(3), new PoisonGradient(3), new Dense(1)).backend("cpu").seed(1)) {
            m.compile(new Sgd(0.01), "mse");
            History h = m.fit(ramp(16, 4, 1), ramp(16, 1, 1),
                    new FitOptions().epochs(2).batchSize(4).shuffle(false).verbose(0).checkFinite(false));
            assertEquals(2, h.epochs());
            assertTrue(Double.isNaN(h.last("loss")), h.toString());
        }
    }
}

package dev.fusedrnn.layers;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.TestData;
import dev.fusedrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct-call API plumbs the right tensors: its forward equals the same layer inside a model, its
 * final state equals the last output, and its gradients agree with finite differences of
 * L = Σ dOut·output + Σ dh·h_T + Σ dc·c_T. The outputs come back as float32, so a central difference
 * with step 1e-2 carries a rounding error of about N·T·H·2^-24 / 2e-2 ≈ 1e-4 absolute for these sizes
 * (the cells' own math is checked to 1e-6 in double elsewhere); 2e-3 separates plumbing errors,
 * which are of order 1, from that noise.
 */
class RecurrentCallTest {

    private static double dot(Tensor a, Tensor b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (double) x[i] * y[i];
        return s;
    }

    @Test
    void forwardMatchesTheModelAndGradientsMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(1);
        Tensor x = TestData.uniform(r, 0.5, 2, 5, 3);
        Tensor h0 = TestData.uniform(r, 0.5, 2, 4);
        Tensor c0 = TestData.uniform(r, 0.5, 2, 4);
        try (RecurrentCall call = RecurrentCall.build(new LSTM(4).returnSequences(true), 3, new ReferenceBackend(), 2)) {
            RecurrentCall.Output out = call.forward(x, null, h0, c0);
            assertArrayEquals(new int[] {2, 5, 4}, out.output().shape());
            float[] seq = out.output().toArray();
            float[] h = out.finalStates()[0].toArray();
            for (int n = 0; n < 2; n++) {
                for (int k = 0; k < 4; k++) assertEquals(seq[(n * 5 + 4) * 4 + k], h[n * 4 + k], 0f);
            }
            Tensor dOut = TestData.uniform(r, 0.5, 2, 5, 4);
            Tensor dh = TestData.uniform(r, 0.5, 2, 4);
            Tensor dc = TestData.uniform(r, 0.5, 2, 4);
            RecurrentCall.Gradients g = call.backward(dOut, dh, dc);
            // d/dx[0,2,1] and d/dh0[1,3] by central differences
            assertTrue(Math.abs(fd(call, x, h0, c0, dOut, dh, dc, 0, (0 * 5 + 2) * 3 + 1) - g.dx().get(0, 2, 1)) < 2e-3);
            assertTrue(Math.abs(fd(call, x, h0, c0, dOut, dh, dc, 1, 1 * 4 + 3) - g.dInitialStates()[0].get(1, 3)) < 2e-3);
            assertTrue(Math.abs(fd(call, x, h0, c0, dOut, dh, dc, 2, 0) - g.dInitialStates()[1].get(0, 0)) < 2e-3);
            assertArrayEquals(new int[] {3, 16}, g.dKernel().shape());
            assertArrayEquals(new int[] {4, 16}, g.dRecurrentKernel().shape());
            assertArrayEquals(new int[] {16}, g.dBias().shape());

            try (Sequential model = new Sequential(new LSTM(4).returnSequences(true)).backend("reference")) {
                model.build(5, 3);
                model.layers().get(0).setWeights(call.layer().getWeights());
                float[] viaModel = model.predict(x).toArray();
                float[] viaCall = call.forward(x, null).output().toArray();
                assertArrayEquals(viaModel, viaCall, 1e-6f);
            }
        }
    }

    /** Central difference of L in one element of x (which 0), h0 (1) or c0 (2). */
    private static double fd(RecurrentCall call, Tensor x, Tensor h0, Tensor c0, Tensor dOut, Tensor dh, Tensor dc,
                             int which, int index) {
        double step = 1e-2;
        double[] l = new double[2];
        for (int s = 0; s < 2; s++) {
            Tensor[] in = {x, h0, c0};
            float[] v = in[which].toArray();
            v[index] += (float) (s == 0 ? step : -step);
            in[which] = Tensor.of(v, in[which].shape());
            RecurrentCall.Output o = call.forward(in[0], null, in[1], in[2]);
            l[s] = dot(o.output(), dOut) + dot(o.finalStates()[0], dh) + dot(o.finalStates()[1], dc);
        }
        return (l[0] - l[1]) / (2 * step);
    }
}

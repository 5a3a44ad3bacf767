package dev.fusedrnn.reference;

import dev.fusedrnn.Activation;
import dev.fusedrnn.backend.CellType;
import dev.fusedrnn.backend.RnnBuffers;
import dev.fusedrnn.backend.RnnGrads;
import dev.fusedrnn.backend.RnnSpec;
import dev.fusedrnn.backend.RnnTape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle refuses buffers that do not fit the spec, N and T, saying which and how. */
class RecurrentChecksTest {
    static final ReferenceBackend DEV = RnnCase.BACKEND;

    static RnnCase gru() {
        RnnSpec spec = new RnnSpec(CellType.GRU, 3, 4, Activation.TANH, Activation.SIGMOID, true, false, true, false);
        return RnnCase.random(spec, 2, 5, 3, 1);
    }

    static void refused(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }

    @Test
    void forwardNamesTheTensorItsShapeAndBothLengths() {
        RnnCase c = gru();
        RnnBuffers b = c.buffers(false);
        b.x = DEV.allocate(29);
        refused(() -> DEV.rnnForward(c.spec, b, false), "gru forward", "x [N, T, C]", "must hold 30", "got 29");
        RnnBuffers b2 = c.buffers(false);
        b2.bias = DEV.allocate(12);
        refused(() -> DEV.rnnForward(c.spec, b2, false), "bias [2, 3H]", "must hold 24", "got 12");
        RnnBuffers b3 = c.buffers(false);
        b3.output = DEV.allocate(8);   // [N, H], but returnSequences wants [N, T, H]
        refused(() -> DEV.rnnForward(c.spec, b3, false), "output [N, T, H]", "must hold 40");
        RnnBuffers b4 = c.buffers(false);
        b4.recurrentDropout = DEV.allocate(6);
        refused(() -> DEV.rnnForward(c.spec, b4, false), "recurrentDropout [N, H]", "must hold 8");
        RnnBuffers b5 = c.buffers(false);
        b5.kernel = null;
        refused(() -> DEV.rnnForward(c.spec, b5, false), "kernel [C, G*H] is required");
    }

    @Test
    void forwardRefusesCellStateForNonLstmBadMasksAndEmptySizes() {
        RnnCase c = gru();
        RnnBuffers b = c.buffers(false);
        b.c0 = DEV.allocate(8);
        refused(() -> DEV.rnnForward(c.spec, b, false), "c0 given", "only LSTM");
        RnnBuffers b2 = c.buffers(false);
        double[] mask = new double[10];
        mask[7] = 0.5;
        b2.mask = RnnCase.buf(mask);
        refused(() -> DEV.rnnForward(c.spec, b2, false), "mask [N, T] must hold 1 (valid) or 0 (masked), got 0.5",
                "sample 1, step 2");
        RnnBuffers b3 = c.buffers(false);
        b3.time = 0;
        refused(() -> DEV.rnnForward(c.spec, b3, false), "N=2, T=0");
    }

    @Test
    void backwardNeedsALiveMatchingTrainingTape() {
        RnnCase c = gru();
        RnnBuffers b = c.buffers(false);
        RnnGrads g = grads(c);
        refused(() -> DEV.rnnBackward(c.spec, b, DEV.rnnForward(c.spec, b, false), g), "forTraining = false");
        RnnTape tape = DEV.rnnForward(c.spec, b, true);
        tape.close();
        refused(() -> DEV.rnnBackward(c.spec, b, tape, g), "already closed");
        RnnTape live = DEV.rnnForward(c.spec, b, true);
        RnnCase other = RnnCase.random(c.spec, 2, 4, 3, 1);
        RnnBuffers ob = other.buffers(false);
        RnnGrads og = grads(other);
        refused(() -> DEV.rnnBackward(c.spec, ob, live, og), "N=2, T=5", "N=2, T=4");
        g.dBias = DEV.allocate(12);
        refused(() -> DEV.rnnBackward(c.spec, b, live, g), "gru backward", "dBias [2, 3H] must hold 24", "got 12");
        RnnGrads g2 = grads(c);
        g2.dKernel = null;
        refused(() -> DEV.rnnBackward(c.spec, b, live, g2), "dKernel [C, G*H] is required");
        RnnGrads g3 = grads(c);
        g3.dc0 = DEV.allocate(8);
        refused(() -> DEV.rnnBackward(c.spec, b, live, g3), "dc0 given", "only LSTM");
    }

    static RnnGrads grads(RnnCase c) {
        RnnGrads g = new RnnGrads();
        g.dOutput = RnnCase.buf(c.dOutput);
        g.dKernel = DEV.allocate(c.kernel.length);
        g.dRecurrentKernel = DEV.allocate(c.recurrentKernel.length);
        g.dBias = DEV.allocate(c.bias.length);
        return g;
    }
}

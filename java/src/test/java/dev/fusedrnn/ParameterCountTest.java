package dev.fusedrnn;

import dev.fusedrnn.layers.Bidirectional;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Dropout;
import dev.fusedrnn.layers.Embedding;
import dev.fusedrnn.layers.Flatten;
import dev.fusedrnn.layers.GRU;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.SimpleRNN;
import dev.fusedrnn.layers.TimeDistributed;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras's parameter counts, as Keras's summary() prints them for the same models. */
class ParameterCountTest {

    private static long count(int[] input, dev.fusedrnn.layers.Layer... layers) {
        try (Sequential m = new Sequential(layers).backend("reference").seed(1)) {
            return m.build(input).countParams();
        }
    }

    @Test
    void multiplicationStacksOfThirtyUnits() {
        assertEquals(2_851, count(new int[] {100, 2}, new SimpleRNN(30).returnSequences(true), new SimpleRNN(30), new Dense(1)));
        assertEquals(11_311, count(new int[] {100, 2}, new LSTM(30).returnSequences(true), new LSTM(30), new Dense(1)));
        assertEquals(8_671, count(new int[] {100, 2}, new GRU(30).returnSequences(true), new GRU(30), new Dense(1)));
    }

    @Test
    void reutersEmbeddingLstm() {
        assertEquals(185_046, count(new int[] {200}, new Embedding(1000, 100), new LSTM(100), new Dense(46, "softmax")));
    }

    @Test
    void forecastLstm() {
        assertEquals(1_781, count(new int[] {12, 1}, new LSTM(20), new Dense(1)));
    }

    @Test
    void gruWithoutResetAfterHasOneBiasRow() {
        // 3·(C·H + H·H + H) for reset_after=false, 3·(C·H + H·H + 2H) for reset_after=true
        assertEquals(3 * (2 * 30 + 30 * 30 + 30), count(new int[] {5, 2}, new GRU(30).resetAfter(false)));
        assertEquals(3 * (2 * 30 + 30 * 30 + 60), count(new int[] {5, 2}, new GRU(30)));
    }

    @Test
    void wrappersAndShapes() {
        try (Sequential m = new Sequential(new Bidirectional(new LSTM(8).returnSequences(true)),
                new TimeDistributed(new Dense(3)), new Dropout(0.5), new Flatten(), new Dense(2, "softmax"))
                .backend("reference").seed(3)) {
            m.build(7, 4);
            assertEquals(2 * 4 * (4 * 8 + 8 * 8 + 8) + (16 * 3 + 3) + (7 * 3 * 2 + 2), m.countParams());
            assertArrayEquals(new int[] {2}, m.outputShape());
            assertArrayEquals(new int[] {7, 16}, m.layers().get(0).outputShape());
            String s = m.summary();
            assertTrue(s.contains("bidirectional (Bidirectional)"), s);
            assertTrue(s.contains("time_distributed (TimeDistributed)"), s);
            assertTrue(s.contains("Total params: 927"), s);
        }
    }
}

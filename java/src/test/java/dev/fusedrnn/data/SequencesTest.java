package dev.fusedrnn.data;

import dev.fusedrnn.data.Sequences.Side;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pad_sequences and to_categorical as Keras defines them. */
class SequencesTest {
    private static final int[][] SEQS = {{1, 2, 3, 4, 5}, {6, 7}, {}};

    @Test
    void defaultsPadAndTruncateAtTheFront() {
        assertArrayEquals(new int[][] {{3, 4, 5}, {0, 6, 7}, {0, 0, 0}}, Sequences.padSequences(SEQS, 3));
    }

    @Test
    void postPaddingAndPostTruncationWorkIndependently() {
        assertArrayEquals(new int[][] {{1, 2, 3}, {6, 7, 0}, {0, 0, 0}}, Sequences.padSequences(SEQS, 3, Side.POST, Side.POST, 0));
        assertArrayEquals(new int[][] {{3, 4, 5}, {6, 7, 9}, {9, 9, 9}}, Sequences.padSequences(SEQS, 3, Side.POST, Side.PRE, 9));
        assertArrayEquals(new int[][] {{1, 2, 3}, {-1, 6, 7}, {-1, -1, -1}}, Sequences.padSequences(SEQS, 3, Side.PRE, Side.POST, -1));
    }

    @Test
    void withoutMaxlenTheLongestSequenceSetsTheLength() {
        assertArrayEquals(new int[][] {{1, 2, 3, 4, 5}, {0, 0, 0, 6, 7}, {0, 0, 0, 0, 0}}, Sequences.padSequences(SEQS, null));
    }

    @Test
    void maxlenBelowOneAndNullRowsAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(SEQS, 0));
        assertTrue(e.getMessage().contains("maxlen must be >= 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(new int[][] {{}, {}}, null));
        assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(new int[][] {{1}, null}, 2));
    }

    @Test
    void toCategoricalIsOneHot() {
        assertArrayEquals(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}}, Sequences.toCategorical(new int[] {1, 0, 2}, null));
        assertArrayEquals(new float[][] {{0, 1, 0, 0}}, Sequences.toCategorical(new int[] {1}, 4));
        assertThrows(IllegalArgumentException.class, () -> Sequences.toCategorical(new int[] {3}, 3));
        assertThrows(IllegalArgumentException.class, () -> Sequences.toCategorical(new int[] {-1}, null));
    }
}

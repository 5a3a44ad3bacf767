package dev.fusedrnn.data;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keras's Tokenizer semantics, case by case (expected values worked out by hand from the rules). */
class TokenizerTest {

    @Test
    void splitsOnFiltersAndLowerCasesButKeepsApostrophes() {
        assertEquals(List.of("it's", "a", "u", "s", "deal", "3", "5", "mln"),
                Tokenizer.textToWordSequence("It's a U.S. deal--3.5 mln!\n", Tokenizer.DEFAULT_FILTERS, true, " "));
        assertEquals(List.of("A", "b"), Tokenizer.textToWordSequence("A\tb", Tokenizer.DEFAULT_FILTERS, false, " "));
        assertEquals(List.of(), Tokenizer.textToWordSequence("  ...  ", Tokenizer.DEFAULT_FILTERS, true, " "));
    }

    @Test
    void ranksByCountWithTiesInFirstAppearanceOrder() {
        Tokenizer t = new Tokenizer().fitOnTexts(List.of("b a c", "c d a", "a"));
        // counts: a 3, c 2, b 1, d 1 — b was seen before d
        assertEquals(Map.of("a", 1, "c", 2, "b", 3, "d", 4), t.wordIndex());
        assertEquals(List.of("a", "c", "b", "d"), List.copyOf(t.wordIndex().keySet()));
        assertEquals(3, t.documentCount());
        assertArrayEquals(new int[][] {{3, 1, 2}, {2, 4, 1}}, t.textsToSequences(List.of("b a c", "c d a")));
    }

    @Test
    void numWordsKeepsIdsBelowItAndDropsTheRestWithoutAnOovToken() {
        Tokenizer t = new Tokenizer().numWords(3).fitOnTexts(List.of("b a c", "c d a", "a"));
        assertArrayEquals(new int[][] {{1, 2}, {2, 1}}, t.textsToSequences(List.of("b a c", "c d a")));
        assertEquals(4, t.wordIndex().size(), "the index keeps every word; numWords applies when converting");
    }

    @Test
    void oovTokenTakesIdOneAndStandsForUnknownAndRareWords() {
        Tokenizer t = new Tokenizer().oovToken("<OOV>").numWords(3).fitOnTexts(List.of("b a c", "c d a", "a"));
        assertEquals(1, t.wordIndex().get("<OOV>"));
        assertEquals(2, t.wordIndex().get("a"));
        assertArrayEquals(new int[][] {{1, 2, 1}, {1, 1}}, t.textsToSequences(List.of("b a zebra", "c d")));
    }

    @Test
    void aTextWithNoKnownWordsIsAnEmptySequenceThatPadsToPadding() {
        Tokenizer t = new Tokenizer().fitOnTexts(List.of("good food"));
        int[][] s = t.textsToSequences(List.of("awful weather", ""));
        assertEquals(0, s[0].length);
        assertEquals(0, s[1].length);
        assertArrayEquals(new int[][] {{0, 0, 0}, {0, 0, 0}}, Sequences.padSequences(s, 3));
    }

    @Test
    void badUseIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Tokenizer().textsToSequences(List.of("x")));
        assertTrue(e.getMessage().contains("fitOnTexts"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tokenizer().numWords(0));
        assertThrows(IllegalStateException.class, () -> new Tokenizer().fitOnTexts(List.of("a")).oovToken("<OOV>"));
    }
}

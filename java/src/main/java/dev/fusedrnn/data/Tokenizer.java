package dev.fusedrnn.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's text Tokenizer: splits texts into words, ranks the words by frequency and turns texts into
 * sequences of word ids.
 *
 * <ul>
 *   <li>Splitting ({@link #textToWordSequence}): lower-case (when {@code lower}), replace every character
 *       of {@code filters} by {@code split}, split on {@code split}, drop empty pieces. The default filters
 *       are Keras's: all ASCII punctuation except the apostrophe, plus tab and line feed.</li>
 *   <li>{@link #fitOnTexts}: counts words; ids are 1, 2, … by descending count, ties in order of first
 *       appearance (Keras keeps counts in insertion order and sorts stably). With an {@code oovToken},
 *       the token takes id 1 and the words start at 2. Id 0 is never a word: it is padding.</li>
 *   <li>{@link #textsToSequences}: each known word becomes its id; with {@code numWords} set, only ids
 *       below {@code numWords} are kept (the {@code numWords − 1} most frequent words). A word that is
 *       unknown or beyond {@code numWords} becomes the oov id when there is an oov token, and is dropped
 *       otherwise — so a text with no known words gives an empty sequence, as in Keras
 *       ({@link Sequences#padSequences} turns it into a row of padding).</li>
 * </ul>
 * Differences from Keras: no character level mode; lower-casing is Java's {@code toLowerCase(Locale.ROOT)}
 * (Python's {@code str.lower} agrees with it except for a few special letters); an oov token that also
 * occurs as a word in the texts keeps id 1.
 */
public final class Tokenizer {
    /** Keras's default filters: {@code !"#$%&()*+,-./:;<=>?@[\]^_`{|}~}, tab and line feed. */
    public static final String DEFAULT_FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private Integer numWords;
    private String filters = DEFAULT_FILTERS;
    private boolean lower = true;
    private String split = " ";
    private String oovToken;
    private final Map<String, Integer> wordCounts = new LinkedHashMap<>();
    private final Map<String, Integer> wordIndex = new LinkedHashMap<>();
    private int documentCount;

    /** Keep only ids below {@code n} when converting texts (null: all words). */
    public Tokenizer numWords(Integer n) {
        if (n != null && n < 1) throw new IllegalArgumentException("numWords must be >= 1 (or null for all words), got " + n);
        this.numWords = n;
        return this;
    }

    /** Characters replaced by the split string before splitting (default {@link #DEFAULT_FILTERS}). */
    public Tokenizer filters(String chars) { this.filters = chars == null ? "" : chars; return this; }

    /** Lower-case texts before splitting (default true). */
    public Tokenizer lower(boolean on) { this.lower = on; return this; }

    /** The word separator (default one space). */
    public Tokenizer split(String separator) {
        if (separator == null || separator.isEmpty()) throw new IllegalArgumentException("the split separator must not be empty");
        this.split = separator;
        return this;
    }

    /** A token standing for unknown words, with id 1 (default none: unknown words are dropped). */
    public Tokenizer oovToken(String token) {
        if (!wordIndex.isEmpty()) throw new IllegalStateException("set the oov token before fitOnTexts");
        this.oovToken = token;
        return this;
    }

    public Integer numWords() { return numWords; }

    public String oovToken() { return oovToken; }

    /** Number of texts seen by {@link #fitOnTexts}. */
    public int documentCount() { return documentCount; }

    /** Word to id, in id order (unmodifiable; empty before {@link #fitOnTexts}). */
    public Map<String, Integer> wordIndex() { return Collections.unmodifiableMap(wordIndex); }

    /** Word to number of occurrences, in order of first appearance (unmodifiable). */
    public Map<String, Integer> wordCounts() { return Collections.unmodifiableMap(wordCounts); }

    /** Keras's {@code text_to_word_sequence}. */
    public static List<String> textToWordSequence(String text, String filters, boolean lower, String split) {
        String t = lower ? text.toLowerCase(Locale.ROOT) : text;
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (filters.indexOf(c) >= 0) sb.append(split); else sb.append(c);
        }
        List<String> words = new ArrayList<>();
        String s = sb.toString();
        int from = 0;
        while (from <= s.length()) {
            int at = s.indexOf(split, from);
            int end = at < 0 ? s.length() : at;
            if (end > from) words.add(s.substring(from, end));
            if (at < 0) break;
            from = at + split.length();
        }
        return words;
    }

    /** This tokenizer's splitting of one text. */
    public List<String> words(String text) { return textToWordSequence(text, filters, lower, split); }

    /** Counts the words of the texts and (re)builds the word index; may be called again with more texts. */
    public Tokenizer fitOnTexts(List<String> texts) {
        for (String text : texts) {
            documentCount++;
            for (String w : words(text)) wordCounts.merge(w, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(wordCounts.entrySet());
        ranked.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));   // stable: ties keep first appearance
        wordIndex.clear();
        if (oovToken != null) wordIndex.put(oovToken, 1);
        for (Map.Entry<String, Integer> e : ranked) {
            if (!e.getKey().equals(oovToken)) wordIndex.put(e.getKey(), wordIndex.size() + 1);
        }
        return this;
    }

    /** Each text as word ids (see the class comment); rows may be empty and have different lengths. */
    public int[][] textsToSequences(List<String> texts) {
        if (wordIndex.isEmpty()) throw new IllegalStateException("the tokenizer has no words yet: call fitOnTexts first");
        Integer oov = oovToken == null ? null : wordIndex.get(oovToken);
        int[][] out = new int[texts.size()][];
        for (int k = 0; k < out.length; k++) {
            List<String> ws = words(texts.get(k));
            int[] ids = new int[ws.size()];
            int n = 0;
            for (String w : ws) {
                Integer id = wordIndex.get(w);
                if (id != null && (numWords == null || id < numWords)) ids[n++] = id;
                else if (oov != null) ids[n++] = oov;
            }
            out[k] = java.util.Arrays.copyOf(ids, n);
        }
        return out;
    }
}

package dev.fusedrnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Keras's {@code reuters} data set (11,228 newswires over 46 topics; 8,982 train and 2,246 test),
 * rebuilt from the Reuters-21578 SGML files the way Keras built it:
 *
 * <ol>
 *   <li>The 22 files {@code reut2-000} … {@code reut2-021} in that order, read as Latin-1. For every
 *       {@code <TOPICS>} tag, the topic is the text up to the next closing tag with {@code <D>} removed:
 *       the first topic of the document, or nothing for an empty {@code <TOPICS></TOPICS>} (skipped).
 *       (Keras's builder meant to keep only single-topic documents, but its test looked for
 *       {@code </D><D>} in a string cut at the first {@code </}, so it keeps the first topic of every
 *       labelled document; we do the same, since that is what yields Keras's 11,228.)</li>
 *   <li>The text is that of the first {@code <BODY>} after the tag: the document's own body, or —
 *       for a document without one (975 of the 11,228) — the next body in the file, as Keras's
 *       builder did; after a file's last body, the raw rest of the file (one document, in
 *       {@code reut2-006}). Texts include the closing {@code Reuter &#3;}, which tokenizes to "reuter", "3".</li>
 *   <li>Topics with at least 15 documents are kept (46); labels 0…45 number them in order of first
 *       appearance (cocoa, grain, veg-oil, earn, acq, …).</li>
 *   <li>Words are split by {@link Tokenizer#textToWordSequence} with Keras's default filters and
 *       lower-casing, counted over the kept texts and ranked by descending count; ties rank in the
 *       order of the Python 2 dict the counts were kept in ({@link Python2DictOrder}).</li>
 *   <li>Then {@code load_data}'s conventions: shuffle with numpy's {@code RandomState(113)}; prepend
 *       {@code startChar} (1) and add {@code indexFrom} (3) to every word rank; words with an id of
 *       {@code numWords} or more, or below {@code skipTop}, become {@code oovChar} (2) — with
 *       {@code numWords} null that is the single largest id, as in Keras; the last
 *       {@code testSplit} (0.2) are the test set.</li>
 * </ol>
 */
public final class Reuters {
    /** The folder in the data directory. */
    public static final String DIR = "reuters21578";
    public static final int FILES = 22;

    /** Keras's {@code load_data} arguments. */
    public record Options(Integer numWords, int skipTop, long seed, int startChar, int oovChar, int indexFrom, double testSplit) {
        /** Keras's defaults: all words, seed 113, start 1, oov 2, index from 3, 20 % test. */
        public static Options defaults() { return new Options(null, 0, 113, 1, 2, 3, 0.2); }

        public Options numWords(Integer n) { return new Options(n, skipTop, seed, startChar, oovChar, indexFrom, testSplit); }
    }

    /**
     * The split data set.
     *
     * @param wordIndex word to rank (1 = most frequent), as Keras's {@code reuters_word_index.json}: a
     *                  word's id in the sequences is its rank + {@code indexFrom}
     * @param labels    topic names by label
     */
    public record Data(int[][] xTrain, int[] yTrain, int[][] xTest, int[] yTest, List<String> labels, Map<String, Integer> wordIndex) {
        public int numClasses() { return labels.size(); }
    }

    /** The labelled newswires before shuffling: text and label, in file order. */
    record Wires(List<String> texts, int[] labels, List<String> topics) { }

    private Reuters() { }

    /** Builds the data set from {@code dataDir/reuters21578}. */
    public static Data load(Path dataDir, Options o) {
        Wires w = wires(dataDir.resolve(DIR));
        // count words in order of first appearance, then rank: count descending, ties in Python 2 dict order
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<List<String>> words = new ArrayList<>();
        for (String t : w.texts()) {
            List<String> ws = Tokenizer.textToWordSequence(t, Tokenizer.DEFAULT_FILTERS, true, " ");
            words.add(ws);
            for (String s : ws) counts.merge(s, 1, Integer::sum);
        }
        List<String> ranked = new ArrayList<>(Python2DictOrder.order(new ArrayList<>(counts.keySet())));
        ranked.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));   // stable
        Map<String, Integer> rank = new LinkedHashMap<>();
        for (String s : ranked) rank.put(s, rank.size() + 1);

        int n = words.size();
        int[] order = new NumpyRandom(o.seed()).permutation(n);
        int[][] xs = new int[n][];
        int[] ys = new int[n];
        int maxId = 0;
        for (int i = 0; i < n; i++) {
            List<String> ws = words.get(order[i]);
            int[] x = new int[ws.size() + 1];
            x[0] = o.startChar();
            for (int k = 0; k < ws.size(); k++) x[k + 1] = rank.get(ws.get(k)) + o.indexFrom();
            for (int v : x) maxId = Math.max(maxId, v);
            xs[i] = x;
            ys[i] = w.labels()[order[i]];
        }
        int limit = o.numWords() == null ? maxId : o.numWords();
        for (int[] x : xs) for (int k = 0; k < x.length; k++) if (x[k] < o.skipTop() || x[k] >= limit) x[k] = o.oovChar();
        int split = (int) (n * (1 - o.testSplit()));
        return new Data(java.util.Arrays.copyOfRange(xs, 0, split), java.util.Arrays.copyOfRange(ys, 0, split),
                java.util.Arrays.copyOfRange(xs, split, n), java.util.Arrays.copyOfRange(ys, split, n),
                w.topics(), Collections.unmodifiableMap(rank));
    }

    /** The kept newswires (step 1 to 3 of the class comment) of a {@code reuters21578} folder. */
    static Wires wires(Path dir) {
        List<String> topicOf = new ArrayList<>();
        List<String> textOf = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            String name = String.format("reut2-%03d.sgm.gz", f);
            Path file = DataFiles.requireFile(dir, name);
            scan(read(file), file.toString(), topicOf, textOf);
        }
        Map<String, Integer> count = new LinkedHashMap<>();
        for (String t : topicOf) count.merge(t, 1, Integer::sum);
        Map<String, Integer> label = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < topicOf.size(); i++) {
            String t = topicOf.get(i);
            if (count.get(t) < 15) continue;
            labels.add(label.computeIfAbsent(t, k -> label.size()));
            texts.add(textOf.get(i));
        }
        return new Wires(texts, labels.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(label.keySet()));
    }

    /** Appends each labelled document's first topic and text found in one file's SGML. */
    static void scan(String s, String source, List<String> topics, List<String> texts) {
        int pos = 0;
        while (true) {
            int tag = s.indexOf("<TOPICS>", pos);
            if (tag < 0) return;
            pos = tag + "<TOPICS>".length();
            int close = s.indexOf("</", pos);
            if (close < 0) throw new IllegalArgumentException(source + ": a <TOPICS> tag is never closed; the file is damaged");
            String topic = s.substring(pos, close).replace("<D>", "");
            if (topic.isEmpty()) continue;
            int body = s.indexOf("<BODY>", pos);
            String text;
            if (body < 0) {
                // No body left in the file: Keras's builder sliced from "not found" (-1) + len("<BODY>") = 5
                // characters past the tag, and, finding no "</BODY>" either, to the last character but one.
                // The text is then the raw SGML of the rest of the file; we take it too, as its words count.
                text = s.substring(Math.min(pos + 5, s.length()), Math.max(pos + 5, s.length() - 1));
            } else {
                int from = body + "<BODY>".length();
                int end = s.indexOf("</BODY>", from);
                if (end < 0) throw new IllegalArgumentException(source + ": a <BODY> is never closed; the file is damaged");
                text = s.substring(from, end);
            }
            topics.add(topic);
            texts.add(text);
        }
    }

    /** A gzip file's bytes as Latin-1 text, with a clear error for a damaged file. */
    static String read(Path gz) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException(gz.toAbsolutePath() + " is not a complete gzip file (" + e.getMessage()
                    + "); restore it from the repository (data/PROVENANCE.md lists its checksum)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + gz.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}

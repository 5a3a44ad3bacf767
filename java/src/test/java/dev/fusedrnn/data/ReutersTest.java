package dev.fusedrnn.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Reuters rebuild on the bundled SGML files, checked against Keras's published facts about its data set. */
class ReutersTest {
    static Reuters.Data data;

    @BeforeAll
    static void build() { data = Reuters.load(DataFiles.locate(), Reuters.Options.defaults().numWords(10000)); }

    @Test
    void kerasCounts() {
        assertEquals(8982, data.xTrain().length);
        assertEquals(8982, data.yTrain().length);
        assertEquals(2246, data.xTest().length);
        assertEquals(2246, data.yTest().length);
        assertEquals(46, data.numClasses());
    }

    @Test
    void topicNamesInKerasLabelOrder() {
        assertEquals(List.of("cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee",
                "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
                "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel",
                "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead"),
                data.labels());
        int earn = 0;
        for (int y : data.yTrain()) if (y == 3) earn++;
        assertEquals(3159, earn, "Keras's y_train holds 3,159 samples of class 3 (earn)");
    }

    @Test
    void theFirstTrainingNewswireIsKerasFirstOne() {
        // Keras's x_train[0] (label 3), decoded with its word index: "? ? ? said as a result of its december
        // acquisition of space co it expects earnings per share in 1987 of 1 15 to 1 30 dlrs per share ..."
        assertEquals(3, data.yTrain()[0]);
        assertEquals(87, data.xTrain()[0].length);
        assertArrayEquals(new int[] {1, 2, 2, 8}, Arrays.copyOf(data.xTrain()[0], 4));
        Map<Integer, String> word = new HashMap<>();
        data.wordIndex().forEach((w, rank) -> word.put(rank + 3, w));
        List<String> words = new ArrayList<>();
        for (int id : Arrays.copyOfRange(data.xTrain()[0], 3, 19)) words.add(word.get(id));
        assertEquals(List.of("said", "as", "a", "result", "of", "its", "december", "acquisition", "of", "space", "co", "it",
                "expects", "earnings", "per", "share"), words);
        assertEquals(List.of("the", "of", "to", "in", "said"), data.wordIndex().keySet().stream().limit(5).toList());
    }

    @Test
    void wordIdsAgreeWithKerasPublishedSequencesExceptFourTies() {
        // Keras's x_train[0] and x_train[10] with num_words=10000, as printed in many tutorials. Our ids agree
        // on 114 of the 118 positions. Of the 4 that differ, 3 rank words of equal count ("19"/"reported" at
        // 862, "22"/"his" at 825, "688"/"firming" at 24) and 1 has a count of 507 here where Keras's rank
        // needs at least 508 ("result"): the Python 2 dict order depends on every word inserted, so a
        // one-word difference between Keras's copy of the files and ours moves a few ties. Ranking ties by
        // first appearance instead (Keras 2's Tokenizer) would miss 16 of the 118.
        int[] keras0 = {1, 2, 2, 8, 43, 10, 447, 5, 25, 207, 270, 5, 3095, 111, 16, 369, 186, 90, 67, 7, 89, 5, 19, 102, 6, 19,
                124, 15, 90, 67, 84, 22, 482, 26, 7, 48, 4, 49, 8, 864, 39, 209, 154, 6, 151, 6, 83, 11, 15, 22, 155, 11, 15, 7, 48,
                9, 4579, 1005, 504, 6, 258, 6, 272, 11, 15, 22, 134, 44, 11, 15, 16, 8, 197, 1245, 90, 67, 52, 29, 209, 30, 32, 132,
                6, 109, 15, 17, 12};
        int[] keras10 = {1, 245, 273, 207, 156, 53, 74, 160, 26, 14, 46, 296, 26, 39, 74, 2979, 3554, 14, 46, 4689, 4329, 86, 61,
                3499, 4795, 14, 61, 451, 4329, 17, 12};
        assertEquals(3, data.yTrain()[10]);
        int differ = 0;
        for (int k = 0; k < keras0.length; k++) if (data.xTrain()[0][k] != keras0[k]) differ++;
        for (int k = 0; k < keras10.length; k++) if (data.xTrain()[10][k] != keras10[k]) differ++;
        assertEquals(keras0.length, data.xTrain()[0].length);
        assertEquals(keras10.length, data.xTrain()[10].length);
        assertEquals(4, differ);
    }

    @Test
    void numWordsAndDefaultsFollowLoadData() {
        for (int[] x : data.xTrain()) for (int id : x) assertTrue(id >= 1 && id < 10000, "id " + id);
        Reuters.Data all = Reuters.load(DataFiles.locate(), Reuters.Options.defaults());
        int max = 0;
        for (int[] x : all.xTrain()) for (int id : x) max = Math.max(max, id);
        for (int[] x : all.xTest()) for (int id : x) max = Math.max(max, id);
        // without numWords, load_data's limit is the largest id itself, so that one id becomes oov (2)
        assertEquals(all.wordIndex().size() + 3 - 1, max);
    }

    @Test
    void numpyShuffleMatchesNumpy() {
        // np.random.RandomState(113); ind = np.arange(11228); rng.shuffle(ind); ind[:12] (numpy 2.4)
        assertArrayEquals(new int[] {1341, 4427, 5095, 2044, 3024, 1792, 1931, 2375, 2080, 9868, 4779, 8169},
                Arrays.copyOf(new NumpyRandom(113).permutation(11228), 12));
        assertEquals(3499211612L, new NumpyRandom(5489).nextUint32(), "MT19937's reference first output for seed 5489");
    }

    @Test
    void python2StringHash() {
        // hash('a') on a 64-bit Python 2.7: (97 << 7)·1000003 ^ 97 ^ 1
        assertEquals(12416037344L, Python2DictOrder.hash("a"));
        assertEquals(0, Python2DictOrder.hash(""));
        // few keys: a table of 8 slots, listed in slot order (hash mod 8 where nothing collides)
        List<String> keys = List.of("a", "b", "c");
        List<String> bySlot = new ArrayList<>(keys);
        bySlot.sort((x, y) -> Long.compare(Python2DictOrder.hash(x) & 7, Python2DictOrder.hash(y) & 7));
        assertEquals(bySlot, Python2DictOrder.order(keys));
    }

    @Test
    void aMissingOrDamagedFileIsAClearError(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve(Reuters.DIR);
        Files.createDirectories(copy);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Reuters.load(dir, Reuters.Options.defaults()));
        assertTrue(missing.getMessage().contains("reut2-000.sgm.gz"), missing.getMessage());
        byte[] whole = Files.readAllBytes(DataFiles.locate().resolve(Reuters.DIR).resolve("reut2-000.sgm.gz"));
        Files.write(copy.resolve("reut2-000.sgm.gz"), Arrays.copyOf(whole, whole.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reuters.load(dir, Reuters.Options.defaults()));
        assertTrue(e.getMessage().contains("not a complete gzip file"), e.getMessage());
    }
}

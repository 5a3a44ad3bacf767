package dev.fusedrnn.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The iteration order of a Python 2.7 {@code dict} of byte-string keys inserted one by one (no
 * deletions), on a 64-bit build without hash randomization. Keras's Reuters word ids were made by
 * counting words in such a dict and sorting its items by count with a stable sort, so words of equal
 * count are ranked in this order; reproducing it gives Keras's ids rather than another valid ranking.
 *
 * <p>The model of CPython 2.7: the string hash {@code x = s[0] << 7; x = (1000003·x) ^ c} over the
 * bytes, then {@code x ^= length} (−1 becomes −2); open addressing in a power-of-two table starting
 * at 8 slots, probing {@code i = 5·i + perturb + 1} with {@code perturb >>= 5}; after an insertion that
 * brings the filled slots to 2/3 of the table, the table grows to the smallest power of two above
 * 4 × the entries (2 × above 50,000) and the entries are reinserted in slot order. Iteration is slot order.
 */
final class Python2DictOrder {
    private Python2DictOrder() { }

    /** The keys (Latin-1 strings, i.e. bytes) in the order a dict built by inserting them would list them. */
    static List<String> order(List<String> insertionOrder) {
        int size = 8;
        String[] keys = new String[size];
        long[] hashes = new long[size];
        int used = 0;
        for (String k : insertionOrder) {
            long h = hash(k);
            int slot = freeSlot(keys, h);
            keys[slot] = k;
            hashes[slot] = h;
            used++;
            if (3L * used >= 2L * size) {        // no deletions, so "fill" equals "used"
                long minUsed = (used > 50000 ? 2L : 4L) * used;
                int newSize = 8;
                while (newSize <= minUsed) newSize <<= 1;
                String[] oldKeys = keys;
                long[] oldHashes = hashes;
                keys = new String[newSize];
                hashes = new long[newSize];
                size = newSize;
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldKeys[i] == null) continue;
                    int s = freeSlot(keys, oldHashes[i]);
                    keys[s] = oldKeys[i];
                    hashes[s] = oldHashes[i];
                }
            }
        }
        List<String> out = new ArrayList<>(used);
        for (String k : keys) if (k != null) out.add(k);
        return out;
    }

    /** CPython 2.7's hash of a byte string (64-bit C long arithmetic, which Java's long wraps identically). */
    static long hash(String latin1) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length == 0) return 0;
        long x = (long) (b[0] & 0xff) << 7;
        for (byte c : b) x = (1000003L * x) ^ (c & 0xff);
        x ^= b.length;
        return x == -1 ? -2 : x;
    }

    /** The first empty slot on the key's probe sequence (the table never holds the key already). */
    private static int freeSlot(String[] keys, long hash) {
        long mask = keys.length - 1;
        long i = hash & mask;
        if (keys[(int) i] == null) return (int) i;
        for (long perturb = hash; ; perturb >>>= 5) {
            i = (i << 2) + i + perturb + 1;
            int s = (int) (i & mask);
            if (keys[s] == null) return s;
        }
    }
}

package dev.fusedrnn.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Edits of parsed JSON and of HDF5 bytes for the file cases. */
final class Mutate {
    private Mutate() { }

    /** Flips 1 to 4 random bits of {@code bytes} in place; returns "bits flipped at i j ..." for the case's description. */
    static String flipBits(Gen g, byte[] bytes) {
        StringBuilder what = new StringBuilder("bits flipped at");
        for (int k = g.between(1, 4); k > 0; k--) {
            int bit = g.between(0, bytes.length * 8 - 1);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            what.append(' ').append(bit);
        }
        return what.toString();
    }

    /** A slot in a JSON tree: a map key or a list index. */
    private record Slot(Object container, Object key) { }

    /**
     * Replaces one value anywhere in the tree by a value of another JSON type (or an extreme number);
     * returns "path=value" for the case's description.
     */
    @SuppressWarnings("unchecked")
    static String retypeSomewhere(Gen g, Map<String, Object> root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Slot s = g.pick(slots);
        Object old = s.container instanceof Map<?, ?> m ? m.get(s.key) : ((List<Object>) s.container).get((Integer) s.key);
        Object v;
        do {
            v = g.pick("x", 1L << 40, -1L, 0L, 1.5, Double.NaN, true, null, new ArrayList<>(), new java.util.LinkedHashMap<>(), Long.MIN_VALUE);
        } while (v != null && old != null && v.getClass() == old.getClass() && !(v instanceof Long));
        if (s.container instanceof Map<?, ?>) ((Map<String, Object>) s.container).put((String) s.key, v);
        else ((List<Object>) s.container).set((Integer) s.key, v);
        return s.key + "=" + v;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Slot> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                out.add(new Slot(m, e.getKey()));
                collect(e.getValue(), out);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                out.add(new Slot(l, i));
                collect(l.get(i), out);
            }
        }
    }

    /**
     * Sets one option of a Keras layer config to a wrong value; returns "fragment=value", where the
     * fragment is what the error message must contain.
     */
    @SuppressWarnings("unchecked")
    static String kerasOption(Gen g, Map<String, Object> cfg) {
        List<Map<String, Object>> configs = new ArrayList<>();
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Object o : (List<Object>) ((Map<String, Object>) cfg.get("config")).get("layers")) {
            Map<String, Object> l = (Map<String, Object>) o;
            layers.add(l);
            Map<String, Object> c = (Map<String, Object>) l.get("config");
            configs.add(c);
            if (c.get("layer") instanceof Map<?, ?> inner) configs.add((Map<String, Object>) inner.get("config"));
        }
        int pick = g.between(0, 5);
        for (int tries = 0; tries < 12; tries++, pick = (pick + 1) % 6) {
            for (Map<String, Object> c : configs) {
                switch (pick) {
                    case 0:
                        if (c.containsKey("units")) {
                            Object v = g.pick(0L, -3L, 1L << 40, "x", 2.5, true);
                            c.put("units", v);
                            return "units=" + v;
                        }
                        break;
                    case 1:
                        if (c.containsKey("activation")) {
                            Object v = g.pick("swish", 3L, "hard_tanh");
                            c.put("activation", v);
                            return "activation=" + v;
                        }
                        break;
                    case 2:
                        if (c.containsKey("dropout")) {
                            Object v = g.pick(2.0, -0.5, "x");
                            c.put("dropout", v);
                            return "dropout=" + v;
                        }
                        break;
                    case 3:
                        if (c.containsKey("batch_shape")) {
                            List<Object> v = g.pick(List.of(), java.util.Arrays.asList(null, "x", 3L), java.util.Arrays.asList(null, -5L, 3L), java.util.Arrays.asList(null, 1L << 40));
                            c.put("batch_shape", v);
                            return "input shape=" + v;
                        }
                        break;
                    case 4:
                        if (c.containsKey("merge_mode")) {
                            Object v = g.pick(7L, "bogus", true);
                            c.put("merge_mode", v);
                            return "merge_mode=" + v;
                        }
                        break;
                    default:
                        if (c.containsKey("output_dim") || c.containsKey("input_dim")) {
                            Object v = g.pick(0L, -1L, 1L << 40, (long) (1 << 24) + 1);
                            c.put("input_dim", v);
                            return "Embedding|embedding=" + v;
                        }
                }
            }
        }
        Map<String, Object> l = layers.get(g.between(0, layers.size() - 1));
        l.put("class_name", "Conv2D");
        return "Conv2D=class_name";
    }

    /**
     * HDF5 bytes with the dimensions of a weight (rank ≥ 2, stored as consecutive 8-byte little-endian
     * sizes in its dataspace) changed so that they declare about 2^40 elements; null when no such shape is found.
     */
    static byte[] hugeDims(Gen g, byte[] h5, List<int[]> shapes) {
        List<int[]> candidates = new ArrayList<>();
        for (int[] s : shapes) if (s.length >= 2) candidates.add(s);
        if (candidates.isEmpty()) return null;
        int[] s = g.pick(candidates);
        ByteBuffer pattern = ByteBuffer.allocate(8 * s.length).order(ByteOrder.LITTLE_ENDIAN);
        long others = 1;
        for (int i = 0; i < s.length; i++) {
            pattern.putLong(s[i]);
            if (i < s.length - 1) others *= s[i];
        }
        byte[] p = pattern.array();
        long last = Math.max(s[s.length - 1] + 1L, (1L << 40) / others);
        byte[] out = h5.clone();
        boolean found = false;
        for (int at = 0; at + p.length <= out.length; at++) {
            if (java.util.Arrays.equals(out, at, at + p.length, p, 0, p.length)) {
                ByteBuffer.wrap(out, at + p.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(last);
                found = true;
            }
        }
        return found ? out : null;
    }
}

package dev.fusedrnn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The container of a fusedrnn model file: a JSON header and raw arrays, with a format version and a
 * checksum. Byte layout (integers little-endian):
 * <pre>
 *   0   8 bytes   magic  0x89 'F' 'R' 'N' 'N' '\r' '\n' 0x1A  (a text-mode transfer or a wrong file shows at once)
 *   8   uint32    format version (this code writes and reads up to {@value #VERSION})
 *  12   uint32    header length H
 *  16   H bytes   header: UTF-8 JSON; its "arrays" list gives each array's name, dtype (float32 or float64),
 *                 shape, and offset and byte length within the data section
 *  16+H           data section: the arrays back to back, little-endian IEEE 754
 *  end−4 uint32   CRC-32C of every byte before it
 * </pre>
 * Writing is atomic: a temporary file in the same directory is written, forced to disk, then renamed over
 * the target, and the directory is forced too; a crash leaves the old file or the new one, never half of one.
 */
final class ModelContainer {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {(byte) 0x89, 'F', 'R', 'N', 'N', '\r', '\n', 0x1a};
    private static final int FIXED = 16;

    private ModelContainer() { }

    /** An array to write: values as double, stored as float64 or as float32 (then they must be floats). */
    record Array(String name, int[] shape, double[] values, boolean float64) { }

    /** What a file holds: its header and its arrays by name (float32 values widened exactly). */
    record Contents(Map<String, Object> header, Map<String, double[]> arrays) { }

    static void write(Path file, Map<String, Object> header, List<Array> arrays) throws IOException {
        Map<String, Object> h = new LinkedHashMap<>(header);
        List<Object> index = new ArrayList<>();
        long offset = 0;
        for (Array a : arrays) {
            long bytes = (long) a.values().length * (a.float64() ? 8 : 4);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", a.name());
            e.put("dtype", a.float64() ? "float64" : "float32");
            List<Object> shape = new ArrayList<>();
            for (int d : a.shape()) shape.add((long) d);
            e.put("shape", shape);
            e.put("offset", offset);
            e.put("bytes", bytes);
            index.add(e);
            offset += bytes;
        }
        h.put("arrays", index);
        byte[] json = Json.write(h).getBytes(StandardCharsets.UTF_8);

        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            readableByAll(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                CRC32C crc = new CRC32C();
                OutputStream out = Channels.newOutputStream(ch);
                ByteBuffer fixed = ByteBuffer.allocate(FIXED).order(ByteOrder.LITTLE_ENDIAN);
                fixed.put(MAGIC).putInt(VERSION).putInt(json.length);
                put(out, crc, fixed.array(), FIXED);
                put(out, crc, json, json.length);
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Array a : arrays) {
                    for (double v : a.values()) {
                        if (buf.remaining() < 8) {
                            put(out, crc, buf.array(), buf.position());
                            buf.clear();
                        }
                        if (a.float64()) buf.putDouble(v);
                        else buf.putFloat((float) v);
                    }
                }
                put(out, crc, buf.array(), buf.position());
                ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
                out.write(tail.array());
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
    }

    /** Temporary files are created owner-only; a model file is as readable as any other file written. */
    private static void readableByAll(Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static void put(OutputStream out, CRC32C crc, byte[] b, int n) throws IOException {
        crc.update(b, 0, n);
        out.write(b, 0, n);
    }

    /** Makes the rename durable; some file systems cannot open a directory for this, which is harmless. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename itself has happened; only its durability across a power loss is not guaranteed
        }
    }

    static Contents read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < FIXED || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            if (b.length >= MAGIC.length && Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw ModelFormatException.in(file, "is truncated: " + b.length + " bytes, shorter than the fixed header");
            }
            throw ModelFormatException.in(file, "is not a fusedrnn model file" + (looksLikeKeras(b)
                    ? " (it looks like a Keras file: load it with KerasImport)" : ""));
        }
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int version = in.getInt(8);
        if (version > VERSION) {
            throw ModelFormatException.in(file, "has format version " + version + ", newer than this fusedrnn reads (up to "
                    + VERSION + "): load it with a newer fusedrnn");
        }
        if (version < 1) throw ModelFormatException.in(file, "is corrupt: format version " + version);
        long headerLength = Integer.toUnsignedLong(in.getInt(12));
        if (FIXED + headerLength + 4 > b.length) {
            throw ModelFormatException.in(file, "is truncated: " + b.length + " bytes, but its header alone needs " + (FIXED + headerLength));
        }
        Map<String, Object> header;
        try {
            header = KerasLayers.map(Json.parse(new String(b, FIXED, (int) headerLength, StandardCharsets.UTF_8)), "header");
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.in(file, "is corrupt: its header is not valid JSON (" + e.getMessage() + ")", e);
        }
        List<Entry> index = new ArrayList<>();
        long dataLength = 0;
        try {
            for (Object o : KerasLayers.list(header.get("arrays"), "header 'arrays'")) {
                Entry e = Entry.of(KerasLayers.map(o, "header 'arrays' entry"), dataLength);
                index.add(e);
                dataLength += e.bytes;
            }
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.in(file, "is corrupt: " + e.getMessage(), e);
        }
        long data = FIXED + headerLength;
        long expected = data + dataLength + 4;
        if (b.length != expected) {
            throw ModelFormatException.in(file, b.length < expected
                    ? "is truncated: " + b.length + " bytes of the " + expected + " its header describes"
                    : "has " + (b.length - expected) + " unexpected bytes after its data");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        if ((int) crc.getValue() != in.getInt(b.length - 4)) {
            throw ModelFormatException.in(file, "is corrupt: its checksum does not match its contents");
        }
        Map<String, double[]> arrays = new LinkedHashMap<>();
        for (Entry e : index) {
            // the sizes were checked against the file's length above: nothing here is larger than the file
            int pos = (int) (data + e.offset);
            double[] v = new double[(int) (e.bytes / (e.f64 ? 8 : 4))];
            for (int i = 0; i < v.length; i++) v[i] = e.f64 ? in.getDouble(pos + 8 * i) : in.getFloat(pos + 4 * i);
            arrays.put(e.name, v);
        }
        return new Contents(header, arrays);
    }

    /** One entry of the header's array index, checked: known dtype, shape and byte length agreeing, arrays back to back. */
    private record Entry(String name, boolean f64, long offset, long bytes) {
        static Entry of(Map<String, Object> e, long expectedOffset) {
            String name = KerasLayers.string(e, "name", "array");
            Object dtype = e.get("dtype");
            if (!"float32".equals(dtype) && !"float64".equals(dtype)) {
                throw new IllegalArgumentException("array " + name + " has dtype " + dtype + "; expected float32 or float64");
            }
            boolean f64 = dtype.equals("float64");
            long count = 1;
            for (Object d : KerasLayers.list(e.get("shape"), "array " + name + " shape")) {
                if (!(d instanceof Long) || (Long) d < 0 || (Long) d > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("array " + name + " has shape " + e.get("shape") + "; expected sizes in [0, 2^31)");
                }
                count = Math.min(count * (Long) d, Long.MAX_VALUE / Integer.MAX_VALUE);   // saturates
            }
            long offset = whole(e, "offset", name);
            long bytes = whole(e, "bytes", name);
            if (offset != expectedOffset) {
                throw new IllegalArgumentException("array " + name + " has offset " + offset + "; expected " + expectedOffset
                        + " (arrays are stored back to back)");
            }
            if (count > Integer.MAX_VALUE - 8 || bytes != count * (f64 ? 8 : 4)) {
                throw new IllegalArgumentException("array " + name + " has shape " + e.get("shape") + " (" + count + " values of "
                        + dtype + ") but " + bytes + " bytes");
            }
            return new Entry(name, f64, offset, bytes);
        }

        private static long whole(Map<String, Object> e, String key, String name) {
            if (!(e.get(key) instanceof Long v) || v < 0) {
                throw new IllegalArgumentException("array " + name + " has " + key + " " + e.get(key) + "; expected a whole number");
            }
            return (Long) e.get(key);
        }
    }

    private static boolean looksLikeKeras(byte[] b) {
        return b.length >= 4 && ((b[0] == (byte) 0x89 && b[1] == 'H' && b[2] == 'D' && b[3] == 'F') || (b[0] == 'P' && b[1] == 'K'));
    }
}

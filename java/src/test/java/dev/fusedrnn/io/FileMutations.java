package dev.fusedrnn.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Byte-level edits of model files for fuzzing the loaders: a fusedrnn model file rewritten with an edited
 * header and a recomputed checksum (so the edit reaches the checks behind the checksum), a zip entry of a
 * {@code .keras} archive replaced, and the Keras fixtures with their per-sample input shapes.
 */
public final class FileMutations {
    private FileMutations() { }

    public static Object parseJson(String text) { return Json.parse(text); }

    public static String writeJson(Object value) { return Json.write(value); }

    /** A model file whose header is {@code edit(header)}, its lengths and checksum made consistent again. */
    @SuppressWarnings("unchecked")
    public static byte[] rewriteHeader(byte[] file, UnaryOperator<Map<String, Object>> edit) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int h = in.getInt(12);
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(file, 16, h, StandardCharsets.UTF_8));
        byte[] json = Json.write(edit.apply(header)).getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(file, 16 + h, file.length - 4);
        ByteBuffer out = ByteBuffer.allocate(16 + json.length + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, 12).putInt(json.length).put(json).put(data);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** A zip archive with entry {@code name}'s bytes replaced by {@code edit(bytes)}. */
    public static byte[] rewriteZipEntry(byte[] zip, String name, UnaryOperator<byte[]> edit) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream out = new ZipOutputStream(bos)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] b = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals(name) ? edit.apply(b) : b);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** The bytes of one entry of a zip archive. */
    public static byte[] zipEntry(byte[] zip, String name) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) if (e.getName().equals(name)) return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no zip entry " + name);
    }

    /** A Keras fixture: file name, bytes, the per-sample input shape, and the shapes of its weight arrays. */
    public record Keras(String name, byte[] bytes, int[] sampleShape, List<int[]> weightShapes) { }

    /** The whole-model Keras fixtures of the test resources (weights-only files left out). */
    public static List<Keras> kerasFixtures() {
        List<Keras> out = new ArrayList<>();
        for (String f : new String[] {"keras2_embedding_lstm_sequential.h5", "keras2_gru_reset_after_true.h5",
                "keras2_lstm_dense_timeseries.h5", "keras2_simplernn_stacked.h5", "keras3_gru_legacy_h5_format.h5",
                "keras3_lstm_stacked.keras", "synthetic_hard_sigmoid_k2.h5", "synthetic_hard_sigmoid_k3.h5",
                "synthetic_k2_bidirectional_masking.h5", "synthetic_k2_gru_reset_before.h5", "synthetic_k3_bidirectional.keras",
                "synthetic_k3_embedding_mask.keras"}) {
            try {
                KerasFixture fx = KerasFixture.of(f);
                byte[] bytes = Files.readAllBytes(fx.model);
                byte[] h5 = f.endsWith(".keras") ? zipEntry(bytes, "model.weights.h5") : bytes;
                KerasH5.Contents c = KerasH5.read(h5);
                List<int[]> shapes = new ArrayList<>();
                if (c.legacy() != null) for (KerasH5.LayerWeights lw : c.legacy()) for (KerasH5.Array a : lw.arrays()) shapes.add(a.shape());
                else for (KerasH5.Array a : c.v3().values()) shapes.add(a.shape());
                out.add(new Keras(f, bytes, fx.sampleShape(), shapes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Writes bytes to a file (no sync: a scratch file for one load). */
    public static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

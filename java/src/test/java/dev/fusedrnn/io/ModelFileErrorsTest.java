package dev.fusedrnn.io;

import dev.fusedrnn.Sequential;
import dev.fusedrnn.Tensor;
import dev.fusedrnn.TestData;
import dev.fusedrnn.layers.Dense;
import dev.fusedrnn.layers.Layer;
import dev.fusedrnn.layers.LSTM;
import dev.fusedrnn.layers.Act;
import dev.fusedrnn.layers.Step;
import dev.fusedrnn.train.EarlyStopping;
import dev.fusedrnn.train.FitOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A damaged, truncated, newer or foreign file gives a clear error; nothing loads half a model. */
class ModelFileErrorsTest {
    @TempDir
    Path dir;
    private Path file;
    private byte[] bytes;

    @BeforeEach
    void saveOne() throws IOException {
        file = dir.resolve("m.frnn");
        try (Sequential m = new Sequential(new LSTM(4), new Dense(2))) {
            m.backend("reference").seed(1).build(3, 2);
            m.compile("adam", "mse");
            ModelFile.save(m, file);
        }
        bytes = Files.readAllBytes(file);
    }

    private String loadError(byte[] content) throws IOException {
        Path f = dir.resolve("bad.frnn");
        Files.write(f, content);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(f, "reference"));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void flippedBitIsACorruptFile() throws IOException {
        byte[] b = bytes.clone();
        b[b.length - 40] ^= 0x10;   // inside the last weight array
        assertTrue(loadError(b).contains("checksum does not match"));
    }

    @Test
    void truncatedFileSaysSo() throws IOException {
        assertTrue(loadError(Arrays.copyOf(bytes, bytes.length - 100)).contains("is truncated"));
        assertTrue(loadError(Arrays.copyOf(bytes, 40)).contains("is truncated"));
        assertTrue(loadError(Arrays.copyOf(bytes, 10)).contains("is truncated"));
    }

    @Test
    void extraBytesAreNotIgnored() throws IOException {
        byte[] b = Arrays.copyOf(bytes, bytes.length + 3);
        assertTrue(loadError(b).contains("3 unexpected bytes"));
    }

    @Test
    void newerFormatVersionAsksForANewerFusedrnn() throws IOException {
        byte[] b = bytes.clone();
        b[8] = 2;   // format version, little-endian at offset 8
        String m = loadError(b);
        assertTrue(m.contains("format version 2, newer than this fusedrnn reads (up to 1)"), m);
    }

    @Test
    void foreignFilesAreNamed() throws IOException {
        assertTrue(loadError("hello".getBytes()).contains("is not a fusedrnn model file"));
        byte[] keras = Files.readAllBytes(KerasFixture.resource("keras2_simplernn_stacked.h5"));
        assertTrue(loadError(keras).contains("load it with KerasImport"));
    }

    @Test
    void writingIsAtomic() throws IOException {
        // A failed save (here: an unsupported layer) leaves the previous file whole and no temporary file behind.
        Layer custom = new Layer() {
            @Override protected int[] doBuild(int[] in) { return in; }
            @Override public Act forward(Step step, Act in) { return in; }
            @Override public Act backward(Step step, Act d, boolean need) { return d; }
        };
        try (Sequential m = new Sequential(new Dense(2), custom)) {
            m.backend("reference").build(3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(m, file));
            assertTrue(e.getMessage().contains("cannot save layer"), e.getMessage());
        }
        assertArrayEquals(bytes, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void resumingWithOtherCallbacksIsRefused() throws IOException {
        SplittableRandom r = new SplittableRandom(4);
        Tensor x = TestData.uniform(r, 1.0, 8, 3, 2);
        Tensor y = TestData.uniform(r, 1.0, 8, 2);
        Path ckpt = dir.resolve("c.frnn");
        try (Sequential m = ModelFile.load(file, "reference")) {
            m.fit(x, y, new FitOptions().epochs(1).verbose(0).callbacks(new EarlyStopping("loss"), new ModelCheckpoint(m, ckpt)));
        }
        try (Sequential m = ModelFile.load(ckpt, "reference")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.fit(x, y, new FitOptions().epochs(2).verbose(0)));
            assertTrue(e.getMessage().contains("[EarlyStopping, ModelCheckpoint]"), e.getMessage());
            // Compiling again starts a new training, which any callbacks may watch.
            m.compile("adam", "mse");
            m.fit(x, y, new FitOptions().epochs(1).verbose(0));
        }
    }
}

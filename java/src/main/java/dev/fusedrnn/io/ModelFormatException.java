package dev.fusedrnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be loaded: corrupt, truncated, of a newer format version, or describing a
 * layer or option that fusedrnn does not have. The message names the file, what is wrong and what to try.
 */
public class ModelFormatException extends IOException {
    public ModelFormatException(String message) { super(message); }

    public ModelFormatException(String message, Throwable cause) { super(message, cause); }

    static ModelFormatException in(Path file, String message) {
        return new ModelFormatException(file + ": " + message);
    }

    static ModelFormatException in(Path file, String message, Throwable cause) {
        return new ModelFormatException(file + ": " + message, cause);
    }
}

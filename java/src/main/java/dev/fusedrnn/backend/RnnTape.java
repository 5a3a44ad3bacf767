package dev.fusedrnn.backend;

/**
 * What a backend keeps from a training forward pass for the backward pass (gate values, states).
 * Opaque to Java; owned by the caller, who closes it after the backward pass.
 */
public interface RnnTape extends AutoCloseable {
    @Override
    void close();
}

package dev.fusedrnn.fuzz;

/** One generated case: what it does (printed on failure, with its seed), the call, and its expected end. */
public record FuzzCase(String description, Action action, Expect expect) {
    /** The call under test; it owns and closes whatever it creates. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }
}

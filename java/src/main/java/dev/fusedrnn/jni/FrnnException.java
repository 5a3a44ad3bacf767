package dev.fusedrnn.jni;

/**
 * A native call returned a status other than {@code FRNN_OK}. Carries the status code and the native
 * library's message (what went wrong, where, and what to try).
 */
public final class FrnnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public FrnnException(int status, String nativeMessage) {
        super(statusName(status) + " (" + status + "): " + nativeMessage);
        this.status = status;
    }

    /** {@code cause} with {@code advice} added to its message (what to do next); the same status. */
    public FrnnException(FrnnException cause, String advice) {
        super(cause.getMessage() + "\n" + advice, cause);
        this.status = cause.status;
    }

    /** The {@code frnn_status} value. */
    public int status() {
        return status;
    }

    /**
     * The C name of a status code, e.g. {@code FRNN_ERR_ARGUMENT}. The values are frnn.h's, fixed by
     * its enum; {@link FrnnLib} reads them from the header and a test keeps this table in step.
     */
    public static String statusName(int status) {
        switch (status) {
            case 0: return "FRNN_OK";
            case 1: return "FRNN_ERR_ARGUMENT";
            case 2: return "FRNN_ERR_UNSUPPORTED";
            case 3: return "FRNN_ERR_CUDA";
            case 4: return "FRNN_ERR_OUT_OF_MEMORY";
            case 5: return "FRNN_ERR_INTERNAL";
            default: return "FRNN_STATUS_" + status;
        }
    }
}

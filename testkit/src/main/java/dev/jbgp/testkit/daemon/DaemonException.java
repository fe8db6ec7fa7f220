package dev.jbgp.testkit.daemon;

/**
 * A daemon could not be started, did not answer, or its CLI failed or printed something the launcher
 * could not parse. The message names the instance directory, whose log explains the rest.
 */
public final class DaemonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DaemonException(String message) {
        super(message);
    }

    public DaemonException(String message, Throwable cause) {
        super(message, cause);
    }
}

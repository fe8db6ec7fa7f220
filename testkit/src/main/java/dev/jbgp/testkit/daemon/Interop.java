package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The gate in front of every interoperability test: a test calls {@link #require(Daemon)} first.
 *
 * <p>Where a daemon is not installed the test is skipped (a JUnit assumption) with a message naming
 * the Debian package to install. Under CI, where every daemon must be present, the system property
 * {@code jbgp.interop=required} (passed through by the parent POM's surefire configuration) turns a
 * missing binary into a test failure instead, so nothing is skipped silently.
 */
public final class Interop {

    /** System property selecting the mode; {@value #REQUIRED} makes missing daemons fail tests. */
    public static final String PROPERTY = "jbgp.interop";
    /** The value of {@link #PROPERTY} that makes a missing daemon a failure. */
    public static final String REQUIRED = "required";

    private Interop() {
    }

    /** True when {@code -Djbgp.interop=required} is set. */
    public static boolean requiredMode() {
        return REQUIRED.equalsIgnoreCase(System.getProperty(PROPERTY, "").trim());
    }

    /**
     * Skips the calling test when {@code daemon} is not installed, or fails it in required mode.
     *
     * @throws org.opentest4j.TestAbortedException when missing and not required
     * @throws org.opentest4j.AssertionFailedError when missing and required
     */
    public static void require(Daemon daemon) {
        require(daemon.displayName(), daemon.debianPackage(), daemon.binaries(), requiredMode());
    }

    /** {@link #require(Daemon)} for several daemons at once (all must be present). */
    public static void require(Daemon... daemons) {
        for (Daemon daemon : daemons) {
            require(daemon);
        }
    }

    /**
     * The decision itself, with the binaries and the mode as parameters so it can be tested with a
     * binary that does not exist.
     */
    static void require(String name, String debianPackage, List<Path> binaries, boolean required) {
        for (Path binary : binaries) {
            if (!Files.isExecutable(binary)) {
                String message = name + " is not installed (" + binary + " missing): "
                        + "apt-get install " + debianPackage
                        + (required ? " (" + PROPERTY + "=" + REQUIRED + " makes this a failure)" : "");
                if (required) {
                    Assertions.fail(message);
                }
                Assumptions.abort(message);
            }
        }
    }
}

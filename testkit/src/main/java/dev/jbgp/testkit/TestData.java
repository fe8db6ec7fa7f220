package dev.jbgp.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the third-party test data ({@code ../shared/testdata} in the CI layout) without ever
 * copying it into the repository.
 *
 * <p>The directory is taken from the system property {@code jbgp.testdata} (set by the parent POM to
 * {@code ../shared/testdata} beside the checkout). Where it is absent, tests that need it are skipped
 * with a message saying where it was looked for; under CI ({@code CI=true}), where it is always laid
 * out, absence is a failure so that nothing skips silently.
 */
public final class TestData {

    private TestData() {
    }

    /** The test-data root as configured, whether or not it exists. */
    public static Path root() {
        String configured = System.getProperty("jbgp.testdata");
        Path path = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("..", "shared", "testdata");
        return path.toAbsolutePath().normalize();
    }

    /**
     * Resolves {@code relative} under the test-data root, skipping the calling test (or failing it
     * under CI) when the file is not there.
     */
    public static Path require(String relative) {
        Path file = root().resolve(relative);
        if (!Files.exists(file)) {
            String message = "test data not found: " + file
                    + " (lay out ../shared/testdata beside the checkout or set -Djbgp.testdata=DIR)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return file;
    }
}

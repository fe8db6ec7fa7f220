package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interop gate without any daemon: a binary that does not exist skips, or fails when required. */
class InteropTest {

    private static final List<Path> FAKE = List.of(Path.of("/nonexistent/jbgp-fake-bgpd"));

    @Test
    void missingBinarySkipsWithThePackageToInstall() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> Interop.require("Fake BGP", "fake-bgpd-pkg", FAKE, false));
        assertTrue(e.getMessage().contains("apt-get install fake-bgpd-pkg"), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/jbgp-fake-bgpd"), e.getMessage());
    }

    @Test
    void missingBinaryFailsWhenRequired() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Interop.require("Fake BGP", "fake-bgpd-pkg", FAKE, true));
        assertTrue(e.getMessage().contains("apt-get install fake-bgpd-pkg"), e.getMessage());
    }

    @Test
    void presentBinaryPassesInBothModes() {
        List<Path> shell = List.of(Path.of("/bin/sh"));
        assertDoesNotThrow(() -> Interop.require("shell", "dash", shell, false));
        assertDoesNotThrow(() -> Interop.require("shell", "dash", shell, true));
    }

    @Test
    void requiredModeComesFromTheSystemProperty() {
        String before = System.getProperty(Interop.PROPERTY);
        try {
            System.setProperty(Interop.PROPERTY, "required");
            assertTrue(Interop.requiredMode());
            System.setProperty(Interop.PROPERTY, "optional");
            assertFalse(Interop.requiredMode());
            System.clearProperty(Interop.PROPERTY);
            assertFalse(Interop.requiredMode());
        } finally {
            if (before == null) {
                System.clearProperty(Interop.PROPERTY);
            } else {
                System.setProperty(Interop.PROPERTY, before);
            }
        }
    }
}

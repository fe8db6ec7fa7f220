package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM that starts a daemon and exits without closing it (a crashed test run) leaves neither the
 * daemon process nor its directory behind: the shutdown hook kills it by PID and deletes the
 * directory.
 */
class ShutdownHookTest {

    /** The abandoning JVM: starts BIRD, prints its pid and directory, exits without {@code close()}. */
    public static void main(String[] args) {
        int port = LoopbackAddresses.TEST_PORT;
        String self = LoopbackAddresses.allocate(port);
        DaemonConfig config = DaemonConfig.builder().localAddress(self).port(port).asn(65001)
                .neighbour(Neighbour.of(LoopbackAddresses.allocate(port), port, 65002).asPassive()).build();
        BgpDaemon daemon = BgpDaemon.start(Daemon.BIRD2, config);
        System.out.println("pid=" + daemon.pid() + " dir=" + daemon.directory());
        System.out.flush();
        System.exit(3);
    }

    @Test
    void anAbandonedDaemonDiesWithItsJvm() throws IOException, InterruptedException {
        Interop.require(Daemon.BIRD2);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                ShutdownHookTest.class.getName())).redirectErrorStream(true).start();
        String out;
        try {
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM did not exit");
            out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            child.destroyForcibly();
        }
        assertEquals(3, child.exitValue(), out);
        Matcher m = Pattern.compile("pid=(\\d+) dir=(\\S+)").matcher(out);
        assertTrue(m.find(), out);
        long pid = Long.parseLong(m.group(1));
        Path dir = Path.of(m.group(2));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "BIRD " + pid + " survived");
        assertFalse(Files.exists(dir), dir + " survived");
    }
}

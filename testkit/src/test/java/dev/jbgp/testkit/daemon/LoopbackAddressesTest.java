package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Isolated: {@link LoopbackAddresses#nextCandidate()} peeks at the shared counter, so a concurrent
 * test class (the daemon pair tests run {@code CONCURRENT}) could be handed the address this test
 * occupies and start a daemon on it the moment we let go.
 */
@Isolated
class LoopbackAddressesTest {

    /** The other JVM of {@link #anotherJvmNeverGetsAnAddressFromOurBlocks}: allocates one address, prints it, waits. */
    public static void main(String[] args) throws IOException {
        System.out.println("address=" + LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT));
        System.out.flush();
        System.in.read(); // holds its block until the parent closes our stdin
    }

    @Test
    void anotherJvmNeverGetsAnAddressFromOurBlocks() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LoopbackAddressesTest.class.getName())).redirectErrorStream(true).start();
        try {
            String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertNotNull(line, "the child JVM printed nothing");
            assertTrue(line.startsWith("address="), line);
            int childBlock = LoopbackAddresses.blockOf(line.substring("address=".length()));
            assertTrue(childBlock >= 0, line);
            // More than one block's worth: we claim fresh blocks, and never the child's.
            for (int i = 0; i < 600; i++) {
                String a = LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT);
                assertNotEquals(childBlock, LoopbackAddresses.blockOf(a), a + " is in the child JVM's block");
            }
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertEquals(0, child.exitValue());
    }

    @Test
    void handsOutDistinctLoopbackAddresses() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 600; i++) {
            String a = LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT);
            assertTrue(a.matches("127\\.0\\.\\d{1,3}\\.\\d{1,3}"), a);
            assertTrue(seen.add(a), "handed out twice: " + a);
        }
    }

    @Test
    void skipsAnAddressWhosePortIsTaken() throws IOException {
        // Other test JVMs on this machine (another build, a helper's run) allocate from the same
        // range, so the candidate we want to occupy may already be taken: take the first one we can.
        for (int attempt = 0; attempt < 100; attempt++) {
            String a = LoopbackAddresses.nextCandidate();
            try (ServerSocket s = new ServerSocket()) {
                try {
                    s.bind(new InetSocketAddress(InetAddress.getByName(a), LoopbackAddresses.TEST_PORT));
                } catch (IOException takenElsewhere) {
                    LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT);   // move past it
                    continue;
                }
                assertFalse(LoopbackAddresses.isFree(a, LoopbackAddresses.TEST_PORT));
                assertNotEquals(a, LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT));
            }
            // No check that the address is free again after the close: the address belongs to nobody
            // now, and allocate() already proves that free addresses are found.
            return;
        }
        fail("no candidate address could be bound in 100 attempts");
    }

    /**
     * The CI flake "freshly allocated 127.0.x.y:11179 is already in use": a child process spawned
     * while the probe was open kept a copy of it. Here the probe is simply kept open, as such a child
     * would; a daemon (a reusable listener, like BIRD's, FRR's, GoBGP's and the JDK's) must still be
     * able to listen on the address, and the address must still count as free.
     */
    @Test
    void aProbeStillHeldByAChildProcessDoesNotStopTheDaemonListening() throws IOException {
        String a = LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT);
        try (java.nio.channels.SocketChannel inherited = LoopbackAddresses.bindProbe(a, LoopbackAddresses.TEST_PORT)) {
            assertTrue(LoopbackAddresses.isFree(a, LoopbackAddresses.TEST_PORT), a);
            try (ServerSocket daemon = new ServerSocket()) {
                daemon.setReuseAddress(true);
                daemon.bind(new InetSocketAddress(InetAddress.getByName(a), LoopbackAddresses.TEST_PORT));
                assertFalse(LoopbackAddresses.isFree(a, LoopbackAddresses.TEST_PORT), "a listener is seen: " + a);
            }
        }
    }
}

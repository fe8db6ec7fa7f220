package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class LoopbackAddressesTest {

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
            // No check that the address is free again after the close: a daemon another test started
            // may take it at once (the flake this test had), and allocate() covers free addresses.
            return;
        }
        fail("no candidate address could be bound in 100 attempts");
    }
}

package dev.jbgp.testkit.peer;

import dev.jbgp.testkit.daemon.LoopbackAddresses;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two raw peers against each other on loopback: framing, timeouts and close detection, no daemon needed. */
class RawBgpPeerTest {

    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void framesMessagesEvenWhenTheyArriveInFragments() throws IOException {
        String a = LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT);
        String b = LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT);
        try (RawBgpPeer.Listener listener = RawBgpPeer.listen(a, LoopbackAddresses.TEST_PORT)) {
            RawBgpPeer client = RawBgpPeer.connect(b, a, LoopbackAddresses.TEST_PORT, T);
            try (RawBgpPeer server = listener.accept(T)) {
                assertEquals(b, server.remoteAddress().getAddress().getHostAddress());

                client.sendOpen(65010, 9, "10.0.0.1", RawMessages.multiprotocol(1, 1), RawMessages.fourOctetAs(65010));
                byte[] open = server.readMessage(T);
                assertEquals(RawMessages.OPEN, RawMessages.type(open));
                assertEquals(65010, RawMessages.openMyAs(open));
                assertEquals(9, RawMessages.openHoldTime(open));

                // a KEEPALIVE split across three writes is still one message
                byte[] keepalive = RawMessages.keepalive();
                client.send(Arrays.copyOfRange(keepalive, 0, 5));
                client.send(Arrays.copyOfRange(keepalive, 5, 18));
                client.send(Arrays.copyOfRange(keepalive, 18, 19));
                assertArrayEquals(keepalive, server.readMessage(T));

                // readMessage(type) skips what the test does not care about
                server.sendKeepalive();
                server.send(RawMessages.notification(6, 2, new byte[0]));
                byte[] notification = client.readMessage(RawMessages.NOTIFICATION, T);
                assertArrayEquals(new byte[] {6, 2}, RawMessages.body(notification));

                assertThrows(SocketTimeoutException.class, () -> server.readMessage(Duration.ofMillis(100)));
                assertFalse(server.awaitClosed(Duration.ofMillis(100)));

                client.close();
                assertTrue(server.awaitClosed(T));
                assertThrows(EOFException.class, () -> server.readMessage(T));
            } finally {
                client.close(); // not a try resource: the test closes it mid-way on purpose
            }
        }
    }

    @Test
    void rejectsABadMarkerAndNonLoopbackAddresses() throws IOException {
        String a = LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT);
        String b = LoopbackAddresses.allocate(LoopbackAddresses.TEST_PORT);
        try (RawBgpPeer.Listener listener = RawBgpPeer.listen(a, LoopbackAddresses.TEST_PORT);
             RawBgpPeer client = RawBgpPeer.connect(b, a, LoopbackAddresses.TEST_PORT, T);
             RawBgpPeer server = listener.accept(T)) {
            byte[] bad = RawMessages.keepalive();
            bad[3] = 0;
            client.send(bad);
            IOException e = assertThrows(IOException.class, () -> server.readMessage(T));
            assertTrue(e.getMessage().contains("marker"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RawBgpPeer.listen("10.0.0.1", 1179));
    }

    @Test
    void openFollowsRfc4271Layout() {
        byte[] open = RawMessages.open(4_200_000_000L, 90, "192.0.2.1", RawMessages.routeRefresh());
        // marker, length 19 + 10 fixed + 2 parameter header + 2 capability = 33, type 1, version 4, AS_TRANS, hold 90, id, opt len 4, param 2 len 2, cap 2/0
        String expected = "ffffffffffffffffffffffffffffffff" + "0021" + "01"
                + "04" + "5ba0" + "005a" + "c0000201" + "04" + "0202" + "0200";
        assertEquals(expected, RawMessages.hex(open));
        assertEquals("ffffffffffffffffffffffffffffffff001304", RawMessages.hex(RawMessages.keepalive()));
        assertEquals(java.util.List.of(2), RawMessages.openCapabilityCodes(open));
        byte[] three = RawMessages.open(65001, 9, "192.0.2.1", RawMessages.multiprotocol(2, 1),
                RawMessages.fourOctetAs(65001), RawMessages.capability(64, new byte[] {0, 30}));
        assertEquals(java.util.List.of(1, 65, 64), RawMessages.openCapabilityCodes(three));
        assertEquals(java.util.List.of(), RawMessages.openCapabilityCodes(RawMessages.open(65001, 9, "192.0.2.1")));
    }
}

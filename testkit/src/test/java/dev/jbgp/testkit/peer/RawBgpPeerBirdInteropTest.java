package dev.jbgp.testkit.peer;

import dev.jbgp.testkit.daemon.Announcement;
import dev.jbgp.testkit.daemon.BgpDaemon;
import dev.jbgp.testkit.daemon.Daemon;
import dev.jbgp.testkit.daemon.DaemonConfig;
import dev.jbgp.testkit.daemon.Interop;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.testkit.daemon.Neighbour;
import dev.jbgp.testkit.daemon.SessionState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RawBgpPeer} against a real BIRD: a session by hand, BIRD's UPDATE as bytes, and a malformed header. */
class RawBgpPeerBirdInteropTest {

    private static final Duration T = Duration.ofSeconds(10);
    private static final int PORT = LoopbackAddresses.TEST_PORT;
    private static final long BIRD_AS = 65001;
    private static final long RAW_AS = 65010;

    @Test
    void reachesEstablishedReceivesAnUpdateAndIsRejectedOnABadMarker() throws IOException {
        Interop.require(Daemon.BIRD2);
        String birdAddr = LoopbackAddresses.allocate(PORT);
        String rawAddr = LoopbackAddresses.allocate(PORT);
        DaemonConfig config = DaemonConfig.builder().localAddress(birdAddr).port(PORT).asn(BIRD_AS)
                .neighbour(Neighbour.of(rawAddr, PORT, RAW_AS).asPassive())
                .announce(Announcement.of("198.51.100.0/24", "198.18.0.1"))
                .build();
        try (BgpDaemon bird = BgpDaemon.start(Daemon.BIRD2, config);
             RawBgpPeer raw = RawBgpPeer.connect(rawAddr, birdAddr, PORT, T)) {
            raw.sendOpen(RAW_AS, 9, rawAddr, RawMessages.multiprotocol(1, 1), RawMessages.routeRefresh(),
                    RawMessages.fourOctetAs(RAW_AS));
            byte[] open = raw.readMessage(RawMessages.OPEN, T);
            assertEquals(BIRD_AS, RawMessages.openMyAs(open), RawMessages.hex(open));
            assertEquals(9, RawMessages.openHoldTime(open));
            var codes = RawMessages.openCapabilityCodes(open);
            assertTrue(codes.containsAll(java.util.List.of(1, 2, 65)), "MP, route refresh, 4-octet AS: " + codes);
            assertTrue(!codes.contains(64), "graceful restart is off in this config: " + codes);
            raw.sendKeepalive();
            raw.readMessage(RawMessages.KEEPALIVE, T);
            bird.awaitEstablished(rawAddr, T);

            // the first UPDATE with NLRI (not the End-of-RIB marker) carries BIRD's route
            byte[] update;
            do {
                update = raw.readMessage(RawMessages.UPDATE, T);
            } while (RawMessages.length(update) == RawMessages.HEADER_LENGTH + 4);
            String hex = RawMessages.hex(update);
            assertTrue(RawMessages.contains(update, new byte[] {0x40, 3, 4, (byte) 198, 18, 0, 1}),
                    "NEXT_HOP 198.18.0.1 in " + hex);
            byte[] tail = java.util.Arrays.copyOfRange(update, update.length - 4, update.length);
            assertArrayEquals(new byte[] {24, (byte) 198, 51, 100}, tail, "NLRI 198.51.100.0/24 last in " + hex);

            // a header with a broken marker: RFC 4271 §6.1, Connection Not Synchronized, then close
            byte[] bad = RawMessages.keepalive();
            bad[0] = 0;
            raw.send(bad);
            byte[] notification = raw.readMessage(RawMessages.NOTIFICATION, T);
            assertEquals(1, notification[19], "error code Message Header Error: " + RawMessages.hex(notification));
            assertEquals(1, notification[20], "subcode Connection Not Synchronized");
            assertTrue(raw.awaitClosed(T), "BIRD closes the connection after the NOTIFICATION");
            assertTrue(bird.sessionState(rawAddr) != SessionState.ESTABLISHED);
        }
    }

    @Test
    void acceptsBirdsConnectionAndItLogsOurShutdownCommunication() throws IOException, InterruptedException {
        Interop.require(Daemon.BIRD2);
        String birdAddr = LoopbackAddresses.allocate(PORT);
        String rawAddr = LoopbackAddresses.allocate(PORT);
        DaemonConfig config = DaemonConfig.builder().localAddress(birdAddr).port(PORT).asn(BIRD_AS)
                .neighbour(Neighbour.of(rawAddr, PORT, RAW_AS)) // BIRD connects
                .build();
        try (RawBgpPeer.Listener listener = RawBgpPeer.listen(rawAddr, PORT);
             BgpDaemon bird = BgpDaemon.start(Daemon.BIRD2, config);
             RawBgpPeer raw = listener.accept(T)) {
            assertEquals(birdAddr, raw.remoteAddress().getAddress().getHostAddress(), "BIRD sources from its address");
            byte[] open = raw.readMessage(RawMessages.OPEN, T);
            assertEquals(BIRD_AS, RawMessages.openMyAs(open));
            raw.sendOpen(RAW_AS, 9, rawAddr, RawMessages.multiprotocol(1, 1), RawMessages.fourOctetAs(RAW_AS));
            raw.sendKeepalive();
            raw.readMessage(RawMessages.KEEPALIVE, T);
            bird.awaitEstablished(rawAddr, T);

            // Cease / Administrative Shutdown with an RFC 8203 shutdown communication: length, UTF-8
            byte[] text = "raw peer says bye".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] data = new byte[1 + text.length];
            data[0] = (byte) text.length;
            System.arraycopy(text, 0, data, 1, text.length);
            raw.send(RawMessages.notification(6, 2, data));
            assertTrue(raw.awaitClosed(T), "BIRD closes after our NOTIFICATION");
            long deadline = System.nanoTime() + T.toNanos();
            while (!bird.log().contains("raw peer says bye")) {
                assertTrue(System.nanoTime() < deadline, "BIRD did not log the communication:\n" + bird.log());
                Thread.sleep(100);
            }
        }
    }
}

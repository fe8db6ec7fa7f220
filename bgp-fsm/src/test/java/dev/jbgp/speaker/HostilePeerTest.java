package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static dev.jbgp.speaker.SpeakerFixtures.freshAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile peer on real sockets next to a well-behaved one (issue #5, faults and limits): garbage,
 * a message cut short then closed, a message stalled half-way, a TCP reset, and a stranger knocking
 * on the listener. Each time the hostile session ends the way RFC 4271 §6 / §8 says, nothing of it
 * stays queued, and the good peer's session and routes are untouched.
 */
class HostilePeerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** 19 octets that are not a BGP header: the marker is broken (RFC 4271 §6.1). */
    private static byte[] badMarker() {
        byte[] m = RawMessages.keepalive();
        m[5] = 0x7F;
        return m;
    }

    /** Random octets whose first 16 are certainly not all ones. */
    private static byte[] randomGarbage(long seed) {
        byte[] b = new byte[256];
        new Random(seed).nextBytes(b);
        b[0] = 0;
        return b;
    }

    private static void assertHeaderErrorThenClose(RawBgpPeer peer, int subcode, String why) throws Exception {
        byte[] n = peer.readMessage(RawMessages.NOTIFICATION, WAIT);
        byte[] body = RawMessages.body(n);
        assertEquals(1, body[0], "Message Header Error: " + why + " " + RawMessages.hex(n));
        assertEquals(subcode, body[1], why);
        assertTrue(peer.awaitClosed(WAIT), "closed after the NOTIFICATION");
    }

    @ParameterizedTest(name = "garbage {0} while Established")
    @ValueSource(strings = {"bad marker", "random bytes"})
    void garbageWhileEstablishedGetsConnectionNotSynchronized(String kind) throws Exception {
        long seed = 5;
        try (FaultFixture f = new FaultFixture(b -> b); RawBgpPeer peer = f.establishHostile(9)) {
            peer.send(FaultFixture.hostileAnnouncement(1, 0, 10, 0));
            await("hostile routes", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES + 10);
            peer.send(kind.equals("bad marker") ? badMarker() : randomGarbage(seed));
            assertHeaderErrorThenClose(peer, 1, "Connection Not Synchronized (seed " + seed + ")");
            await("hostile session down", 20, () -> f.hostileState() != SessionState.ESTABLISHED);
            await("hostile routes withdrawn", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES);
            assertTrue(f.sp.status().neighbor(f.hostile).orElseThrow().lastError().orElseThrow()
                    .startsWith("sent: Message Header Error"));
            f.assertNoHostileBacklog();
            f.assertGoodPeerUntouched();
        }
    }

    @Test
    void garbageInsteadOfAnOpenGetsConnectionNotSynchronized() throws Exception {
        try (FaultFixture f = new FaultFixture(b -> b); RawBgpPeer peer = f.connectHostile()) {
            peer.readMessage(RawMessages.OPEN, WAIT); // we are in OpenSent
            peer.send(randomGarbage(7));
            assertHeaderErrorThenClose(peer, 1, "Connection Not Synchronized");
            f.assertNoHostileBacklog();
            f.assertGoodPeerUntouched();
        }
    }

    @Test
    void aLengthFieldBelowNineteenGetsBadMessageLength() throws Exception {
        try (FaultFixture f = new FaultFixture(b -> b); RawBgpPeer peer = f.establishHostile(9)) {
            byte[] m = RawMessages.keepalive();
            m[17] = 5; // RFC 4271 §6.1: a length below 19 is Bad Message Length
            peer.send(m);
            assertHeaderErrorThenClose(peer, 2, "Bad Message Length");
            f.assertNoHostileBacklog();
            f.assertGoodPeerUntouched();
        }
    }

    @Test
    void aMessageCutShortThenClosedEndsTheSessionCleanly() throws Exception {
        try (FaultFixture f = new FaultFixture(b -> b)) {
            try (RawBgpPeer peer = f.establishHostile(9)) {
                peer.send(FaultFixture.hostileAnnouncement(2, 0, 20, 0));
                await("hostile routes", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES + 20);
                byte[] next = FaultFixture.hostileAnnouncement(2, 20, 20, 0);
                peer.send(Arrays.copyOf(next, next.length / 2)); // half a message, then FIN
            }
            await("hostile session down", 20, () -> f.hostileState() != SessionState.ESTABLISHED);
            await("hostile routes withdrawn", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES);
            assertTrue(f.sp.routes(FaultFixture.hostilePrefix(2, 25)).isEmpty(), "nothing of the half message");
            f.assertNoHostileBacklog();
            f.assertGoodPeerUntouched();
        }
    }

    @Test
    void aMessageStalledHalfWayRunsIntoTheHoldTimer() throws Exception {
        try (FaultFixture f = new FaultFixture(b -> b); RawBgpPeer peer = f.establishHostile(3)) {
            peer.send(FaultFixture.hostileAnnouncement(3, 0, 5, 0));
            await("hostile routes", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES + 5);
            byte[] next = FaultFixture.hostileAnnouncement(3, 5, 5, 0);
            peer.send(Arrays.copyOf(next, next.length - 3)); // the rest never comes, nor a KEEPALIVE
            byte[] n = peer.readMessage(RawMessages.NOTIFICATION, WAIT);
            assertEquals(4, RawMessages.body(n)[0], "Hold Timer Expired (RFC 4271 §6.5)");
            assertTrue(peer.awaitClosed(WAIT), "closed after the NOTIFICATION");
            await("hostile routes withdrawn", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES);
            f.assertNoHostileBacklog();
            f.assertGoodPeerUntouched();
        }
    }

    @Test
    void aTcpResetWithdrawsTheHostileRoutesOnly() throws Exception {
        try (FaultFixture f = new FaultFixture(b -> b)) {
            RawBgpPeer peer = f.establishHostile(9);
            try {
                peer.send(FaultFixture.hostileAnnouncement(4, 0, 50, 0));
                await("hostile routes", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES + 50);
            } finally {
                peer.reset(); // SO_LINGER 0: an RST, no FIN, no NOTIFICATION
            }
            await("hostile session down", 20, () -> f.hostileState() != SessionState.ESTABLISHED);
            await("hostile routes withdrawn", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES);
            assertTrue(f.sp.routes(FaultFixture.hostilePrefix(4, 0)).isEmpty());
            f.assertNoHostileBacklog();
            f.assertGoodPeerUntouched();
            // and the neighbour can come back once the IdleHoldTimer let the session listen again
            await("hostile session listening again", 20, () -> f.hostileState() == SessionState.ACTIVE);
            try (RawBgpPeer again = f.establishHostile(9)) {
                again.send(FaultFixture.hostileAnnouncement(4, 0, 1, 0));
                await("hostile route again", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES + 1);
            }
        }
    }

    @Test
    void anUnknownSourceIsClosedAtOnceWithoutASession() throws Exception {
        try (FaultFixture f = new FaultFixture(b -> b)) {
            InetAddress stranger = freshAddress();
            int before = f.events.size();
            for (int attempt = 0; attempt < 3; attempt++) {
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(stranger, 0));
                    s.connect(new InetSocketAddress(f.self, SpeakerFixtures.PORT), 10_000);
                    s.setSoTimeout((int) WAIT.toMillis());
                    // It may get an OPEN in first; we must not answer it, only close.
                    s.getOutputStream().write(RawMessages.open(65009, 90, stranger.getHostAddress()));
                    InputStream in = s.getInputStream();
                    long t0 = System.nanoTime();
                    int read;
                    try {
                        read = in.read();
                    } catch (java.net.SocketException reset) {
                        read = -1; // our close may arrive as a reset, having unread input
                    }
                    assertEquals(-1, read, "closed without a byte sent to it");
                    assertTrue(System.nanoTime() - t0 < WAIT.toNanos());
                }
            }
            SpeakerStatus st = f.sp.status();
            assertEquals(2, st.neighbors().size(), "no session state for the stranger");
            assertFalse(st.neighbor(stranger).isPresent());
            for (SpeakerEvent e : f.events.subList(before, f.events.size())) {
                assertFalse(e instanceof SpeakerEvent.SessionStateChanged, "no session event: " + e);
            }
            assertEquals(SessionState.ACTIVE, f.hostileState(), "the configured neighbour's session is untouched");
            f.assertGoodPeerUntouched();
        }
    }
}

package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicLong;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that sends UPDATEs faster than the RIB thread applies them (a listener slows the RIB thread
 * down on purpose): the session stops reading while more than {@link PeerHandler#INBOUND_HIGH_WATER}
 * octets wait, so TCP holds the peer back instead of our heap filling with its messages; every route
 * still arrives, and the session is not ended by its HoldTimer while we are the slow side.
 *
 * <p>Sized for the PARANOID leak detector of the test run, which builds a stack trace on every
 * {@code getByte} of a received UPDATE (the RIB's attribute-block interner reads attributes byte by
 * byte): the RIB thread then applies well under 100 KB/s, so 4 MB is already a flood; the listener
 * below keeps the RIB thread the slow side even on a fast machine.
 */
class InboundFloodTest {

    /** One prefix per UPDATE of about 460 octets (100 communities): 4 MB, about three times the bound. */
    private static final int PREFIXES = 9_000;
    /**
     * The high-water mark plus what the event loop had already read when it paused (the rest of one
     * read buffer of up to 64 KiB, and a partial message) with room to spare.
     */
    private static final long BOUND = PeerHandler.INBOUND_HIGH_WATER + (512L << 10);

    @Test
    void aFloodIsThrottledByTcpAndEveryRouteArrives() throws Exception {
        // The good peer is sent nothing, so the flood loads only the speaker under test.
        try (FaultFixture f = new FaultFixture(b -> b, b -> b.exportPolicy(Policy.rejectAll()))) {
            AtomicLong changes = new AtomicLong();
            f.sp.addListener(e -> {
                if (e instanceof SpeakerEvent.RouteChanged && changes.incrementAndGet() % 50 == 0) {
                    try {
                        Thread.sleep(1); // a slow consumer: at most about 50,000 route changes a second
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            try (RawBgpPeer peer = f.establishHostile(9)) {
                peer.discardInputInBackground();
                long t0 = System.nanoTime();
                ByteArrayOutputStream attrs = new ByteArrayOutputStream();
                attrs.writeBytes(RawMessages.basicAttributes(new long[] {FaultFixture.HOSTILE_AS}, "198.18.0.1", 0));
                byte[] communities = new byte[400];
                for (int c = 0; c < 100; c++) {
                    communities[4 * c] = (byte) 0xFD;
                    communities[4 * c + 1] = (byte) 0xE9; // 65001:c
                    communities[4 * c + 3] = (byte) c;
                }
                attrs.writeBytes(RawMessages.attribute(0xD0, 8, communities)); // COMMUNITIES, extended length
                byte[] attributes = attrs.toByteArray();
                ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                long sent = 0;
                for (int i = 0; i < PREFIXES; i++) {
                    chunk.writeBytes(RawMessages.update(new byte[0], attributes,
                            RawMessages.ipv4Prefixes(new int[] {10 << 24 | i}, 32)));
                    if (chunk.size() > 64 * 1024 || i == PREFIXES - 1) {
                        sent += chunk.size();
                        peer.send(chunk.toByteArray()); // blocks while we do not read: that is the point
                        chunk.reset();
                    }
                }
                System.out.printf("flood of %d octets written in %d ms%n", sent, (System.nanoTime() - t0) / 1_000_000);
                long deadline = System.nanoTime() + 180_000_000_000L;
                while (f.sp.locRibSize() < FaultFixture.GOOD_ROUTES + PREFIXES) {
                    assertTrue(System.nanoTime() < deadline, "every route arrives");
                    peer.sendKeepalive();
                    Thread.sleep(200);
                }
                long[] in = f.sp.inboundBacklog(f.hostile);
                System.out.printf("flood applied after %d ms; at most %d octets of UPDATEs waited for the RIB thread%n",
                        (System.nanoTime() - t0) / 1_000_000, in[1]);
                assertTrue(in[1] <= BOUND, "inbound backlog peaked at " + in[1] + " > " + BOUND);
                assertTrue(in[1] > PeerHandler.INBOUND_HIGH_WATER, "the flood did outrun the RIB thread: " + in[1]);
                assertEquals(SessionState.ESTABLISHED, f.hostileState(), "the flooder's session stays up");
                assertEquals(PREFIXES, f.sp.status().neighbor(f.hostile).orElseThrow().accepted());
                await("backlog drained", 30, () -> f.sp.inboundBacklog(f.hostile)[0] == 0);
                f.assertGoodPeerUntouched();
            }
        }
    }
}

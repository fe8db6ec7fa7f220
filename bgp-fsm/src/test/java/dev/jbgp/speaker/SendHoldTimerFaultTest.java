package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that stops reading (a tiny receive buffer, then never a read: its TCP window closes) while
 * we have a table of about 25 MB to send it. RFC 9687: the SendHoldTimer ends the session with a
 * Send Hold Timer Expired NOTIFICATION (code 8; whether the peer ever sees it depends on its socket,
 * which is full) and the connection is closed, not kept waiting for a flush that never comes.
 * Meanwhile our memory stays bounded: what waits for the channel is about one high-water mark (Netty's
 * default 64 KiB) plus one write batch, and the table waits un-encoded, so pooled direct memory grows
 * by far less than the table would take encoded.
 */
class SendHoldTimerFaultTest {

    /** One attribute set per prefix with 64 large communities: one UPDATE of about 825 octets each. */
    private static final int PREFIXES = 30_000;
    /** Netty's default high-water mark, one write batch of the speaker, one message, and slack. */
    private static final long CHANNEL_BOUND = 64 * 1024 + 64 * 1024 + 4096 + 64 * 1024;
    /** Less than half of the encoded table (about 25 MB): pooled chunks are 4 MiB each. */
    private static final long DIRECT_GROWTH_BOUND = 12L << 20;

    @Test
    void aPeerThatStopsReadingIsDroppedBySendHoldTimerWithBoundedMemory() throws Exception {
        // The good peer gets nothing from us, so the only big writer is the hostile session.
        try (FaultFixture f = new FaultFixture(b -> b.sendHoldTime(Duration.ofSeconds(3)),
                b -> b.exportPolicy(Policy.rejectAll()))) {
            RawBgpPeer peer = f.establish(RawBgpPeer.connect(f.hostile.getHostAddress(), f.self.getHostAddress(),
                    SpeakerFixtures.PORT, Duration.ofSeconds(10), 4096), 0); // hold 0: only the SendHoldTimer can end it
            try {
                List<LocalRoute> table = new ArrayList<>(PREFIXES);
                for (int i = 0; i < PREFIXES; i++) {
                    LocalRoute.Builder b = LocalRoute.builder("10." + (i >> 16) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF) + "/32")
                            .med(i);
                    for (int c = 0; c < 64; c++) {
                        b.largeCommunity(65000, c, i);
                    }
                    table.add(b.build());
                }
                System.gc();
                long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
                f.sp.announce(table); // the peer reads nothing from now on

                long maxChannel = 0;
                long maxDirect = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (f.hostileState() == SessionState.ESTABLISHED) {
                    assertTrue(System.nanoTime() < deadline, "the SendHoldTimer never ended the session");
                    long[] out = f.sp.outboundBacklog(f.hostile);
                    maxChannel = Math.max(maxChannel, out[1]);
                    maxDirect = Math.max(maxDirect, PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
                    Thread.sleep(50);
                }
                long growth = maxDirect - directBefore;
                System.out.printf("stalled peer: at most %d octets waited in the channel, pooled direct memory grew by at most %d KiB%n",
                        maxChannel, growth >> 10);
                assertTrue(maxChannel <= CHANNEL_BOUND, "channel backlog " + maxChannel + " > " + CHANNEL_BOUND);
                assertTrue(growth <= DIRECT_GROWTH_BOUND, "pooled direct memory grew by " + growth);
                String why = f.sp.status().neighbor(f.hostile).orElseThrow().lastError().orElseThrow();
                assertTrue(why.startsWith("sent: Send Hold Timer Expired"), why);
                // RFC 9687 §4: the connection is closed even though the peer never read the NOTIFICATION.
                assertTrue(peer.awaitClosed(Duration.ofSeconds(60)), "the connection was closed");
                f.assertNoHostileBacklog();
                f.assertGoodPeerUntouched();
            } finally {
                peer.close();
            }
        }
    }
}

package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maximum-prefix per neighbour (RFC 4486): one warning event at the threshold, then at the limit a
 * Cease / Maximum Number of Prefixes Reached NOTIFICATION (subcode 1) carrying AFI, SAFI and the
 * limit (§4), the neighbour's routes withdrawn, the session held down for the configured delay and
 * started again after it; the good peer never notices.
 */
class MaximumPrefixTest {

    private static final Duration RESTART = Duration.ofSeconds(3);

    private record Timed(long nanos, SpeakerEvent event) {
    }

    @Test
    void warningOnceThenCeaseWithTheLimitThenRestartAfterTheDelay() throws Exception {
        try (FaultFixture f = new FaultFixture(b -> b.prefixLimit(new PrefixLimit(100, 50, Optional.of(RESTART))))) {
            List<Timed> timed = java.util.Collections.synchronizedList(new ArrayList<>());
            f.sp.addListener(e -> timed.add(new Timed(System.nanoTime(), e)));
            RawBgpPeer peer = f.establishHostile(9);
            try {
                for (int u = 0; u < 10; u++) {
                    peer.send(FaultFixture.hostileAnnouncement(5, 10 * u, 10, 0));
                }
                await("100 hostile routes", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES + 100);
                List<SpeakerEvent.PrefixLimitWarning> warnings = of(timed, SpeakerEvent.PrefixLimitWarning.class);
                assertEquals(1, warnings.size(), "one warning: " + warnings);
                assertEquals(f.hostile, warnings.get(0).neighbor());
                assertEquals(50, warnings.get(0).accepted(), "at the 50 % threshold");
                assertEquals(100, warnings.get(0).maximum());
                assertTrue(of(timed, SpeakerEvent.PrefixLimitExceeded.class).isEmpty(), "100 is allowed");

                peer.send(FaultFixture.hostileAnnouncement(5, 100, 2, 0));
                byte[] body = RawMessages.body(peer.readMessage(RawMessages.NOTIFICATION, Duration.ofSeconds(20)));
                assertEquals(6, body[0], "Cease");
                assertEquals(1, body[1], "Maximum Number of Prefixes Reached");
                // RFC 4486 §4: AFI 1 (IPv4), SAFI 1 (unicast), the upper bound 100 in four octets.
                assertArrayEquals(new byte[] {0, 1, 1, 0, 0, 0, 100}, Arrays.copyOfRange(body, 2, body.length));
                assertTrue(peer.awaitClosed(Duration.ofSeconds(20)));
            } finally {
                peer.close();
            }
            await("hostile routes withdrawn", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES);
            List<SpeakerEvent.PrefixLimitExceeded> exceeded = of(timed, SpeakerEvent.PrefixLimitExceeded.class);
            assertEquals(1, exceeded.size());
            assertEquals(102, exceeded.get(0).accepted());
            assertEquals(Optional.of(RESTART), exceeded.get(0).restartAfter());
            assertEquals(1, of(timed, SpeakerEvent.PrefixLimitWarning.class).size(), "still one warning");

            // Held down for the delay: the first time it listens again is at least RESTART after the event.
            long exceededAt = timed.stream().filter(t -> t.event() instanceof SpeakerEvent.PrefixLimitExceeded)
                    .findFirst().orElseThrow().nanos();
            await("restarted after the delay", 30, () -> f.hostileState() == SessionState.ACTIVE);
            long activeAt = timed.stream().filter(t -> t.nanos() > exceededAt
                            && t.event() instanceof SpeakerEvent.SessionStateChanged c
                            && c.neighbor().equals(f.hostile) && c.to() == SessionState.ACTIVE)
                    .findFirst().orElseThrow().nanos();
            long heldMillis = (activeAt - exceededAt) / 1_000_000;
            System.out.println("session held down for " + heldMillis + " ms");
            assertTrue(heldMillis >= RESTART.toMillis(), "held down " + heldMillis + " ms, less than " + RESTART);
            try (RawBgpPeer again = f.establishHostile(9)) {
                again.send(FaultFixture.hostileAnnouncement(5, 0, 10, 0));
                await("accepted again", 20, () -> f.sp.locRibSize() == FaultFixture.GOOD_ROUTES + 10);
            }
            f.assertGoodPeerUntouched();
        }
    }

    private static <T> List<T> of(List<Timed> timed, Class<T> type) {
        List<T> out = new ArrayList<>();
        synchronized (timed) {
            for (Timed t : timed) {
                if (type.isInstance(t.event())) {
                    out.add(type.cast(t.event()));
                }
            }
        }
        return out;
    }
}

package dev.jbgp.speaker;

import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that flaps every second (connect, OPEN, close) against a neighbour with DampPeerOscillations
 * (RFC 4271 §8.1.1): after each failed session the IdleHoldTime doubles (1, 2, 4, 8 s), and while it
 * runs the session is Idle and refuses connections, so the sessions we accept from the flapper come
 * further and further apart. Only lower bounds are asserted: a timer never fires early, however slow
 * the machine.
 */
class FlapDampingTest {

    @Test
    void idleHoldDampingSpacesOutAFlappersSessions() throws Exception {
        try (FaultFixture f = new FaultFixture(b -> b.dampPeerOscillations(true))) {
            List<Long> accepted = new ArrayList<>();
            int attempts = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (accepted.size() < 5 && System.nanoTime() < deadline) {
                long started = System.nanoTime();
                attempts++;
                try (RawBgpPeer peer = f.connectHostile()) {
                    peer.readMessage(RawMessages.OPEN, Duration.ofSeconds(5)); // refused: EOF instead
                    accepted.add(System.nanoTime());
                    peer.sendOpen(FaultFixture.HOSTILE_AS, 9, f.hostile.getHostAddress(),
                            RawMessages.multiprotocol(1, 1), RawMessages.fourOctetAs(FaultFixture.HOSTILE_AS));
                    peer.readMessage(RawMessages.KEEPALIVE, Duration.ofSeconds(5)); // it took our OPEN: OpenConfirm
                } catch (IOException refused) {
                    // Idle: the connection was closed at once
                }
                long rest = Duration.ofSeconds(1).toNanos() - (System.nanoTime() - started);
                if (rest > 0) {
                    Thread.sleep(rest / 1_000_000);
                }
            }
            List<Long> gapsMillis = new ArrayList<>();
            for (int i = 1; i < accepted.size(); i++) {
                gapsMillis.add((accepted.get(i) - accepted.get(i - 1)) / 1_000_000);
            }
            System.out.printf("%d attempts, %d sessions accepted, gaps %s ms%n", attempts, accepted.size(), gapsMillis);
            assertTrue(accepted.size() >= 5, "five sessions accepted in 90 s: " + gapsMillis);
            // IdleHoldTime 1, 2, 4, 8 s: each gap is at least its hold time.
            for (int i = 0; i < 4; i++) {
                long hold = 1000L << i;
                assertTrue(gapsMillis.get(i) >= hold, "gap " + i + " at least " + hold + " ms: " + gapsMillis);
            }
            assertTrue(gapsMillis.get(3) > gapsMillis.get(0), "the gaps grow: " + gapsMillis);
            assertTrue(attempts > accepted.size() + 4, "connections refused while damped: " + attempts);
            f.assertGoodPeerUntouched();
        }
    }
}

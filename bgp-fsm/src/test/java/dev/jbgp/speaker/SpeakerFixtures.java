package dev.jbgp.speaker;

import dev.jbgp.rib.policy.Policy;
import dev.jbgp.testkit.daemon.LoopbackAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Shared pieces of the speaker tests: fresh loopback addresses, neighbours, waiting for a condition. */
public final class SpeakerFixtures {

    public static final int PORT = LoopbackAddresses.TEST_PORT;

    private SpeakerFixtures() {
    }

    /** A fresh 127.0.x.y whose test port is free. */
    public static InetAddress freshAddress() {
        return address(LoopbackAddresses.allocate());
    }

    public static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A speaker in {@code asn} listening on {@code self}, test port, IPv4 unicast. */
    public static SpeakerConfig.Builder speaker(long asn, InetAddress self) {
        return SpeakerConfig.builder(asn, self.getHostAddress()).listen(self).listenPort(PORT);
    }

    /** An eBGP neighbour accepting and announcing everything, short timers. */
    public static Neighbor.Builder neighbor(InetAddress peer, long asn, InetAddress self, boolean passive) {
        return Neighbor.builder(peer, RemoteAs.of(asn)).port(PORT).localAddress(self).passive(passive)
                .holdTimeSeconds(9).connectRetryTime(Duration.ofSeconds(1))
                .importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll());
    }

    /** Polls {@code condition} every 20 ms for at most {@code seconds}; fails with {@code what} otherwise. */
    public static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + seconds + " s waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

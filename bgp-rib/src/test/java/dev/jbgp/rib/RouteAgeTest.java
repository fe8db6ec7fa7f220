package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.nlri.Prefix;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each route's own time ({@link Route#arrival()}, {@link Route#age()}, {@link Route#receivedAt()}). */
class RouteAgeTest {

    private static final PeerId PEER = ebgp(2, 65001);
    private static final Prefix A = prefix("127.60.0.0/16");
    private static final Prefix B = prefix("127.61.0.0/16");

    private static Rib rib() {
        Rib rib = Rib.create(config().build());
        rib.peerUp(PEER, open("127.0.0.1"));
        return rib;
    }

    @Test
    void stampedAtArrivalFromTheNanoClock() {
        Rib rib = rib();
        long before = System.nanoTime();
        Instant wallBefore = Instant.now();
        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build());
        long after = System.nanoTime();
        Route r = rib.bestPath(A).orElseThrow();
        assertTrue(r.arrival() >= before && r.arrival() <= after, "arrival is the nanoTime when made");
        Duration age = r.age();
        assertFalse(age.isNegative());
        assertTrue(age.compareTo(Duration.ofNanos(System.nanoTime() - before)) <= 0, "age counts from arrival");
        // Instant.now() and nanoTime are separate clocks: allow a millisecond of skew.
        assertFalse(r.receivedAt().isBefore(wallBefore.minusMillis(1)), "received after the call began");
        assertFalse(r.receivedAt().isAfter(Instant.now().plusMillis(1)), "received before now");
    }

    @Test
    void sameAttributesKeepTheRouteAndItsTimeAChangeRenewsIt() throws InterruptedException {
        Rib rib = rib();
        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build());
        Route first = rib.bestPath(A).orElseThrow();
        Thread.sleep(20);
        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build());
        Route same = rib.bestPath(A).orElseThrow();
        assertSame(first, same, "no change: the same route");
        assertEquals(first.arrival(), same.arrival());
        assertTrue(same.age().toMillis() >= 20, "the age kept growing: " + same.age());

        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001, 65009).build());
        Route changed = rib.bestPath(A).orElseThrow();
        assertTrue(changed.arrival() > first.arrival(), "implicit withdraw: a new time");
        assertTrue(changed.age().compareTo(first.age()) < 0, "younger than the path it replaced");
        assertTrue(changed.receivedAt().isAfter(first.receivedAt()));
    }

    @Test
    void arrivalsStayUniqueWhenTheClockDoesNotMove() {
        Rib rib = rib();
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            rib.announce(PEER, (i & 1) == 0 ? A : B, 0, attrs("127.0.0.2", 65001, 65100 + i).build());
            long a = rib.bestPath((i & 1) == 0 ? A : B).orElseThrow().arrival();
            assertTrue(a > last, "strictly increasing at " + i);
            last = a;
        }
    }

    @Test
    void staleMarkingKeepsTheOriginalTime() {
        Rib rib = rib();
        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build());
        Route fresh = rib.bestPath(A).orElseThrow();
        rib.peerDownGraceful(PEER);
        Route stale = rib.bestPath(A).orElseThrow();
        assertTrue(stale.isStale());
        assertEquals(fresh.arrival(), stale.arrival(), "RFC 4724 stale copy: the path did not change");
    }
}

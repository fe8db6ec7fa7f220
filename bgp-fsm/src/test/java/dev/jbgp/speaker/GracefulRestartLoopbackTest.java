package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static dev.jbgp.speaker.SpeakerFixtures.freshAddress;
import static dev.jbgp.speaker.SpeakerFixtures.neighbor;
import static dev.jbgp.speaker.SpeakerFixtures.speaker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two jbgp speakers on loopback: the restarting side of graceful restart (close without NOTIFICATION,
 * Restart State, End-of-RIB held until the initial advertisement is done), the default close, an
 * "any external AS" neighbour, and the message counters.
 */
class GracefulRestartLoopbackTest {

    private static final Prefix NET_A = LocalRoute.parsePrefix("198.51.100.0/24");
    private static final Prefix NET_B = LocalRoute.parsePrefix("203.0.113.0/24");
    /** Long enough that a test passing within it proves nothing waited for it. */
    private static final Duration RESTART_TIME = Duration.ofSeconds(60);

    private static boolean established(BgpSpeaker s, InetAddress peer) {
        return s.status().neighbor(peer).map(n -> n.state() == SessionState.ESTABLISHED).orElse(false);
    }

    private static boolean stale(BgpSpeaker s, Prefix p) {
        List<RouteStatus> rs = s.routes(p);
        return !rs.isEmpty() && rs.get(0).route().isStale();
    }

    private static boolean fresh(BgpSpeaker s, Prefix p) {
        List<RouteStatus> rs = s.routes(p);
        return !rs.isEmpty() && !rs.get(0).route().isStale();
    }

    /** The restarting speaker A (AS 65001) towards helper B. */
    private static SpeakerConfig.Builder restarter(InetAddress a, InetAddress b) {
        return speaker(65001, a).neighbor(neighbor(b, 65002, a, false).gracefulRestart(RESTART_TIME, true).build());
    }

    /** The helper B (AS 65002, passive) towards the restarting speaker A: keeps A's routes stale on a restart. */
    private static SpeakerConfig helper(InetAddress b, InetAddress a) {
        return speaker(65002, b).neighbor(neighbor(a, 65001, b, true).gracefulRestart(RESTART_TIME, false).build()).build();
    }

    /** {@code from} announces {@code nets}; waits until {@code to} has every one of them, not stale. */
    private static void announceAndAwait(BgpSpeaker from, BgpSpeaker to, Prefix... nets) {
        from.announce(Arrays.stream(nets).map(p -> LocalRoute.builder(p).build()).toList());
        await("the peer learns " + Arrays.toString(nets), 10, () -> Arrays.stream(nets).allMatch(p -> fresh(to, p)));
    }

    @Test
    void gracefulRestartCloseKeepsRoutesStaleAndEndOfRibAfterTheRestartSweepsTheRest() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        try (BgpSpeaker sb = BgpSpeaker.start(helper(b, a))) {
            BgpSpeaker sa = BgpSpeaker.start(restarter(a, b).build());
            try {
                assertFalse(sa.isRestarting(), "a fresh start");
                announceAndAwait(sa, sb, NET_A, NET_B);
                NeighborStatus before = sa.status().neighbor(b).orElseThrow();
                assertTrue(before.updatesSent() >= 2, "at least one UPDATE and End-of-RIB: " + before);
                assertEquals(2, before.advertised());
            } finally {
                sa.close(ShutdownMode.GRACEFUL_RESTART);
            }
            await("B sees the session drop", 10, () -> !established(sb, a));
            await("B keeps A's routes as stale", 5, () -> stale(sb, NET_A) && stale(sb, NET_B));
            NeighborStatus atB = sb.status().neighbor(a).orElseThrow();
            assertEquals(0, atB.notificationsReceived(), "no NOTIFICATION came: " + atB);
            assertTrue(atB.updatesReceived() >= 2, "UPDATE messages, not prefixes: " + atB);
            assertTrue(sb.status().render().contains("{Stale}"), sb.status().render());

            // A comes back restarting, announces only NET_A: End-of-RIB waits for the application.
            try (BgpSpeaker again = BgpSpeaker.start(restarter(a, b).restarting(Duration.ofMinutes(5)).build())) {
                assertTrue(again.isRestarting());
                again.announce(List.of(LocalRoute.builder(NET_A).build()));
                await("session back", 10, () -> established(sb, a) && established(again, b));
                await("NET_A re-announced", 10, () -> fresh(sb, NET_A));
                long updates = again.status().neighbor(b).orElseThrow().updatesSent();
                assertTrue(stale(sb, NET_B), "no End-of-RIB yet: the route not re-announced stays, stale");

                long t0 = System.nanoTime();
                again.initialAdvertisementDone();
                assertFalse(again.isRestarting());
                await("End-of-RIB sweeps NET_B", 5, () -> sb.routes(NET_B).isEmpty());
                assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(RESTART_TIME) < 0);
                assertTrue(fresh(sb, NET_A), "the re-announced route stays, no longer stale");
                assertTrue(again.status().neighbor(b).orElseThrow().updatesSent() > updates, "End-of-RIB went out");
                again.initialAdvertisementDone(); // a second call does nothing
            }
        }
    }

    @Test
    void theDeferralTimeEndsARestartTheApplicationNeverEnds() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        try (BgpSpeaker sb = BgpSpeaker.start(helper(b, a))) {
            BgpSpeaker sa = BgpSpeaker.start(restarter(a, b).build());
            try {
                announceAndAwait(sa, sb, NET_A, NET_B);
            } finally {
                sa.close(ShutdownMode.GRACEFUL_RESTART);
            }
            await("stale at B", 10, () -> !established(sb, a) && stale(sb, NET_B));
            try (BgpSpeaker again = BgpSpeaker.start(restarter(a, b).restarting(Duration.ofSeconds(3)).build())) {
                again.announce(List.of(LocalRoute.builder(NET_A).build()));
                await("the deferral time passes and End-of-RIB sweeps NET_B", 15, () -> sb.routes(NET_B).isEmpty());
                assertFalse(again.isRestarting());
                assertTrue(fresh(sb, NET_A));
            }
        }
    }

    @Test
    void defaultCloseSendsCeaseAndTheHelperDropsTheRoutesAtOnce() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        try (BgpSpeaker sb = BgpSpeaker.start(helper(b, a))) {
            BgpSpeaker sa = BgpSpeaker.start(restarter(a, b).build());
            try {
                announceAndAwait(sa, sb, NET_A);
                // A change that needs a new session keeps the message counters (they count since the neighbour was added).
                long sent = sa.status().neighbor(b).orElseThrow().updatesSent();
                assertTrue(sa.updatePeer(neighbor(b, 65002, a, false).gracefulRestart(RESTART_TIME, true)
                        .holdTimeSeconds(12).build()).sessionReset());
                await("session back", 10, () -> established(sa, b) && established(sb, a));
                await("B has NET_A again", 10, () -> fresh(sb, NET_A));
                NeighborStatus reset = sa.status().neighbor(b).orElseThrow();
                assertTrue(reset.updatesSent() > sent, "counted on from " + sent + ": " + reset);
                assertTrue(reset.notificationsSent() >= 1, "the Cease of the reset: " + reset);
            } finally {
                sa.close();
            }
            await("B drops NET_A", 5, () -> sb.routes(NET_A).isEmpty());
            NeighborStatus atB = sb.status().neighbor(a).orElseThrow();
            assertEquals(2, atB.notificationsReceived(), "the reset's Cease and the close's: " + atB);
            assertTrue(atB.lastError().orElseThrow().contains("Administrative Shutdown"), atB.toString());
        }
    }

    @Test
    void anExternalNeighbourIsAnyAsButOursLearnedFromItsOpen() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        InetAddress c = freshAddress();
        // B accepts A and C from "any external AS"; C is in B's own AS, so it is refused.
        SpeakerConfig cb = speaker(65002, b)
                .neighbor(Neighbor.builder(a, RemoteAs.external()).port(SpeakerFixtures.PORT).localAddress(b)
                        .passive(true).holdTimeSeconds(9).importPolicy(dev.jbgp.rib.policy.Policy.acceptAll())
                        .exportPolicy(dev.jbgp.rib.policy.Policy.acceptAll()).build())
                .neighbor(Neighbor.builder(c, RemoteAs.external()).port(SpeakerFixtures.PORT).localAddress(b)
                        .passive(true).holdTimeSeconds(9).build()).build();
        try (BgpSpeaker sb = BgpSpeaker.start(cb)) {
            NeighborStatus unknown = sb.status().neighbor(a).orElseThrow();
            assertEquals(0, unknown.asn());
            assertEquals("external", unknown.asText());
            assertTrue(rendersNeighbour(sb, a, "external"), sb.status().render());
            sb.announce(List.of(LocalRoute.builder(NET_B).build()));
            try (BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false).build()).build());
                 BgpSpeaker sc = BgpSpeaker.start(speaker(65002, c).neighbor(neighbor(b, 65002, c, false)
                         .build()).build())) {
                sa.announce(List.of(LocalRoute.builder(NET_A).build()));
                await("A and B up", 10, () -> established(sb, a) && established(sa, b));
                await("B learns NET_A", 10, () -> fresh(sb, NET_A));
                RouteStatus atB = sb.routes(NET_A).get(0);
                assertTrue(atB.route().peer().isExternal(), "eBGP rules for the learned AS");
                assertEquals(65001, atB.route().peer().asn());
                // eBGP export: B prepends its AS and sets itself as next hop towards A.
                await("A learns NET_B", 10, () -> fresh(sa, NET_B));
                assertEquals(List.of(65002L), asns(sa.routes(NET_B).get(0)));
                NeighborStatus learned = sb.status().neighbor(a).orElseThrow();
                assertEquals(65001, learned.asn());
                assertEquals(RemoteAs.external(), learned.remoteAs());
                assertTrue(rendersNeighbour(sb, a, "65001"), sb.status().render());

                await("C is refused with Bad Peer AS", 10, () -> sc.status().neighbor(b).orElseThrow().lastError()
                        .map(e -> e.contains("Bad Peer AS")).orElse(false));
                assertFalse(established(sb, c));
                assertTrue(sb.status().neighbor(c).orElseThrow().notificationsSent() >= 1);
            }
        }
    }

    private static boolean rendersNeighbour(BgpSpeaker s, InetAddress peer, String as) {
        return s.status().render().matches("(?s).*\\n" + peer.getHostAddress().replace(".", "\\.") + " +" + as + " .*");
    }

    private static List<Long> asns(RouteStatus r) {
        List<Long> out = new java.util.ArrayList<>();
        for (var seg : r.route().attributes().asPath()) {
            for (long asn : seg.asns()) {
                out.add(asn);
            }
        }
        return out;
    }
}

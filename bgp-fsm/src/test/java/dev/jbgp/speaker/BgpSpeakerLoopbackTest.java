package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.PrefixList;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static dev.jbgp.speaker.SpeakerFixtures.freshAddress;
import static dev.jbgp.speaker.SpeakerFixtures.neighbor;
import static dev.jbgp.speaker.SpeakerFixtures.speaker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two or three jbgp speakers peering over loopback: route exchange, ECMP, refresh, limits, close. */
class BgpSpeakerLoopbackTest {

    private static final Prefix NET_A = LocalRoute.parsePrefix("198.51.100.0/24");
    private static final Prefix NET_B = LocalRoute.parsePrefix("203.0.113.0/24");

    private static boolean established(BgpSpeaker s, InetAddress peer) {
        return s.status().neighbor(peer).map(n -> n.state() == SessionState.ESTABLISHED).orElse(false);
    }

    private static List<RouteStatus> paths(BgpSpeaker s, Prefix p) {
        return s.routes(p);
    }

    @Test
    void twoSpeakersExchangeRoutesBothWaysAndWithdraw() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        List<SpeakerEvent> eventsB = new CopyOnWriteArrayList<>();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(neighbor(a, 65001, b, true).build()).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false)
                     .description("upstream B").build()).build())) {
            sb.addListener(eventsB::add);
            sa.announce(List.of(LocalRoute.builder(NET_A).med(50).community(65001, 7).largeCommunity(65001, 1, 2).build()));
            sb.announce(List.of(LocalRoute.builder(NET_B).build()));
            await("session up", 10, () -> established(sa, b) && established(sb, a));
            await("B learns A's route", 10, () -> !paths(sb, NET_A).isEmpty());
            await("A learns B's route", 10, () -> !paths(sa, NET_B).isEmpty());

            RouteStatus atB = paths(sb, NET_A).get(0);
            PathAttributes attrs = atB.route().attributes();
            assertTrue(atB.best());
            assertEquals(Optional.of(a), attrs.nextHop(), "eBGP next hop is A's session address");
            assertEquals(List.of(65001L), List.of(attrs.asPath().get(0).asns()[0]));
            assertEquals(1, attrs.asPathLength());
            assertEquals(50, attrs.med(-1));
            assertTrue(attrs.hasCommunity(65001 << 16 | 7));
            assertTrue(attrs.hasLargeCommunity(65001, 1, 2));

            SpeakerStatus st = sa.status();
            NeighborStatus nb = st.neighbor(b).orElseThrow();
            assertEquals(65002, nb.asn());
            assertEquals(1, nb.accepted());
            assertEquals(1, nb.advertised());
            assertEquals(Optional.of("upstream B"), nb.description());
            String text = st.render();
            assertTrue(text.contains("--- BGP Server Configuration ---"), text);
            assertTrue(text.contains("AS:        65001"), text);
            assertTrue(text.contains("Establ"), text);
            assertTrue(text.matches("(?s).*\\*> 203\\.0\\.113\\.0/24\\s+" + b.getHostAddress().replace(".", "\\.") + "\\s+65002 .*"), text);
            assertTrue(text.matches("(?s).*\\*> 198\\.51\\.100\\.0/24\\s+0\\.0\\.0\\.0\\s+.*"), text);

            sa.withdraw(List.of(NET_A));
            await("B drops the withdrawn route", 10, () -> paths(sb, NET_A).isEmpty());
            assertTrue(eventsB.stream().anyMatch(e -> e instanceof SpeakerEvent.RouteChanged rc
                    && rc.prefix().equals(NET_A) && rc.best().isEmpty()), "a RouteChanged event with no best path");
            assertTrue(eventsB.stream().anyMatch(e -> e instanceof SpeakerEvent.SessionStateChanged sc
                    && sc.to() == SessionState.ESTABLISHED));
        }
    }

    @Test
    void theAgeIsTheRoutesOwnItGrowsAChangeRenewsItAndALateListenerStillSeesRouteChanges() throws InterruptedException {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        List<SpeakerEvent> eventsB = new CopyOnWriteArrayList<>();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(neighbor(a, 65001, b, true).build()).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false).build()).build())) {
            sa.announce(List.of(LocalRoute.builder(NET_A).build()));
            await("B learns A's route", 10, () -> sb.locRibSize() == 1);
            SpeakerStatus first = sb.status();
            RouteStatus r1 = first.routes(NET_A).get(0);
            assertFalse(r1.lastChanged().isAfter(first.taken()), "received before the snapshot");
            assertTrue(Duration.between(r1.lastChanged(), first.taken()).compareTo(Duration.ofSeconds(10)) < 0,
                    "received within the test: " + r1.lastChanged() + " vs " + first.taken());

            Thread.sleep(1100);
            SpeakerStatus later = sb.status();
            RouteStatus r2 = later.routes(NET_A).get(0);
            assertSame(r1.route(), r2.route(), "nothing changed: the same route");
            // Each status puts the route's nanoTime on the wall clock anew: equal up to the clocks' skew.
            assertTrue(Duration.between(r1.lastChanged(), r2.lastChanged()).abs().toMillis() < 50,
                    r1.lastChanged() + " vs " + r2.lastChanged());
            assertTrue(Duration.between(r2.lastChanged(), later.taken()).toMillis() >= 1000, "the age grew");
            assertTrue(later.render().lines().anyMatch(l -> l.contains("198.51.100.0/24") && !l.contains("00:00:00")),
                    "the Age column shows at least a second:\n" + later.render());

            sa.announce(List.of(LocalRoute.builder(NET_A).prepend(1).build()));
            await("B sees the changed path", 10, () -> paths(sb, NET_A).stream()
                    .anyMatch(r -> r.route().attributes().asPathLength() == 2));
            SpeakerStatus changed = sb.status();
            RouteStatus r3 = changed.routes(NET_A).get(0);
            assertTrue(r3.lastChanged().isAfter(r2.lastChanged()), "an implicit withdraw renews the time");
            assertTrue(Duration.between(r3.lastChanged(), changed.taken()).toMillis() < 1000, "young again");

            sb.addListener(eventsB::add);
            sa.withdraw(List.of(NET_A));
            await("B drops the withdrawn route", 10, () -> sb.locRibSize() == 0);
            assertTrue(eventsB.stream().anyMatch(e -> e instanceof SpeakerEvent.RouteChanged rc
                    && rc.prefix().equals(NET_A) && rc.best().isEmpty()), "a RouteChanged event with no best path");
        }
    }

    @ParameterizedTest(name = "multipath-relax {0}")
    @ValueSource(booleans = {true, false})
    void ecmpAcrossTwoUpstreamsDependsOnRelaxAndPrependDropsAPath(boolean relax) {
        InetAddress d = freshAddress();
        InetAddress u1 = freshAddress();
        InetAddress u2 = freshAddress();
        SpeakerConfig down = speaker(65000, d).multipath(4, 1, relax)
                .neighbor(neighbor(u1, 65001, d, true).build())
                .neighbor(neighbor(u2, 65002, d, true).build()).build();
        try (BgpSpeaker sd = BgpSpeaker.start(down);
             BgpSpeaker s1 = BgpSpeaker.start(speaker(65001, u1).neighbor(neighbor(d, 65000, u1, false).build()).build());
             BgpSpeaker s2 = BgpSpeaker.start(speaker(65002, u2).neighbor(neighbor(d, 65000, u2, false).build()).build())) {
            s1.announce(List.of(LocalRoute.builder(NET_A).build()));
            s2.announce(List.of(LocalRoute.builder(NET_A).build()));
            await("both paths", 15, () -> paths(sd, NET_A).size() == 2);
            List<RouteStatus> ps = paths(sd, NET_A);
            long inSet = ps.stream().filter(r -> r.best() || r.multipath()).count();
            assertEquals(relax ? 2 : 1, inSet, "ECMP set with multipath-relax " + relax + ":\n" + sd.status().render());
            if (relax) {
                assertTrue(sd.status().render().contains("*= 198.51.100.0/24"));
            }
            // A longer AS path from u2 drops it out of the set (or keeps it out).
            s2.announce(List.of(LocalRoute.builder(NET_A).prepend(2).build()));
            await("u2's path prepended", 10, () -> paths(sd, NET_A).stream()
                    .anyMatch(r -> r.route().attributes().asPathLength() == 3));
            List<RouteStatus> after = paths(sd, NET_A);
            assertEquals(1, after.stream().filter(r -> r.best() || r.multipath()).count());
            assertEquals(u1, after.get(0).route().peer().address());
        }
    }

    @Test
    void routeRefreshResendsAdjRibOutAndExportPrependShowsOnTheWire() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        Policy prepend3 = Policy.of("prepend3", Term.accept(Match.any(), Action.prependOwnAs(3)));
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(neighbor(a, 65001, b, true).build()).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a)
                     .neighbor(neighbor(b, 65002, a, false).exportPolicy(prepend3).build()).build())) {
            sa.announce(List.of(LocalRoute.builder(NET_A).build()));
            await("B learns A's route", 10, () -> !paths(sb, NET_A).isEmpty());
            assertEquals(4, paths(sb, NET_A).get(0).route().attributes().countAs(65001), "3 policy prepends + 1");
            await("B counted one announcement", 5, () -> sb.status().neighbor(a).orElseThrow().received() == 1);
            sb.requestRouteRefresh(a);
            await("A re-sent its Adj-RIB-Out", 10, () -> sb.status().neighbor(a).orElseThrow().received() == 2);
            assertEquals(1, sa.status().neighbor(b).orElseThrow().refreshRequests());
        }
    }

    @Test
    void importPolicyChangeIsAppliedWithoutAReset() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        Neighbor toA = neighbor(a, 65001, b, true).softReconfiguration(true).build();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(toA).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false).build()).build())) {
            sa.announce(List.of(LocalRoute.builder(NET_A).build(), LocalRoute.builder(NET_B).build()));
            await("B learns both", 10, () -> sb.status().neighbor(a).orElseThrow().accepted() == 2);
            var upSince = sb.status().neighbor(a).orElseThrow().since();
            PeerUpdateResult r = sb.updatePeer(toA.toBuilder().importPolicy(Policy.rejectAll()).build());
            assertFalse(r.sessionReset());
            assertEquals(0, sb.status().neighbor(a).orElseThrow().accepted());
            assertTrue(paths(sb, NET_A).isEmpty());
            PeerUpdateResult back = sb.updatePeer(toA);
            assertFalse(back.sessionReset());
            assertEquals(2, sb.status().neighbor(a).orElseThrow().accepted());
            assertEquals(upSince, sb.status().neighbor(a).orElseThrow().since(), "the session stayed up");

            PeerUpdateResult timers = sb.updatePeer(toA.toBuilder().holdTimeSeconds(30).build());
            assertTrue(timers.sessionReset());
            assertEquals(List.of("holdTime"), timers.reasons());
            await("back up after the reset", 15, () -> sb.status().neighbor(a).orElseThrow().accepted() == 2);
        }
    }

    @Test
    void importPolicyChangeWithoutSoftReconfigurationAsksForARouteRefresh() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        Neighbor toA = neighbor(a, 65001, b, true).build();
        assertFalse(toA.softReconfiguration(), "off by default, as in BIRD and FRR");
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(toA).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false).build()).build())) {
            sa.announce(List.of(LocalRoute.builder(NET_A).build(), LocalRoute.builder(NET_B).build()));
            await("B learns both", 10, () -> sb.status().neighbor(a).orElseThrow().accepted() == 2);
            Policy onlyB = Policy.of("onlyB", Term.accept(Match.prefixIn(PrefixList.parse(NET_B.toString()))));
            var upSince = sb.status().neighbor(a).orElseThrow().since();
            long refreshesBefore = sa.status().neighbor(b).orElseThrow().refreshRequests();
            PeerUpdateResult r = sb.updatePeer(toA.toBuilder().importPolicy(onlyB).build());
            assertFalse(r.sessionReset(), "no pre-policy routes kept: a route refresh brings them again");
            await("A's routes sent again through the new policy", 10,
                    () -> paths(sb, NET_A).isEmpty() && sb.status().neighbor(a).orElseThrow().accepted() == 1);
            assertEquals(1, paths(sb, NET_B).size());
            assertTrue(sa.status().neighbor(b).orElseThrow().refreshRequests() > refreshesBefore, "A was asked");
            assertEquals(upSince, sb.status().neighbor(a).orElseThrow().since(), "the session stayed up");

            PeerUpdateResult back = sb.updatePeer(toA.toBuilder().importPolicy(Policy.acceptAll()).build());
            assertFalse(back.sessionReset());
            await("NET_A back after the next refresh", 10, () -> paths(sb, NET_A).size() == 1);
            assertTrue(sb.updatePeer(toA.toBuilder().importPolicy(Policy.acceptAll()).description("x").build())
                    .reasons().isEmpty(), "an unchanged import policy needs no new session");
        }
    }

    @Test
    void exportPolicyChangeIsAppliedWithoutAReset() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        Neighbor toB = neighbor(b, 65002, a, false).build();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(neighbor(a, 65001, b, true).build()).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(toB).build())) {
            sa.announce(List.of(LocalRoute.builder(NET_A).build()));
            sb.announce(List.of(LocalRoute.builder(NET_B).build()));
            await("routes both ways", 10, () -> !paths(sb, NET_A).isEmpty() && !paths(sa, NET_B).isEmpty());
            var upSince = sa.status().neighbor(b).orElseThrow().since();

            Policy prepend = Policy.of("prepend2", Term.accept(Match.any(), Action.prependOwnAs(2)));
            assertFalse(sa.updatePeer(toB.toBuilder().exportPolicy(prepend).build()).sessionReset());
            await("B sees the prepended path", 10, () -> !paths(sb, NET_A).isEmpty()
                    && paths(sb, NET_A).get(0).route().attributes().asPathLength() == 3);
            await("A's route from B refreshed, not stale", 10, () -> !paths(sa, NET_B).isEmpty()
                    && !paths(sa, NET_B).get(0).route().isStale());

            assertFalse(sa.updatePeer(toB.toBuilder().exportPolicy(Policy.rejectAll()).build()).sessionReset());
            await("B loses the route A no longer exports", 10, () -> paths(sb, NET_A).isEmpty());
            assertEquals(upSince, sa.status().neighbor(b).orElseThrow().since(), "the session stayed up");
            assertEquals(SessionState.ESTABLISHED, sa.status().neighbor(b).orElseThrow().state());
            assertEquals(1, paths(sa, NET_B).size());
        }
    }

    /**
     * An export policy that prepends so much that the Path Attributes field leaves no room for NLRI in
     * a 4096-octet message: that route is not sent (neither in the table dump at session start nor as
     * a later change, where it is withdrawn instead so no older version lingers), the other routes are,
     * and the session stays up.
     */
    @Test
    void aRouteWhoseAttributesCannotFitAMessageIsNotSentAndTheSessionStays() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        PrefixList onlyA = PrefixList.parse(NET_A.toString());
        // 1100 four-octet ASes: over 4400 octets of AS_PATH alone.
        Policy huge = Policy.of("huge", Term.accept(Match.prefixIn(onlyA), Action.prependOwnAs(1100)),
                Term.accept(Match.any()));
        Neighbor toB = neighbor(b, 65002, a, false).exportPolicy(huge).build();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(neighbor(a, 65001, b, true).build()).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(toB).build())) {
            sa.announce(List.of(LocalRoute.builder(NET_A).build(), LocalRoute.builder(NET_B).build()));
            await("B gets the route that fits", 10, () -> paths(sb, NET_B).size() == 1);
            var upSince = sa.status().neighbor(b).orElseThrow().since();

            Policy small = Policy.of("small", Term.accept(Match.prefixIn(onlyA), Action.prependOwnAs(2)),
                    Term.accept(Match.any()));
            assertFalse(sa.updatePeer(toB.toBuilder().exportPolicy(small).build()).sessionReset());
            await("B gets NET_A once it fits", 10, () -> paths(sb, NET_A).size() == 1
                    && paths(sb, NET_A).get(0).route().attributes().asPathLength() == 3);

            assertFalse(sa.updatePeer(toB.toBuilder().exportPolicy(huge).build()).sessionReset());
            await("the older NET_A is withdrawn when the new one cannot be sent", 10, () -> paths(sb, NET_A).isEmpty());
            assertEquals(1, paths(sb, NET_B).size(), "the other route stays");
            assertEquals(upSince, sa.status().neighbor(b).orElseThrow().since(), "the session stayed up");
            assertEquals(SessionState.ESTABLISHED, sa.status().neighbor(b).orElseThrow().state());
        }
    }

    @Test
    void peersAddedAndRemovedAtRunTime() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        List<SpeakerEvent> eventsA = new CopyOnWriteArrayList<>();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false).build()).build())) {
            sa.addListener(eventsA::add);
            sa.announce(List.of(LocalRoute.builder(NET_A).build()));
            sb.addPeer(neighbor(a, 65001, b, true).build());
            await("B learns A's route from a peer added at run time", 15, () -> !paths(sb, NET_A).isEmpty());
            assertEquals(1, sb.config().neighbors().size());

            assertTrue(sb.removePeer(a, Optional.of("decommissioned")));
            assertTrue(paths(sb, NET_A).isEmpty(), "a removed peer's routes are gone at once");
            assertTrue(sb.status().neighbors().isEmpty());
            assertEquals(0, sb.config().neighbors().size());
            await("A hears the Cease", 10, () -> eventsA.stream().anyMatch(e -> e instanceof SpeakerEvent.SessionStateChanged sc
                    && sc.from() == SessionState.ESTABLISHED
                    && sc.reason().equals(Optional.of("received: Cease / Administrative Shutdown"))));
            assertFalse(sb.removePeer(a, Optional.empty()));
        }
    }

    @Test
    void routeReflectorReflectsBetweenItsIbgpClients() {
        InetAddress rr = freshAddress();
        InetAddress c1 = freshAddress();
        InetAddress c2 = freshAddress();
        SpeakerConfig reflector = speaker(65000, rr).routeReflector(rr.getHostAddress())
                .neighbor(neighbor(c1, 65000, rr, true).routeReflectorClient(true).build())
                .neighbor(neighbor(c2, 65000, rr, true).routeReflectorClient(true).build()).build();
        try (BgpSpeaker srr = BgpSpeaker.start(reflector);
             BgpSpeaker s1 = BgpSpeaker.start(speaker(65000, c1).neighbor(neighbor(rr, 65000, c1, false).build()).build());
             BgpSpeaker s2 = BgpSpeaker.start(speaker(65000, c2).neighbor(neighbor(rr, 65000, c2, false).build()).build())) {
            s1.announce(List.of(LocalRoute.builder(NET_A).localPref(150).build()));
            await("client 2 gets client 1's route through the reflector", 15, () -> !paths(s2, NET_A).isEmpty());
            PathAttributes at2 = paths(s2, NET_A).get(0).route().attributes();
            assertEquals(Optional.of(c1), at2.nextHop(), "iBGP: next hop unchanged");
            assertEquals(150, at2.localPref(-1));
            assertEquals(0, at2.asPathLength());
            assertEquals(dev.jbgp.fsm.BgpIdentifiers.parse(c1.getHostAddress()), at2.originatorId(0), "RFC 4456 ORIGINATOR_ID");
            assertEquals(1, at2.clusterListLength());
        }
    }

    @Test
    void maximumPrefixesEndsTheSessionWithCeaseSubcode1() throws InterruptedException {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b)
                     .neighbor(neighbor(a, 65001, b, true).prefixLimit(PrefixLimit.of(1)).build()).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false).build()).build())) {
            sa.announce(List.of(LocalRoute.builder(NET_A).build(), LocalRoute.builder(NET_B).build()));
            await("A hears the Cease", 10, () -> sa.status().neighbor(b).orElseThrow().lastError()
                    .map(e -> e.contains("Maximum Number of Prefixes")).orElse(false));
            assertTrue(sb.status().neighbor(a).orElseThrow().lastError().orElseThrow().startsWith("sent: Cease"));
            await("B dropped A's routes", 5, () -> sb.status().routes().stream()
                    .noneMatch(r -> r.route().peer().address().equals(a)));
            // No restart configured: the session stays down although A keeps trying.
            Thread.sleep(3000);
            assertTrue(sb.status().neighbor(a).orElseThrow().state() != SessionState.ESTABLISHED);
        }
    }

    @Test
    void maximumPrefixesRestartsTheSessionAfterTheDelay() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        List<SpeakerEvent> eventsB = new CopyOnWriteArrayList<>();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(neighbor(a, 65001, b, true)
                     .prefixLimit(PrefixLimit.of(1).withRestartAfter(java.time.Duration.ofMillis(500))).build()).build());
             BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false).build()).build())) {
            sb.addListener(eventsB::add);
            sa.announce(List.of(LocalRoute.builder(NET_A).build(), LocalRoute.builder(NET_B).build()));
            await("two sessions ended by the limit", 20, () -> eventsB.stream().filter(e -> e instanceof SpeakerEvent.SessionStateChanged sc
                    && sc.from() == SessionState.ESTABLISHED).count() >= 2);
        }
    }

    @Test
    void closeSendsCeaseAdministrativeShutdownToEveryPeer() {
        InetAddress a = freshAddress();
        InetAddress b = freshAddress();
        List<SpeakerEvent> eventsB = new CopyOnWriteArrayList<>();
        try (BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(neighbor(a, 65001, b, true).build()).build())) {
            sb.addListener(eventsB::add);
            BgpSpeaker sa = BgpSpeaker.start(speaker(65001, a).neighbor(neighbor(b, 65002, a, false).build()).build());
            try {
                sa.announce(List.of(LocalRoute.builder(NET_A).build()));
                await("B learns A's route", 10, () -> !paths(sb, NET_A).isEmpty());
            } finally {
                sa.close();
            }
            await("B sees the session end", 10, () -> eventsB.stream().anyMatch(e -> e instanceof SpeakerEvent.SessionStateChanged sc
                    && sc.from() == SessionState.ESTABLISHED));
            SpeakerEvent.SessionStateChanged down = eventsB.stream()
                    .filter(e -> e instanceof SpeakerEvent.SessionStateChanged sc && sc.from() == SessionState.ESTABLISHED)
                    .map(e -> (SpeakerEvent.SessionStateChanged) e).findFirst().orElseThrow();
            assertEquals(Optional.of("received: Cease / Administrative Shutdown"), down.reason());
            assertTrue(paths(sb, NET_A).isEmpty(), "routes of a closed peer are gone");
        }
    }
}

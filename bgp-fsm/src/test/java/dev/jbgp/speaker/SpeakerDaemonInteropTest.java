package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.NextHopMode;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.testkit.daemon.Afi;
import dev.jbgp.testkit.daemon.Announcement;
import dev.jbgp.testkit.daemon.BgpDaemon;
import dev.jbgp.testkit.daemon.Bird2;
import dev.jbgp.testkit.daemon.Frr;
import dev.jbgp.testkit.daemon.Daemon;
import dev.jbgp.testkit.daemon.DaemonConfig;
import dev.jbgp.testkit.daemon.Interop;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.testkit.daemon.Neighbour;
import dev.jbgp.testkit.daemon.RibRoute;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static dev.jbgp.speaker.SpeakerFixtures.address;
import static dev.jbgp.speaker.SpeakerFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link BgpSpeaker} against BIRD 2, FRR and GoBGP started by the testkit launcher: a full table
 * each way (10,000 IPv4 and 1,000 IPv6 prefixes from us with MED, communities and large communities,
 * our AS prepended 3 times on export), the daemon's routes in our Loc-RIB, withdrawals both ways,
 * route refresh, ECMP across two daemons, and graceful restart when a daemon dies and comes back.
 */
class SpeakerDaemonInteropTest {

    private static final int PORT = LoopbackAddresses.TEST_PORT;
    private static final long OUR_AS = 65000;
    private static final long DAEMON_AS = 65010;
    private static final int V4 = 10_000;
    private static final int V6 = 1_000;
    private static final Duration UP = Duration.ofSeconds(20);
    private static final Duration ROUTES = Duration.ofSeconds(60);

    private static final Policy PREPEND_3 = Policy.of("prepend-3", Term.accept(Match.any(), Action.prependOwnAs(3)));

    private static String v4(int i) {
        return "10." + (i >> 8) + "." + (i & 0xFF) + ".0/24";
    }

    private static String v6(int i) {
        return "2001:db8:1:" + Integer.toHexString(i) + "::/64";
    }

    /** Our table: four attribute sets over the prefixes, so UPDATEs pack many NLRI each. */
    private static List<LocalRoute> ourTable() {
        List<LocalRoute> out = new ArrayList<>(V4 + V6);
        for (int i = 0; i < V4 + V6; i++) {
            int g = i % 4;
            boolean six = i >= V4;
            out.add(LocalRoute.builder(six ? v6(i - V4) : v4(i))
                    .nextHop(address(six ? "2001:db8:ffff::1" : "198.18.0.1"))
                    .med(100 + g).community((int) OUR_AS, g).largeCommunity(OUR_AS, 1, g).build());
        }
        return out;
    }

    private static Neighbor.Builder toDaemon(InetAddress daemon, long asn, InetAddress self) {
        return Neighbor.builder(daemon, RemoteAs.of(asn)).port(PORT).localAddress(self)
                .holdTimeSeconds(30).connectRetryTime(Duration.ofSeconds(1))
                .nextHopMode(NextHopMode.UNCHANGED)
                .importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll());
    }

    private static SpeakerConfig.Builder us(InetAddress self) {
        return SpeakerConfig.builder(OUR_AS, self.getHostAddress()).listen(self).listenPort(PORT)
                .families(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
    }

    private static DaemonConfig.Builder daemon(String self, InetAddress jbgp, long asn) {
        return DaemonConfig.builder().localAddress(self).port(PORT).asn(asn).routerId(self)
                .neighbour(Neighbour.of(jbgp.getHostAddress(), PORT, OUR_AS).asPassive().withHoldTime(30));
    }

    private static List<RibRoute> fromUs(BgpDaemon d, Afi afi, InetAddress us) {
        List<RibRoute> out = new ArrayList<>();
        for (RibRoute r : d.routes(afi)) {
            if (r.neighbour().equals(us.getHostAddress())) {
                out.add(r);
            }
        }
        return out;
    }

    private static Prefix prefix(String text) {
        return LocalRoute.parsePrefix(text);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Daemon.class)
    void fullTableBothWaysWithPrependWithdrawalsRefreshAndStop(Daemon kind) {
        Interop.require(kind);
        InetAddress self = address(LoopbackAddresses.allocate(PORT));
        String daemonAddr = LoopbackAddresses.allocate(PORT);
        Announcement d4 = Announcement.of("192.0.2.0/24", "198.18.0.9").withMed(7).withCommunities("65010:7");
        Announcement d4b = Announcement.of("198.51.100.0/24", "198.18.0.9");
        Announcement d6 = Announcement.of("2001:db8:d::/48", "2001:db8:ffff::9");
        SpeakerConfig config = us(self).neighbor(toDaemon(address(daemonAddr), DAEMON_AS, self)
                .exportPolicy(PREPEND_3).build()).build();
        try (BgpDaemon d = BgpDaemon.start(kind, daemon(daemonAddr, self, DAEMON_AS).apiPort(50051)
                     .announce(d4).announce(d4b).announce(d6).build());
             BgpSpeaker sp = BgpSpeaker.start(config)) {
            sp.announce(ourTable());
            d.awaitEstablished(self.getHostAddress(), UP);

            // Our full table at the daemon, with exactly our attributes, next hop and AS x 4.
            d.awaitRoutes(Afi.IPV4, rs -> rs.stream().filter(r -> r.neighbour().equals(self.getHostAddress())).count() == V4,
                    "all " + V4 + " IPv4 prefixes from jbgp", ROUTES);
            d.awaitRoutes(Afi.IPV6, rs -> rs.stream().filter(r -> r.neighbour().equals(self.getHostAddress())).count() == V6,
                    "all " + V6 + " IPv6 prefixes from jbgp", ROUTES);
            Map<String, RibRoute> seen = new HashMap<>();
            // Keyed by our canonical text: daemons print IPv6 prefixes compressed in their own way.
            fromUs(d, Afi.IPV4, self).forEach(r -> seen.put(prefix(r.prefix()).toString(), r));
            fromUs(d, Afi.IPV6, self).forEach(r -> seen.put(prefix(r.prefix()).toString(), r));
            assertEquals(V4 + V6, seen.size());
            for (int i = 0; i < V4 + V6; i++) {
                boolean six = i >= V4;
                String p = six ? v6(i - V4) : v4(i);
                RibRoute r = seen.get(prefix(p).toString());
                int g = i % 4;
                assertTrue(r != null, kind + " lacks " + p);
                assertEquals(six ? "2001:db8:ffff::1" : "198.18.0.1", r.nextHop(), p);
                assertEquals(List.of(OUR_AS, OUR_AS, OUR_AS, OUR_AS), r.asPath(), p + ": our AS + 3 prepends");
                assertEquals(OptionalLong.of(100 + g), r.med(), p);
                assertEquals(List.of(OUR_AS + ":" + g), r.communities(), p);
                assertEquals(List.of(OUR_AS + ":1:" + g), r.largeCommunities(), p);
            }

            // The daemon's routes in our Loc-RIB.
            await("the daemon's routes", 30, () -> !sp.routes(prefix(d4.prefix())).isEmpty()
                    && !sp.routes(prefix(d4b.prefix())).isEmpty() && !sp.routes(prefix(d6.prefix())).isEmpty());
            PathAttributes a = sp.routes(prefix(d4.prefix())).get(0).route().attributes();
            assertEquals(1, a.asPathLength());
            assertEquals(DAEMON_AS, a.neighbourAs());
            assertEquals("198.18.0.9", a.nextHop().orElseThrow().getHostAddress());
            assertEquals(7, a.med(-1));
            assertTrue(a.hasCommunity((int) (DAEMON_AS << 16 | 7)));
            PathAttributes a6 = sp.routes(prefix(d6.prefix())).get(0).route().attributes();
            assertEquals(address("2001:db8:ffff::9"), a6.nextHop().orElseThrow());
            NeighborStatus ns = sp.status().neighbor(address(daemonAddr)).orElseThrow();
            assertEquals(SessionState.ESTABLISHED, ns.state());
            // FRR sends our own routes back (no sender-side loop check); the RIB keeps them as
            // ineligible loop routes, so count only the usable ones.
            long usable = sp.status().routes().stream().filter(r -> r.route().peer().address().equals(address(daemonAddr))
                    && r.route().isEligible()).count();
            assertEquals(3, usable);
            if (kind == Daemon.FRR) {
                assertTrue(ns.accepted() >= 3, "accepted " + ns.accepted());
            } else {
                assertEquals(3, ns.accepted());
            }
            assertEquals(V4 + V6, ns.advertised());

            // Withdrawals both ways.
            List<Prefix> gone = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                gone.add(prefix(v4(i)));
            }
            for (int i = 0; i < 10; i++) {
                gone.add(prefix(v6(i)));
            }
            sp.withdraw(gone);
            d.awaitRoutes(Afi.IPV4, rs -> rs.stream().filter(r -> r.neighbour().equals(self.getHostAddress())).count() == V4 - 100,
                    "IPv4 withdrawals applied", ROUTES);
            d.awaitRoutes(Afi.IPV6, rs -> rs.stream().filter(r -> r.neighbour().equals(self.getHostAddress())).count() == V6 - 10,
                    "IPv6 withdrawals applied", ROUTES);
            d.withdraw(d4b.prefix());
            await("the daemon's withdrawal", 20, () -> sp.routes(prefix(d4b.prefix())).isEmpty());
            assertEquals(1, sp.routes(prefix(d4.prefix())).size());

            // We ask for a route refresh: the daemon re-sends its table.
            long before = sp.status().neighbor(address(daemonAddr)).orElseThrow().received();
            sp.requestRouteRefresh(address(daemonAddr));
            await("the daemon re-sent its routes", 20,
                    () -> sp.status().neighbor(address(daemonAddr)).orElseThrow().received() >= before + 2);

            // The daemon asks us for a route refresh (BIRD `reload in`, FRR `soft in`; GoBGP's
            // softresetin re-reads its own Adj-RIB-In and sends none): we re-send our Adj-RIB-Out.
            if (kind != Daemon.GOBGP) {
                if (d instanceof Bird2 bird) {
                    bird.birdc("reload", "in", "all");
                } else if (d instanceof Frr frr) {
                    frr.vtysh("clear bgp " + self.getHostAddress() + " soft in");
                }
                await(kind + "'s refresh request answered", 20,
                        () -> sp.status().neighbor(address(daemonAddr)).orElseThrow().refreshRequests() >= 1);
                d.awaitRoutes(Afi.IPV4, rs -> rs.stream().filter(r -> r.neighbour().equals(self.getHostAddress())).count() == V4 - 100,
                        "the table intact after the refresh", ROUTES);
            }

            // The daemon stops: its routes leave our Loc-RIB.
            d.stop();
            await("routes of the stopped daemon removed", 20, () -> sp.routes(prefix(d4.prefix())).isEmpty()
                    && sp.routes(prefix(d6.prefix())).isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Daemon.class)
    void twoDaemonsFromDifferentAsesShareTheEcmpSetUntilOnePrepends(Daemon kind) {
        Interop.require(kind);
        InetAddress self = address(LoopbackAddresses.allocate(PORT));
        String addr1 = LoopbackAddresses.allocate(PORT);
        String addr2 = LoopbackAddresses.allocate(PORT);
        Announcement r1 = Announcement.of("192.0.2.0/24", "198.18.0.11");
        Announcement r2 = Announcement.of("192.0.2.0/24", "198.18.0.12");
        SpeakerConfig config = us(self).multipath(4, 1, true)
                .neighbor(toDaemon(address(addr1), 65011, self).build())
                .neighbor(toDaemon(address(addr2), 65012, self).build()).build();
        Prefix p = prefix("192.0.2.0/24");
        try (BgpDaemon d1 = BgpDaemon.start(kind, daemon(addr1, self, 65011).apiPort(50051).announce(r1).build());
             BgpDaemon d2 = BgpDaemon.start(kind, daemon(addr2, self, 65012).apiPort(50052).announce(r2).build());
             BgpSpeaker sp = BgpSpeaker.start(config)) {
            await("both paths", 30, () -> sp.routes(p).size() == 2);
            List<RouteStatus> ps = sp.routes(p);
            assertTrue(ps.get(0).best() && ps.get(1).multipath(), "both in the ECMP set:\n" + sp.status().render());

            d2.announce(r2.withPrepend(2));
            await("the prepended path", 20, () -> sp.routes(p).stream()
                    .anyMatch(r -> r.route().attributes().asPathLength() == 3));
            List<RouteStatus> after = sp.routes(p);
            assertEquals(address(addr1), after.get(0).route().peer().address());
            assertTrue(after.get(0).best());
            assertTrue(!after.get(1).best() && !after.get(1).multipath(), "the longer path left the set");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Daemon.class)
    void withoutMultipathRelaxPathsFromDifferentAsesAreNotEcmp(Daemon kind) {
        Interop.require(kind);
        InetAddress self = address(LoopbackAddresses.allocate(PORT));
        String addr1 = LoopbackAddresses.allocate(PORT);
        String addr2 = LoopbackAddresses.allocate(PORT);
        SpeakerConfig config = us(self).multipath(4, 1, false)
                .neighbor(toDaemon(address(addr1), 65011, self).build())
                .neighbor(toDaemon(address(addr2), 65012, self).build()).build();
        Prefix p = prefix("192.0.2.0/24");
        try (BgpDaemon d1 = BgpDaemon.start(kind, daemon(addr1, self, 65011).apiPort(50051)
                     .announce(Announcement.of("192.0.2.0/24", "198.18.0.11")).build());
             BgpDaemon d2 = BgpDaemon.start(kind, daemon(addr2, self, 65012).apiPort(50052)
                     .announce(Announcement.of("192.0.2.0/24", "198.18.0.12")).build());
             BgpSpeaker sp = BgpSpeaker.start(config)) {
            await("both paths", 30, () -> sp.routes(p).size() == 2);
            List<RouteStatus> ps = sp.routes(p);
            assertTrue(ps.get(0).best());
            assertTrue(!ps.get(1).multipath(), "one best path, no ECMP:\n" + sp.status().render());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Daemon.class)
    void gracefulRestartKeepsRoutesStaleUntilTheDaemonIsBack(Daemon kind) throws Exception {
        Interop.require(kind);
        InetAddress self = address(LoopbackAddresses.allocate(PORT));
        String daemonAddr = LoopbackAddresses.allocate(PORT);
        Announcement d4 = Announcement.of("192.0.2.0/24", "198.18.0.9");
        SpeakerConfig config = us(self).neighbor(toDaemon(address(daemonAddr), DAEMON_AS, self)
                .gracefulRestart(Duration.ofSeconds(60), false).build()).build();
        Prefix p = prefix(d4.prefix());
        DaemonConfig dc = DaemonConfig.builder().localAddress(daemonAddr).port(PORT).asn(DAEMON_AS).routerId(daemonAddr)
                .neighbour(Neighbour.of(self.getHostAddress(), PORT, OUR_AS).asPassive().withHoldTime(30)
                        .withGracefulRestart(60))
                .announce(d4).build();
        try (BgpDaemon d = BgpDaemon.start(kind, dc);
             BgpSpeaker sp = BgpSpeaker.start(config)) {
            await("the daemon's route", 30, () -> !sp.routes(p).isEmpty());
            assertTrue(!sp.routes(p).get(0).route().isStale());

            // The daemon dies without a NOTIFICATION (SIGKILL): the route stays, marked stale.
            ProcessHandle.of(d.pid()).ifPresent(ProcessHandle::destroyForcibly);
            await("the daemon is dead", 10, () -> !d.isRunning());
            await("session down", 20, () -> sp.status().neighbor(address(daemonAddr)).orElseThrow().state()
                    != SessionState.ESTABLISHED);
            await("route kept as stale", 10, () -> !sp.routes(p).isEmpty() && sp.routes(p).get(0).route().isStale());

            // Back again: it re-sends the route and End-of-RIB, which refreshes it.
            d.start();
            await("route refreshed after End-of-RIB", 60, () -> !sp.routes(p).isEmpty()
                    && !sp.routes(p).get(0).route().isStale());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Daemon.class, names = "BIRD2")
    void staleRoutesGoWhenTheRestartTimeRunsOut(Daemon kind) {
        Interop.require(kind);
        InetAddress self = address(LoopbackAddresses.allocate(PORT));
        String daemonAddr = LoopbackAddresses.allocate(PORT);
        Announcement d4 = Announcement.of("192.0.2.0/24", "198.18.0.9");
        SpeakerConfig config = us(self).neighbor(toDaemon(address(daemonAddr), DAEMON_AS, self)
                .gracefulRestart(Duration.ofSeconds(60), false).build()).build();
        Prefix p = prefix(d4.prefix());
        DaemonConfig dc = DaemonConfig.builder().localAddress(daemonAddr).port(PORT).asn(DAEMON_AS).routerId(daemonAddr)
                .neighbour(Neighbour.of(self.getHostAddress(), PORT, OUR_AS).asPassive().withHoldTime(30)
                        .withGracefulRestart(2))
                .announce(d4).build();
        try (BgpDaemon d = BgpDaemon.start(kind, dc);
             BgpSpeaker sp = BgpSpeaker.start(config)) {
            await("the daemon's route", 30, () -> !sp.routes(p).isEmpty());
            ProcessHandle.of(d.pid()).ifPresent(ProcessHandle::destroyForcibly);
            await("route kept as stale", 20, () -> !sp.routes(p).isEmpty() && sp.routes(p).get(0).route().isStale());
            // The daemon announced a restart time of 2 s and does not come back: the stale route goes.
            await("stale route swept", 10, () -> sp.routes(p).isEmpty());
        }
    }
}

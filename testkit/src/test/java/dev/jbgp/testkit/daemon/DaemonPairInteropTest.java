package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each pair of real daemons on loopback, one connecting and one passive: the session comes up with
 * the expected capabilities, routes and their attributes cross in both directions, a run-time
 * announcement and withdrawal propagate, a shutdown communication is logged by the other side,
 * and stopping then restarting one side takes the session down and back up.
 *
 * <p>This proves the launcher (configs, CLIs, parsers) against the daemons themselves, so that later
 * interop tests of jbgp can trust it.
 */
@Execution(ExecutionMode.CONCURRENT) // the pairs use distinct addresses and mostly wait on BGP timers
class DaemonPairInteropTest {

    private static final Duration UP = Duration.ofSeconds(15);
    private static final Duration ROUTES = Duration.ofSeconds(10);
    private static final long AS_A = 65001;
    private static final long AS_B = 65002;

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(Daemon.BIRD2, Daemon.FRR),
                Arguments.of(Daemon.BIRD2, Daemon.GOBGP),
                Arguments.of(Daemon.FRR, Daemon.GOBGP));
    }

    @ParameterizedTest(name = "{0} connects to passive {1}")
    @MethodSource("pairs")
    void pairExchangesRoutesAndRecovers(Daemon kindA, Daemon kindB) {
        Interop.require(kindA, kindB);
        int port = LoopbackAddresses.TEST_PORT;
        String addrA = LoopbackAddresses.allocate(port);
        String addrB = LoopbackAddresses.allocate(port);

        Announcement a4 = Announcement.of("198.51.100.0/24", "198.18.0.1")
                .withMed(50).withCommunities("65001:100", "65001:200").withLargeCommunities("65001:1:2")
                .withPrepend(2);
        Announcement a6 = Announcement.of("2001:db8:a::/48", "2001:db8:ffff::1");
        Announcement b4 = Announcement.of("203.0.113.0/24", "198.18.0.2").withMed(7).withCommunities("65002:7");

        DaemonConfig configA = DaemonConfig.builder().localAddress(addrA).port(port).asn(AS_A)
                .apiPort(50051)
                .neighbour(Neighbour.of(addrB, port, AS_B).withGracefulRestart(30))
                .announce(a4).announce(a6)
                .build();
        DaemonConfig configB = DaemonConfig.builder().localAddress(addrB).port(port).asn(AS_B)
                .apiPort(50051)
                .neighbour(Neighbour.of(addrA, port, AS_A).asPassive().withGracefulRestart(30))
                .announce(b4)
                .build();

        try (BgpDaemon b = BgpDaemon.start(kindB, configB);
             BgpDaemon a = BgpDaemon.start(kindA, configA)) {
            a.awaitEstablished(addrB, UP);
            b.awaitEstablished(addrA, UP);

            for (BgpDaemon d : List.of(a, b)) {
                NeighbourInfo info = d.neighbourInfo(d == a ? addrB : addrA);
                assertEquals(SessionState.ESTABLISHED, info.state(), info.raw());
                for (Capability c : List.of(Capability.FOUR_OCTET_AS, Capability.MULTIPROTOCOL_IPV4_UNICAST,
                        Capability.MULTIPROTOCOL_IPV6_UNICAST, Capability.ROUTE_REFRESH,
                        Capability.GRACEFUL_RESTART)) {
                    assertTrue(info.negotiated().contains(c),
                            d.kind() + " does not report " + c + " negotiated: " + info.negotiated());
                }
            }

            RibRoute atB = route(b.awaitRoutes(Afi.IPV4, has(a4.prefix()), "received " + a4.prefix(), ROUTES),
                    a4.prefix());
            assertEquals("198.18.0.1", atB.nextHop());
            assertEquals(List.of(AS_A, AS_A, AS_A), atB.asPath(), "own AS plus two prepends");
            assertEquals(OptionalLong.of(50), atB.med());
            assertEquals(List.of("65001:100", "65001:200"), atB.communities());
            assertEquals(List.of("65001:1:2"), atB.largeCommunities());
            assertEquals(addrA, atB.neighbour());

            RibRoute atA = route(a.awaitRoutes(Afi.IPV4, has(b4.prefix()), "received " + b4.prefix(), ROUTES),
                    b4.prefix());
            assertEquals("198.18.0.2", atA.nextHop());
            assertEquals(List.of(AS_B), atA.asPath());
            assertEquals(OptionalLong.of(7), atA.med());
            assertEquals(List.of("65002:7"), atA.communities());
            assertEquals(List.of(), atA.largeCommunities());

            RibRoute v6 = route(b.awaitRoutes(Afi.IPV6, has(a6.prefix()), "received " + a6.prefix(), ROUTES),
                    a6.prefix());
            assertEquals("2001:db8:ffff::1", v6.nextHop());
            assertEquals(List.of(AS_A), v6.asPath());
            // FRR gives its `network` routes MED 0 (the IGP metric it would have had from zebra)
            assertEquals(kindA == Daemon.FRR ? OptionalLong.of(0) : OptionalLong.empty(), v6.med());

            // announced, replaced and withdrawn at run time, and a soft reset out, in both directions
            runtimeChanges(a, b, addrA, addrB, "198.18.0.1", "2001:db8:ffff::1", "192.0.2.0/24", "2001:db8:c::/48");
            runtimeChanges(b, a, addrB, addrA, "198.18.0.2", "2001:db8:ffff::2", "192.0.2.128/25", "2001:db8:d::/48");
            assertTrue(b.routes(Afi.IPV4).stream().anyMatch(r -> r.prefix().equals(a4.prefix())));
            assertTrue(b.routes(Afi.IPV6).stream().anyMatch(r -> r.prefix().equals(a6.prefix())),
                    "withdrawing one IPv6 prefix leaves the other");

            // shutdown communication (RFC 8203) reaches the other side's log, from either side
            a.disableNeighbour(addrB, "jbgp maintenance window");
            b.awaitNotEstablished(addrA, UP);
            awaitLog(b, "jbgp maintenance window");
            a.enableNeighbour(addrB);
            b.awaitEstablished(addrA, UP);
            b.disableNeighbour(addrA, "jbgp back soon");
            a.awaitNotEstablished(addrB, UP);
            awaitLog(a, "jbgp back soon");
            b.enableNeighbour(addrA);
            a.awaitEstablished(addrB, UP);

            // failover: the passive side goes away and comes back
            b.stop();
            a.awaitNotEstablished(addrB, UP);
            b.restart();
            a.awaitEstablished(addrB, UP);
            b.awaitRoutes(Afi.IPV4, has(a4.prefix()), "received " + a4.prefix() + " after restart", ROUTES);
            a.awaitRoutes(Afi.IPV4, has(b4.prefix()), "received " + b4.prefix() + " after restart", ROUTES);
        }
    }

    /** {@code from} originates, replaces and withdraws an IPv4 and an IPv6 route; {@code to} follows. */
    private static void runtimeChanges(BgpDaemon from, BgpDaemon to, String fromAddr, String toAddr, String nextHop4,
                                       String nextHop6, String prefix4, String prefix6) {
        Announcement late = Announcement.of(prefix4, nextHop4).withMed(1);
        from.announce(late);
        RibRoute lateAtTo = route(to.awaitRoutes(Afi.IPV4, has(prefix4), "received " + prefix4, ROUTES), prefix4);
        assertEquals(OptionalLong.of(1), lateAtTo.med());
        assertEquals(fromAddr, lateAtTo.neighbour());
        Announcement late6 = Announcement.of(prefix6, nextHop6).withCommunities("65001:6");
        from.announce(late6);
        from.announce(late.withMed(2)); // replaces the first version
        to.awaitRoutes(Afi.IPV4, routes -> routes.stream().anyMatch(
                r -> r.prefix().equals(prefix4) && r.med().equals(OptionalLong.of(2))),
                "replaced " + prefix4 + " (MED 2)", ROUTES);
        RibRoute late6AtTo = route(to.awaitRoutes(Afi.IPV6, has(prefix6), "received " + prefix6, ROUTES), prefix6);
        assertEquals(nextHop6, late6AtTo.nextHop());
        assertEquals(List.of("65001:6"), late6AtTo.communities());
        from.refreshOut(toAddr);
        from.withdraw(prefix4);
        from.withdraw(prefix6);
        to.awaitRoutes(Afi.IPV4, has(prefix4).negate(), "lost " + prefix4, ROUTES);
        to.awaitRoutes(Afi.IPV6, has(prefix6).negate(), "lost " + prefix6, ROUTES);
    }

    private static java.util.function.Predicate<List<RibRoute>> has(String prefix) {
        return routes -> routes.stream().anyMatch(r -> r.prefix().equals(prefix));
    }

    private static RibRoute route(List<RibRoute> routes, String prefix) {
        Optional<RibRoute> r = routes.stream().filter(x -> x.prefix().equals(prefix)).findFirst();
        assertTrue(r.isPresent(), prefix + " not in " + routes);
        return r.get();
    }

    private static void awaitLog(BgpDaemon d, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!d.log().contains(text)) {
            assertTrue(System.nanoTime() < deadline, d.kind() + " never logged \"" + text + "\":\n" + d.log());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

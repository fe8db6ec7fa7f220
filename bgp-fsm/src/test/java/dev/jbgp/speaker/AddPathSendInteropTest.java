package dev.jbgp.speaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jbgp.rib.AddPathSend;
import dev.jbgp.rib.AdvertisedPath;
import dev.jbgp.rib.NextHopMode;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.testkit.daemon.Afi;
import dev.jbgp.testkit.daemon.BgpDaemon;
import dev.jbgp.testkit.daemon.Daemon;
import dev.jbgp.testkit.daemon.DaemonConfig;
import dev.jbgp.testkit.daemon.Frr;
import dev.jbgp.testkit.daemon.Interop;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.testkit.daemon.Neighbour;
import dev.jbgp.testkit.daemon.RibRoute;
import dev.jbgp.wire.capability.AddPath;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.jbgp.speaker.SpeakerFixtures.address;
import static dev.jbgp.speaker.SpeakerFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADD-PATH send (RFC 7911) to BIRD 2 ({@code add paths rx}), FRR (advertises receive by default) and
 * GoBGP ({@code add-paths receive}) started by the testkit launcher: jbgp learns one IPv4 and one IPv6
 * prefix from two upstream jbgp speakers and originates them too, sends the daemon all three paths of
 * each, and the daemon holds exactly those (count, next hops, AS paths). A withdrawal upstream removes
 * only that path at the daemon; a change to best-N (a new session) then caps what is sent. FRR also
 * shows the path identifiers it received ({@code addpathRxId}), which must be ours; BIRD does not
 * print them, and GoBGP's JSON {@code id} is its own local identifier, so there count and next hops
 * (which only distinct identifiers can keep apart) are the proof.
 */
class AddPathSendInteropTest {

    private static final int PORT = LoopbackAddresses.TEST_PORT;
    private static final long OUR_AS = 65000;
    private static final long DAEMON_AS = 65010;
    private static final Prefix NET4 = LocalRoute.parsePrefix("192.0.2.0/24");
    private static final Prefix NET6 = LocalRoute.parsePrefix("2001:db8:d::/48");
    private static final Duration UP = Duration.ofSeconds(20);
    private static final Duration ROUTES = Duration.ofSeconds(30);

    /** Next hops in ranges the daemons can resolve (the launcher's helper routes): ours and the upstreams'. */
    private static final String[] NH4 = {"198.18.0.1", "198.18.0.11", "198.18.0.12"};
    private static final String[] NH6 = {"2001:db8:ffff::1", "2001:db8:ffff::11", "2001:db8:ffff::12"};

    private static Neighbor.Builder neighbor(InetAddress peer, long asn, InetAddress self, boolean passive) {
        return Neighbor.builder(peer, RemoteAs.of(asn)).port(PORT).localAddress(self).passive(passive)
                .holdTimeSeconds(30).connectRetryTime(Duration.ofSeconds(1)).nextHopMode(NextHopMode.UNCHANGED)
                .importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll());
    }

    private static SpeakerConfig.Builder speaker(long asn, InetAddress self) {
        return SpeakerConfig.builder(asn, self.getHostAddress()).listen(self).listenPort(PORT)
                .families(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
    }

    private static List<LocalRoute> routes(int i) {
        return List.of(LocalRoute.builder(NET4).nextHop(address(NH4[i])).build(),
                LocalRoute.builder(NET6).nextHop(address(NH6[i])).build());
    }

    /** The daemon's paths for {@code prefix} learned from {@code from}, as "next-hop AS-path", sorted. */
    private static List<String> paths(BgpDaemon d, Afi afi, Prefix prefix, InetAddress from) {
        List<String> out = new ArrayList<>();
        for (RibRoute r : d.routes(afi)) {
            if (r.neighbour().equals(from.getHostAddress()) && LocalRoute.parsePrefix(r.prefix()).equals(prefix)) {
                out.add(address(r.nextHop()).getHostAddress() + " " + r.asPath());
            }
        }
        out.sort(null);
        return out;
    }

    private static String expected(int i, boolean six) {
        String nh = address(six ? NH6[i] : NH4[i]).getHostAddress();
        return nh + " " + (i == 0 ? List.of(OUR_AS) : List.of(OUR_AS, 65010L + i));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Daemon.class)
    void theDaemonHoldsExactlyThePathsWeSendAndLosesOnlyTheWithdrawnOne(Daemon kind) {
        Interop.require(kind);
        InetAddress self = address(LoopbackAddresses.allocate(PORT));
        InetAddress u1 = address(LoopbackAddresses.allocate(PORT));
        InetAddress u2 = address(LoopbackAddresses.allocate(PORT));
        String daemonAddr = LoopbackAddresses.allocate(PORT);
        SpeakerConfig config = speaker(OUR_AS, self)
                .neighbor(neighbor(u1, 65011, self, true).build())
                .neighbor(neighbor(u2, 65012, self, true).build())
                .neighbor(neighbor(address(daemonAddr), DAEMON_AS, self, false)
                        .addPath(AddPath.SEND).addPathSend(AddPathSend.all()).build())
                .build();
        DaemonConfig dc = DaemonConfig.builder().localAddress(daemonAddr).port(PORT).asn(DAEMON_AS)
                .routerId(daemonAddr).apiPort(50051)
                .neighbour(Neighbour.of(self.getHostAddress(), PORT, OUR_AS).asPassive().withHoldTime(30)
                        .withAddPathReceive())
                .build();
        try (BgpDaemon d = BgpDaemon.start(kind, dc);
             BgpSpeaker sp = BgpSpeaker.start(config);
             BgpSpeaker s1 = BgpSpeaker.start(speaker(65011, u1).neighbor(neighbor(self, OUR_AS, u1, false).build()).build());
             BgpSpeaker s2 = BgpSpeaker.start(speaker(65012, u2).neighbor(neighbor(self, OUR_AS, u2, false).build()).build())) {
            sp.announce(routes(0));
            s1.announce(routes(1));
            s2.announce(routes(2));
            d.awaitEstablished(self.getHostAddress(), UP);
            // FRR sends our routes back (no sender-side loop check): count only ours and the upstreams'.
            InetAddress daemon = address(daemonAddr);
            await("three paths each in our Loc-RIB", 20, () -> notFrom(sp.routes(NET4), daemon) == 3
                    && notFrom(sp.routes(NET6), daemon) == 3);

            List<String> all4 = List.of(expected(0, false), expected(1, false), expected(2, false));
            List<String> all6 = List.of(expected(0, true), expected(1, true), expected(2, true));
            d.awaitRoutes(Afi.IPV4, rs -> paths(d, Afi.IPV4, NET4, self).size() == 3, "three IPv4 paths from jbgp", ROUTES);
            d.awaitRoutes(Afi.IPV6, rs -> paths(d, Afi.IPV6, NET6, self).size() == 3, "three IPv6 paths from jbgp", ROUTES);
            assertEquals(sorted(all4), paths(d, Afi.IPV4, NET4, self), kind + " holds each of our IPv4 paths once");
            assertEquals(sorted(all6), paths(d, Afi.IPV6, NET6, self), kind + " holds each of our IPv6 paths once");
            assertEquals(6, sp.status().neighbor(address(daemonAddr)).orElseThrow().advertised());
            if (d instanceof Frr frr) {
                // FRR shows the path identifier it received: exactly the ones our Adj-RIB-Out holds.
                assertEquals(sentIds(sp, address(daemonAddr), NET4), frrReceivedIds(frr, NET4, self));
                assertEquals(sentIds(sp, address(daemonAddr), NET6), frrReceivedIds(frr, NET6, self));
            }

            // One upstream withdraws: exactly its path leaves the daemon, the others stay.
            s2.withdraw(List.of(NET4, NET6));
            d.awaitRoutes(Afi.IPV4, rs -> paths(d, Afi.IPV4, NET4, self).size() == 2, "IPv4 path withdrawn", ROUTES);
            d.awaitRoutes(Afi.IPV6, rs -> paths(d, Afi.IPV6, NET6, self).size() == 2, "IPv6 path withdrawn", ROUTES);
            assertEquals(sorted(List.of(expected(0, false), expected(1, false))), paths(d, Afi.IPV4, NET4, self));
            assertEquals(sorted(List.of(expected(0, true), expected(1, true))), paths(d, Afi.IPV6, NET6, self));

            // It comes back, and the others change attributes on the same source path: still three, no duplicates.
            s2.announce(routes(2));
            s1.announce(List.of(LocalRoute.builder(NET4).nextHop(address(NH4[1])).community(65011, 5).build()));
            d.awaitRoutes(Afi.IPV4, rs -> paths(d, Afi.IPV4, NET4, self).size() == 3
                    && rs.stream().anyMatch(r -> r.communities().contains("65011:5")),
                    "the path back and the changed one replaced in place", ROUTES);
            assertEquals(sorted(all4), paths(d, Afi.IPV4, NET4, self));

            // Best two only (GoBGP's send-max 2, FRR's addpath-tx-best-selected 2): a new session, two paths each.
            Neighbor toDaemon = sp.config().neighbors().get(address(daemonAddr));
            assertEquals(List.of("addPathSend"), sp.updatePeer(toDaemon.toBuilder().addPathSend(AddPathSend.bestN(2)).build())
                    .reasons());
            d.awaitEstablished(self.getHostAddress(), UP);
            d.awaitRoutes(Afi.IPV4, rs -> paths(d, Afi.IPV4, NET4, self).size() == 2, "two IPv4 paths", ROUTES);
            d.awaitRoutes(Afi.IPV6, rs -> paths(d, Afi.IPV6, NET6, self).size() == 2, "two IPv6 paths", ROUTES);
            assertEquals(4, sp.status().neighbor(address(daemonAddr)).orElseThrow().advertised());
            // Our own route ranks first (locally originated, RFC 4271 §9.1.2.2 as jbgp orders it).
            assertTrue(paths(d, Afi.IPV4, NET4, self).contains(expected(0, false)), paths(d, Afi.IPV4, NET4, self).toString());
            assertTrue(paths(d, Afi.IPV6, NET6, self).contains(expected(0, true)), paths(d, Afi.IPV6, NET6, self).toString());
        }
    }

    /** Next hop to path id of what we announce to {@code neighbor} for {@code prefix}. */
    private static Map<String, Integer> sentIds(BgpSpeaker sp, InetAddress neighbor, Prefix prefix) {
        Map<String, Integer> out = new TreeMap<>();
        for (AdvertisedPath p : sp.advertised(neighbor, prefix)) {
            out.put(p.attributes().nextHop().orElseThrow().getHostAddress(), p.pathId());
        }
        return out;
    }

    /** Next hop to {@code addpathRxId} of FRR's paths for {@code prefix} from {@code from}. */
    private static Map<String, Integer> frrReceivedIds(Frr frr, Prefix prefix, InetAddress from) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(frr.vtysh("show bgp " + (prefix.afi() == 1 ? "ipv4" : "ipv6")
                    + " unicast " + prefix + " json"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode path : doc.path("paths")) {
            if (from.getHostAddress().equals(path.path("peer").path("peerId").asText())) {
                String nh = path.path("nexthops").path(0).path("ip").asText();
                out.put(address(nh).getHostAddress(), path.path("addpathRxId").asInt(0));
            }
        }
        return out;
    }

    private static long notFrom(List<RouteStatus> routes, InetAddress peer) {
        return routes.stream().filter(r -> !r.route().peer().address().equals(peer)).count();
    }

    private static List<String> sorted(List<String> in) {
        List<String> out = new ArrayList<>(in);
        out.sort(null);
        return out;
    }
}

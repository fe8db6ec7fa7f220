package dev.jbgp.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.speaker.BgpSpeaker;
import dev.jbgp.speaker.Neighbor;
import dev.jbgp.speaker.RemoteAs;
import dev.jbgp.speaker.RouteStatus;
import dev.jbgp.speaker.SpeakerConfig;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link SpeakerBgpControl} against two jbgp routers on loopback: one external (eBGP) and one in the
 * node's own AS (iBGP). The node's prepend reaches only the external one; next hop and communities
 * reach both; withdrawals, a restart on a new router id, and shutdown are seen by the routers.
 */
class SpeakerBgpControlTest {

    private static final long NODE_AS = 64512;
    private static final long EXTERNAL_AS = 65000;

    @Test
    void prependOnlyToExternalPeersNextHopAndCommunitiesToAllThenWithdrawRestartAndShutdown() throws Exception {
        int port = LoopbackAddresses.TEST_PORT;
        InetAddress node = IpAddresses.parse(LoopbackAddresses.allocate(port));
        InetAddress ext = IpAddresses.parse(LoopbackAddresses.allocate(port));
        InetAddress ibgp = IpAddresses.parse(LoopbackAddresses.allocate(port));
        Prefix pod = Prefix.parse("127.244.7.0/24");
        Prefix svc = Prefix.parse("127.100.0.7/32");
        SpeakerBgpControl control = new SpeakerBgpControl(Duration.ofSeconds(1));
        try (BgpSpeaker external = router(ext, EXTERNAL_AS, node, port);
             BgpSpeaker internal = router(ibgp, NODE_AS, node, port)) {
            control.configure(new LocalSettings(NODE_AS, (Inet4Address) node, port, List.of(node)));
            control.setPeers(Set.of(peer(ext, EXTERNAL_AS, port), peer(ibgp, NODE_AS, port)));
            TreeSet<Community> communities = new TreeSet<>(List.of(Community.parse("64512:100")));
            Optional<Prepend> prepend = Optional.of(new Prepend(NODE_AS, 2));
            control.advertise(List.of(new AdvertisedRoute(pod, node, communities, prepend),
                    new AdvertisedRoute(svc, node, communities, prepend)));

            await("both routes at both routers", () -> external.routes(svc).size() == 1 && internal.routes(svc).size() == 1
                    && external.routes(pod).size() == 1 && internal.routes(pod).size() == 1);
            PathAttributes e = external.routes(pod).get(0).route().attributes();
            assertEquals(List.of(NODE_AS, NODE_AS, NODE_AS), asns(e), "our AS once (eBGP) plus the prepend twice");
            assertEquals(Optional.of(node), e.nextHop());
            assertEquals(List.of((int) ((64512L << 16) | 100)), ints(e.communities()));
            PathAttributes i = internal.routes(pod).get(0).route().attributes();
            assertEquals(List.of(), asns(i), "no prepend towards an iBGP peer");
            assertEquals(Optional.of(node), i.nextHop());
            assertEquals(List.of((int) ((64512L << 16) | 100)), ints(i.communities()));

            BgpStatus st = control.status();
            assertEquals(2, st.sessionsUp(), st.toString());
            assertTrue(control.logWhenUp(), "all sessions up");
            String view = control.render().orElseThrow();
            assertTrue(view.contains("--- BGP Neighbors ---") && view.contains("Establ")
                    && view.contains("127.244.7.0/24"), view);
            assertEquals(2, st.advertised().size());
            // UPDATE messages, not prefixes: at least one UPDATE and End-of-RIB to each router, End-of-RIB from each.
            assertTrue(st.updatesSent().orElseThrow() >= 4, st.toString());
            assertTrue(st.updatesReceived().orElseThrow() >= 2, st.toString());
            assertTrue(st.age(pod).compareTo(Duration.ofSeconds(20)) < 0, st.toString());
            String metrics = StatusReport.metrics(st, new ReconcileStats(), 0);
            assertTrue(metrics.contains("# TYPE kube_advertiser_bgp_updates_sent_total counter\n"
                    + "kube_advertiser_bgp_updates_sent_total " + st.updatesSent().getAsLong() + "\n"), metrics);
            assertTrue(metrics.contains("kube_advertiser_bgp_updates_received_total " + st.updatesReceived().getAsLong()
                    + "\n"), metrics);

            control.withdraw(List.of(svc));
            await("service route withdrawn", () -> external.routes(svc).isEmpty() && internal.routes(svc).isEmpty());
            assertEquals(1, external.routes(pod).size());

            // A new router id restarts the speaker; the pod route comes back on its own.
            InetAddress otherId = IpAddresses.parse("127.0.0.254");
            control.configure(new LocalSettings(NODE_AS, (Inet4Address) otherId, port, List.of(node)));
            await("route back after the restart", () -> routeFromRouterId(external, pod, "127.0.0.254"));
            BgpStatus after = control.status();
            assertTrue(after.updatesSent().orElseThrow() > st.updatesSent().orElseThrow(),
                    "the counters carry over the speaker restart: " + after);

            control.shutdown();
            await("routes gone after shutdown", () -> external.routes(pod).isEmpty() && internal.routes(pod).isEmpty());
            assertThrows(IllegalStateException.class, () -> control.advertise(List.of()));
        } finally {
            control.shutdown();
        }
    }

    @Test
    void differentPrependsPerRouteEachReachTheExternalPeer() throws Exception {
        int port = LoopbackAddresses.TEST_PORT;
        InetAddress node = IpAddresses.parse(LoopbackAddresses.allocate(port));
        InetAddress ext = IpAddresses.parse(LoopbackAddresses.allocate(port));
        Prefix once = Prefix.parse("127.244.8.0/24");
        Prefix plain = Prefix.parse("127.100.0.8/32");
        SpeakerBgpControl control = new SpeakerBgpControl(Duration.ofSeconds(1));
        try (BgpSpeaker external = router(ext, EXTERNAL_AS, node, port)) {
            control.configure(new LocalSettings(NODE_AS, (Inet4Address) node, port, List.of(node)));
            control.setPeers(Set.of(peer(ext, EXTERNAL_AS, port)));
            control.advertise(List.of(new AdvertisedRoute(once, node, new TreeSet<>(), Optional.of(new Prepend(64999, 1))),
                    AdvertisedRoute.of(plain, node)));
            await("both routes", () -> external.routes(once).size() == 1 && external.routes(plain).size() == 1);
            await("the prepend on its route only", () -> asns(external.routes(once).get(0).route().attributes())
                    .equals(List.of(NODE_AS, 64999L)));
            assertEquals(List.of(NODE_AS), asns(external.routes(plain).get(0).route().attributes()));

            // The prepend dropped: the route is re-sent without it, the session stays up.
            control.advertise(List.of(AdvertisedRoute.of(once, node)));
            await("prepend gone", () -> external.routes(once).size() == 1
                    && asns(external.routes(once).get(0).route().attributes()).equals(List.of(NODE_AS)));
            assertEquals(1, control.status().sessionsUp());
        } finally {
            control.shutdown();
        }
    }

    private static boolean routeFromRouterId(BgpSpeaker router, Prefix p, String id) {
        List<RouteStatus> rs = router.routes(p);
        return rs.size() == 1 && router.status().neighbors().get(0).state() == dev.jbgp.fsm.SessionState.ESTABLISHED
                && rs.get(0).route().peer().bgpId() == ipv4Int(id);
    }

    private static int ipv4Int(String dotted) {
        byte[] b = IpAddresses.parse(dotted).getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    private static BgpSpeaker router(InetAddress self, long asn, InetAddress node, int port) {
        return BgpSpeaker.start(SpeakerConfig.builder(asn, self.getHostAddress()).listen(self).listenPort(port)
                .neighbor(Neighbor.builder(node, RemoteAs.of(NODE_AS)).passive(true).holdTimeSeconds(30)
                        .importPolicy(Policy.acceptAll()).exportPolicy(Policy.rejectAll()).build())
                .build());
    }

    private static PeerSpec peer(InetAddress address, long asn, int port) {
        return new PeerSpec(address, port, asn, Optional.empty(), Duration.ofSeconds(30), GracefulRestart.DEFAULT);
    }

    private static List<Long> asns(PathAttributes a) {
        List<Long> out = new ArrayList<>();
        for (AsPathSegment s : a.asPath()) {
            for (long x : s.asns()) {
                out.add(x);
            }
        }
        return out;
    }

    private static List<Integer> ints(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean());
    }
}

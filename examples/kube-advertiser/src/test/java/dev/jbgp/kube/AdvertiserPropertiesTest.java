package dev.jbgp.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over random clusters (seeded; the seed is in every failure message): the reconciler
 * always leaves the control holding exactly the desired routes, a repeated state makes no call, and a
 * ready endpoint on this node never takes a route away.
 */
class AdvertiserPropertiesTest {

    static LongStream seeds() {
        long base = Long.getLong("jbgp.seed", 20261126L);
        return LongStream.range(base, base + 40);
    }

    static final String ME = "node-1";

    static ClusterState randomCluster(Random rnd) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Map<String, String> ann = rnd.nextInt(4) == 0
                    ? Map.of(Annotations.PATH_PREPEND_AS, "64512", Annotations.PATH_PREPEND_REPEAT_N, Integer.toString(1 + rnd.nextInt(3)))
                    : Map.of();
            nodes.add(new NodeInfo("node-" + n, List.of("127.244." + n + ".0/24"), List.of("127.0.0." + (10 + n)), ann));
        }
        List<ServiceInfo> services = new ArrayList<>();
        List<EndpointSliceInfo> slices = new ArrayList<>();
        int count = rnd.nextInt(6);
        for (int i = 0; i < count; i++) {
            // a small pool of IPs so that services share them
            String ip = "127.50.0." + (1 + rnd.nextInt(4));
            String cip = "127.96.0." + (1 + rnd.nextInt(4));
            String etp = rnd.nextBoolean() ? "Local" : "Cluster";
            String itp = rnd.nextInt(3) == 0 ? "Local" : "Cluster";
            String type = rnd.nextInt(5) == 0 ? "ExternalName" : "LoadBalancer";
            services.add(new ServiceInfo("default", "s" + i, type, List.of(cip), List.of(ip), List.of("127.60.0." + i),
                    etp, itp, Map.of()));
            if (rnd.nextInt(4) != 0) {
                List<EndpointSliceInfo.Endpoint> eps = new ArrayList<>();
                int e = rnd.nextInt(4);
                for (int k = 0; k < e; k++) {
                    boolean ready = rnd.nextBoolean();
                    boolean terminating = !ready && rnd.nextBoolean();
                    eps.add(new EndpointSliceInfo.Endpoint(Optional.of("node-" + (1 + rnd.nextInt(3))), ready,
                            ready || rnd.nextBoolean(), terminating));
                }
                slices.add(new EndpointSliceInfo("default", "s" + i + "-x", "s" + i, eps));
            }
        }
        return ClusterState.of(nodes, services, slices);
    }

    static final AgentConfig ALL = AgentConfig.defaults().withAdvertise(true, true, true, true);

    @ParameterizedTest
    @MethodSource("seeds")
    void reconcilerConvergesAndIsQuietOnRepeats(long seed) {
        Random rnd = new Random(seed);
        InMemoryBgpControl control = new InMemoryBgpControl();
        Reconciler r = new Reconciler(control, ALL, ME);
        for (int step = 0; step < 20; step++) {
            ClusterState c = randomCluster(rnd);
            r.reconcile(c);
            DesiredState d = Advertiser.compute(c, ME, ALL);
            assertEquals(d.routes(), control.routes(), "seed " + seed + " step " + step);
            int calls = control.totalCalls();
            assertFalse(r.reconcile(c).changedAnything(), "seed " + seed + " step " + step);
            assertEquals(calls, control.totalCalls(), "seed " + seed + " step " + step);
            d.routes().values().forEach(route -> assertEquals(IpAddresses.parse("127.0.0.11"), route.nextHop(),
                    "seed " + seed));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aReadyLocalEndpointNeverRemovesARoute(long seed) {
        Random rnd = new Random(seed);
        for (int step = 0; step < 20; step++) {
            ClusterState c = randomCluster(rnd);
            List<EndpointSliceInfo> more = new ArrayList<>(c.endpointSlices());
            for (ServiceInfo s : c.services()) {
                more.add(new EndpointSliceInfo(s.namespace(), s.name() + "-mine", s.name(), List.of(Fixtures.ready(ME))));
            }
            ClusterState withMine = new ClusterState(c.nodes(), c.services(), more);
            var before = Advertiser.compute(c, ME, ALL).routes().keySet();
            DesiredState after = Advertiser.compute(withMine, ME, ALL);
            assertTrue(after.routes().keySet().containsAll(before), "seed " + seed + " step " + step);
            assertTrue(after.problems().isEmpty(), "seed " + seed + ": every Local service now has a slice: " + after.problems());
        }
    }
}

package dev.jbgp.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.jbgp.testkit.daemon.Afi;
import dev.jbgp.testkit.daemon.Daemon;
import dev.jbgp.testkit.daemon.DaemonConfig;
import dev.jbgp.testkit.daemon.Frr;
import dev.jbgp.testkit.daemon.Interop;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.testkit.daemon.Neighbour;
import dev.jbgp.testkit.daemon.RibRoute;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The whole agent end to end: fabric8's mock API server in CRUD mode as the cluster, the informer
 * source, the reconciler and {@link SpeakerBgpControl}, against a real FRR bgpd (started by the testkit
 * launcher, no zebra, {@code bgp allow-martian-nexthop} because node addresses are 127.x) as the
 * router. FRR's RIB must hold exactly the expected prefixes, next hops and AS paths (prepends counted)
 * as the node's annotations and the service's endpoints change, and nothing after the agent stops.
 * Every prefix is inside 127.0.0.0/8.
 */
class AgentFrrInteropTest {

    private static final int PORT = LoopbackAddresses.TEST_PORT;
    private static final long ROUTER_AS = 65000;
    private static final long NODE_AS = 64512;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String POD_CIDR = "127.244.1.0/24";
    private static final String SERVICE_IP = "127.100.0.10";

    @Test
    void frrFollowsTheClusterThroughAnnotationsEndpointsAndShutdown() throws Exception {
        Interop.require(Daemon.FRR);
        String node = LoopbackAddresses.allocate(PORT);
        String frrAddr = LoopbackAddresses.allocate(PORT);
        KubernetesMockServer server = mockApiServer();
        DaemonConfig frrConfig = DaemonConfig.builder().localAddress(frrAddr).port(PORT).asn(ROUTER_AS).routerId(frrAddr)
                .neighbour(Neighbour.of(node, PORT, NODE_AS).asPassive().withHoldTime(30))
                .allowMartianNextHop(true).build();
        try (KubernetesClient client = server.createClient(); Frr frr = Frr.start(frrConfig)) {
            createCluster(client, node, frrAddr);

            AgentConfig config = new AgentConfig(NODE_AS, List.of(), Optional.empty(), PORT, Duration.ofSeconds(30),
                    GracefulRestart.DEFAULT, true, false, true, false);
            SpeakerBgpControl control = new SpeakerBgpControl(Duration.ofSeconds(1));
            ReconcileLoop loop = new ReconcileLoop(new InformerClusterSource(client, Optional.of("node-1")),
                    new Reconciler(control, config, "node-1"), Duration.ofSeconds(30));
            try {
                loop.start();
                frr.awaitEstablished(node, WAIT);
                awaitExactly(frr, node, Set.of(POD_CIDR + " " + node + " [64512]", SERVICE_IP + "/32 " + node + " [64512]"));

                // AS_PATH prepend from the node's annotations, no restart: two more 64512s on every route.
                client.nodes().withName("node-1").edit(n -> new NodeBuilder(n).editMetadata()
                        .addToAnnotations(Annotations.PATH_PREPEND_AS, "64512")
                        .addToAnnotations(Annotations.PATH_PREPEND_REPEAT_N, "2").endMetadata().build());
                awaitExactly(frr, node, Set.of(POD_CIDR + " " + node + " [64512, 64512, 64512]",
                        SERVICE_IP + "/32 " + node + " [64512, 64512, 64512]"));

                // The Local-policy service's only endpoint stops being ready: its IP is withdrawn.
                client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-1")
                        .edit(s -> slice(false));
                awaitExactly(frr, node, Set.of(POD_CIDR + " " + node + " [64512, 64512, 64512]"));

                // Ready again, and the prepend removed: both routes back with the plain AS path.
                client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-1")
                        .edit(s -> slice(true));
                client.nodes().withName("node-1").edit(n -> new NodeBuilder(n).editMetadata()
                        .removeFromAnnotations(Annotations.PATH_PREPEND_AS)
                        .removeFromAnnotations(Annotations.PATH_PREPEND_REPEAT_N).endMetadata().build());
                awaitExactly(frr, node, Set.of(POD_CIDR + " " + node + " [64512]", SERVICE_IP + "/32 " + node + " [64512]"));
            } finally {
                loop.close();
                control.shutdown();
            }
            // Graceful restart off: Cease / Administrative Shutdown, FRR drops the node's routes at once.
            frr.awaitNotEstablished(node, WAIT);
            awaitExactly(frr, node, Set.of());
        } finally {
            server.destroy();
        }
    }

    /**
     * {@code --bgp-graceful-restart}: the agent stopping (SIGTERM) leaves its routes at FRR, stale; a
     * new agent re-advertises what the cluster wants now and FRR converges to exactly that at once,
     * long before the 30 s restart time and the 360 s deferral.
     */
    @Test
    void withGracefulRestartFrrKeepsTheRoutesWhileTheAgentRestartsThenConvergesAtOnce() throws Exception {
        Interop.require(Daemon.FRR);
        String node = LoopbackAddresses.allocate(PORT);
        String frrAddr = LoopbackAddresses.allocate(PORT);
        KubernetesMockServer server = mockApiServer();
        DaemonConfig frrConfig = DaemonConfig.builder().localAddress(frrAddr).port(PORT).asn(ROUTER_AS).routerId(frrAddr)
                .neighbour(Neighbour.of(node, PORT, NODE_AS).asPassive().withHoldTime(30).withGracefulRestart(30))
                .allowMartianNextHop(true).build();
        GracefulRestart gr = new GracefulRestart(true, Duration.ofSeconds(30), Duration.ofSeconds(360));
        AgentConfig config = new AgentConfig(NODE_AS, List.of(), Optional.empty(), PORT, Duration.ofSeconds(30),
                gr, true, false, true, false);
        try (KubernetesClient client = server.createClient(); Frr frr = Frr.start(frrConfig)) {
            createCluster(client, node, frrAddr);

            SpeakerBgpControl first = agentControl(gr);
            ReconcileLoop loop = new ReconcileLoop(new InformerClusterSource(client, Optional.of("node-1")),
                    new Reconciler(first, config, "node-1"), Duration.ofSeconds(30));
            try {
                loop.start();
                frr.awaitEstablished(node, WAIT);
                awaitFlags(frr, node, Map.of(POD_CIDR, false, SERVICE_IP + "/32", false));
            } finally {
                loop.close();
                first.shutdown(); // SIGTERM with graceful restart on
            }
            frr.awaitNotEstablished(node, WAIT);
            awaitFlags(frr, node, Map.of(POD_CIDR, true, SERVICE_IP + "/32", true));

            // While the agent is away the service's endpoint stops being ready: the new agent must not
            // advertise it, and FRR must drop the stale copy as soon as the agent is back.
            client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-1").edit(s -> slice(false));
            SpeakerBgpControl second = agentControl(gr);
            ReconcileLoop again = new ReconcileLoop(new InformerClusterSource(client, Optional.of("node-1")),
                    new Reconciler(second, config, "node-1"), Duration.ofSeconds(30));
            try {
                long t0 = System.nanoTime();
                again.start();
                frr.awaitEstablished(node, WAIT);
                awaitFlags(frr, node, Map.of(POD_CIDR, false));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "converged by End-of-RIB, not a timer: " + took);
                String view = second.render().orElseThrow();
                assertTrue(view.contains("Age") && view.contains(POD_CIDR), view);
            } finally {
                again.close();
                second.shutdown();
            }
        } finally {
            server.destroy();
        }
    }

    private static SpeakerBgpControl agentControl(GracefulRestart gr) {
        return new SpeakerBgpControl(Duration.ofSeconds(1), Optional.of(gr.deferralTime()));
    }

    /** Waits until FRR holds exactly these prefixes from {@code node}, each with this stale flag. */
    private static void awaitFlags(Frr frr, String node, Map<String, Boolean> expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Boolean> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = frr.staleFlags(node);
            if (seen.equals(new TreeMap<>(expected))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertEquals(new TreeMap<>(expected), seen, "FRR's routes from " + node + " (prefix = stale)");
    }

    /** A mock Kubernetes API server (CRUD mode) on loopback. */
    private static KubernetesMockServer mockApiServer() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /**
     * The cluster both tests start from: node-1 (internal IP {@code node}, {@link #POD_CIDR}) annotated to
     * peer with FRR at {@code frrAddr}, and the LoadBalancer service shop/web ({@link #SERVICE_IP},
     * externalTrafficPolicy Local) with one ready endpoint on node-1.
     */
    private static void createCluster(KubernetesClient client, String node, String frrAddr) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1")
                .addToAnnotations(Annotations.PEER_IPS, frrAddr)
                .addToAnnotations(Annotations.PEER_ASNS, Long.toString(ROUTER_AS))
                .addToAnnotations(Annotations.PEER_PORTS, Integer.toString(PORT)).endMetadata()
                .withNewSpec().withPodCIDRs(POD_CIDR).endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress(node).endAddress().endStatus()
                .build()).create();
        client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web")
                .withNamespace("shop").endMetadata().withNewSpec().withType("LoadBalancer")
                .withClusterIP("127.96.0.10").withClusterIPs("127.96.0.10").withExternalIPs(SERVICE_IP)
                .withExternalTrafficPolicy("Local").endSpec().build()).create();
        client.discovery().v1().endpointSlices().inNamespace("shop").resource(slice(true)).create();
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice slice(boolean ready) {
        return new EndpointSliceBuilder().withNewMetadata().withName("web-1").withNamespace("shop")
                .addToLabels(EndpointSliceInfo.SERVICE_NAME_LABEL, "web").endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("127.1.1.1").withNodeName("node-1")
                .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions()
                .endEndpoint().build();
    }

    /** Waits until FRR's IPv4 RIB holds exactly {@code expected} ("prefix next-hop [as path]") from {@code node}. */
    private static void awaitExactly(Frr frr, String node, Set<String> expected) {
        Predicate<List<RibRoute>> matches = rs -> fromNode(rs, node).equals(new TreeSet<>(expected));
        List<RibRoute> rs = frr.awaitRoutes(Afi.IPV4, matches, "held exactly " + expected, WAIT);
        assertEquals(new TreeSet<>(expected), fromNode(rs, node));
    }

    private static TreeSet<String> fromNode(List<RibRoute> rs, String node) {
        TreeSet<String> out = new TreeSet<>();
        for (RibRoute r : rs) {
            if (r.neighbour().equals(node)) {
                out.add(r.prefix() + " " + r.nextHop() + " " + r.asPath());
            }
        }
        return out;
    }
}

package dev.jbgp.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The informer source against fabric8's mock API server in CRUD mode, on 127.0.0.1. */
class InformerClusterSourceTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void start() {
        // CRUD mode: the mock stores what is created and serves lists and watches from it.
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    static ClusterState await(ClusterSource src, Predicate<ClusterState> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ClusterState c = src.current();
            if (p.test(c)) {
                return c;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("cluster state never matched; last " + src.current());
    }

    @Test
    void createsUpdatesAndDeletesFlowIntoTheClusterState() throws Exception {
        // The DaemonSet's pod runs on an existing node, so the node is there before the agent starts.
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                    .withNewSpec().withPodCIDRs("127.244.1.0/24").endSpec()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress("127.0.0.11").endAddress().endStatus()
                    .build()).create();
        try (InformerClusterSource src = new InformerClusterSource(client, Optional.of("node-1"))) {
            java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
            src.start(changes::incrementAndGet);

            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-2").endMetadata().build()).create();
            client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web")
                    .withNamespace("shop").endMetadata().withNewSpec().withClusterIP("127.96.0.10")
                    .withClusterIPs("127.96.0.10").withInternalTrafficPolicy("Local").endSpec().build()).create();
            client.discovery().v1().endpointSlices().inNamespace("shop").resource(new EndpointSliceBuilder()
                    .withNewMetadata().withName("web-1").withNamespace("shop")
                    .addToLabels(EndpointSliceInfo.SERVICE_NAME_LABEL, "web").endMetadata().withAddressType("IPv4")
                    .addNewEndpoint().withAddresses("127.1.1.1").withNodeName("node-1").endEndpoint().build()).create();

            ClusterState c = await(src, s -> s.nodes().containsKey("node-1") && !s.services().isEmpty()
                    && !s.endpointSlices().isEmpty());
            assertTrue(src.synced());
            assertEquals(List.of("node-1"), List.copyOf(c.nodes().keySet()), "only this node is watched");
            AgentConfig cfg = AgentConfig.defaults().withAdvertise(true, true, false, false);
            assertEquals(2, Advertiser.compute(c, "node-1", cfg).routes().size());

            client.nodes().withName("node-1").edit(n -> new NodeBuilder(n).editMetadata()
                    .addToAnnotations(Annotations.NODE_ASN, "65222").endMetadata().build());
            await(src, s -> s.node("node-1").map(n -> n.annotations().containsKey(Annotations.NODE_ASN)).orElse(false));

            client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-1").delete();
            ClusterState gone = await(src, s -> s.endpointSlices().isEmpty());
            DesiredState d = Advertiser.compute(gone, "node-1", cfg);
            assertEquals(65222, d.local().orElseThrow().localAsn());
            assertEquals(1, d.routes().size(), "the Local cluster IP left with its endpoint");
            // node add, service add, slice add, node update, slice delete: each signalled (handlers run
            // just after the store is updated, so wait for the last one rather than race it)
            await(src, x -> changes.get() >= 5);
        }
    }
}

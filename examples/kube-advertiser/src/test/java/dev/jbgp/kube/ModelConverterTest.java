package dev.jbgp.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** fabric8 objects and kubectl YAML into the agent's records, with the API's defaults for absent fields. */
class ModelConverterTest {

    final FileClusterSource parser = new FileClusterSource(java.nio.file.Path.of("unused"), Duration.ofSeconds(1));

    @Test
    void kubectlListYamlBecomesClusterState() throws Exception {
        ClusterState c;
        try (InputStream in = getClass().getResourceAsStream("/cluster-list.yaml")) {
            c = parser.parse(in);
        }
        assertEquals(new NodeInfo("node-1", List.of("127.244.1.0/24", "::127.244.1.0/120"),
                List.of("127.0.0.11", "::127.0.0.11"), Map.of(Annotations.NODE_ASN, "65101")), c.nodes().get("node-1"));
        assertEquals(List.of("127.244.2.0/24"), c.nodes().get("node-2").podCidrs(), "podCIDR is the fallback");
        ServiceInfo web = c.services().get(0);
        assertEquals(new ServiceInfo("shop", "web", "LoadBalancer", List.of("127.96.0.10"), List.of("127.50.0.1"),
                List.of("127.60.0.1"), "Local", "Cluster", Map.of(Annotations.SERVICE_ADVERTISE_CLUSTER_IP, "true")), web);
        assertEquals(new EndpointSliceInfo("shop", "web-abcde", "web", List.of(
                new EndpointSliceInfo.Endpoint(Optional.of("node-1"), false, true, true),
                new EndpointSliceInfo.Endpoint(Optional.of("node-2"), true, true, false))), c.endpointSlices().get(0));
        assertEquals(1, c.services().size(), "the ConfigMap is ignored");
    }

    @Test
    void multiDocumentYamlIsReadToo() {
        String yaml = "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\nspec:\n  podCIDR: 127.244.9.0/24\n"
                + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  clusterIP: None\n";
        ClusterState c = parser.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("127.244.9.0/24"), c.nodes().get("a").podCidrs());
        assertEquals(List.of("None"), c.services().get(0).clusterIps());
        assertEquals("default", c.services().get(0).namespace());
    }

    @Test
    void endToEndFromYamlThroughTheAdvertiser() throws Exception {
        ClusterState c;
        try (InputStream in = getClass().getResourceAsStream("/cluster-list.yaml")) {
            c = parser.parse(in);
        }
        DesiredState d = Advertiser.compute(c, "node-1", AgentConfig.defaults().withAdvertise(true, false, true, true));
        assertEquals(65101, d.local().orElseThrow().localAsn());
        // terminating-but-serving endpoint on node-1 keeps the Local-policy IPs during the rollout
        assertEquals(java.util.Set.of(Fixtures.p("127.244.1.0/24"), Fixtures.p("127.50.0.1/32"), Fixtures.p("127.60.0.1/32"),
                Fixtures.p("127.96.0.10/32"), Fixtures.p("::127.244.1.0/120")), d.routes().keySet());
    }

    @Test
    void absentConditionsMeanReadyAndAbsentPoliciesMeanCluster() {
        var slice = new EndpointSliceBuilder().withNewMetadata().withName("x").withNamespace("ns")
                .addToLabels(EndpointSliceInfo.SERVICE_NAME_LABEL, "svc").endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses("127.1.1.1").endEndpoint()
                .addNewEndpoint().withAddresses("127.1.1.2").withNodeName("n").withNewConditions().withReady(false)
                .endConditions().endEndpoint().build();
        EndpointSliceInfo e = ModelConverter.endpointSlice(slice).orElseThrow();
        assertEquals(new EndpointSliceInfo.Endpoint(Optional.empty(), true, true, false), e.endpoints().get(0));
        assertEquals(new EndpointSliceInfo.Endpoint(Optional.of("n"), false, false, false), e.endpoints().get(1),
                "absent serving follows ready");

        var svc = new ServiceBuilder().withNewMetadata().withName("s").endMetadata().build();
        ServiceInfo s = ModelConverter.service(svc);
        assertEquals("ClusterIP", s.type());
        assertEquals("Cluster", s.externalTrafficPolicy());
        assertEquals("Cluster", s.internalTrafficPolicy());
        assertTrue(s.clusterIps().isEmpty());

        var node = new NodeBuilder().withNewMetadata().withName("bare").endMetadata().build();
        assertEquals(new NodeInfo("bare", List.of(), List.of(), Map.of()), ModelConverter.node(node));
    }

    @Test
    void sliceWithoutServiceLabelBelongsToNoService() {
        var slice = new EndpointSliceBuilder().withNewMetadata().withName("orphan").endMetadata().withAddressType("IPv4").build();
        assertEquals(Optional.empty(), ModelConverter.endpointSlice(slice));
    }
}

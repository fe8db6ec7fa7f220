package dev.jbgp.kube;

import static dev.jbgp.kube.Fixtures.node;
import static dev.jbgp.kube.Fixtures.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The status endpoints over real HTTP on 127.0.0.1, on a port the OS picks. */
class StatusServerTest {

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(StatusServer s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReadinessStatusAndMetrics() throws Exception {
        InMemoryBgpControl control = new InMemoryBgpControl();
        AgentConfig cfg = AgentConfig.defaults().withAdvertise(true, true, false, false);
        Reconciler r = new Reconciler(control, cfg, "node-1");
        AtomicBoolean synced = new AtomicBoolean();
        try (StatusServer s = new StatusServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), r, control,
                synced::get)) {
            s.start();
            assertEquals(200, get(s, "/healthz").statusCode());
            HttpResponse<String> notReady = get(s, "/readyz");
            assertEquals(503, notReady.statusCode());
            assertTrue(notReady.body().contains("cluster state not read"), notReady.body());

            NodeInfo n = node("node-1", List.of("127.244.1.0/24"), List.of("127.0.0.11"),
                    Map.of(Annotations.PEER_IPS, "127.0.0.1", Annotations.PEER_ASNS, "65000",
                            Annotations.PATH_PREPEND_AS, "64512", Annotations.PATH_PREPEND_REPEAT_N, "2",
                            Annotations.NODE_COMMUNITIES, "65000:7"));
            ServiceInfo bad = svc("bad").clusterIp("127.96.0.66").annotate(Annotations.SERVICE_LOCAL, "sometimes").build();
            r.reconcile(ClusterState.of(List.of(n), List.of(svc("web").clusterIp("127.96.0.10").build(), bad), List.of()));
            synced.set(true);
            assertEquals(200, get(s, "/readyz").statusCode());

            JsonNode j = new ObjectMapper().readTree(get(s, "/status").body());
            assertEquals("node-1", j.get("node").asText());
            assertTrue(j.get("ready").asBoolean());
            assertEquals(64512, j.get("local").get("asn").asLong());
            assertEquals("127.0.0.11", j.get("local").get("routerId").asText());
            assertEquals("127.0.0.1", j.get("neighbors").get(0).get("address").asText());
            assertEquals("Idle", j.get("neighbors").get(0).get("state").asText());
            assertEquals(2, j.get("routes").size());
            assertEquals("127.96.0.10/32", j.get("routes").get(0).get("prefix").asText());
            assertEquals(2, j.get("routes").get(1).get("prepend").get("count").asInt());
            assertEquals("65000:7", j.get("routes").get(1).get("communities").get(0).asText());
            assertTrue(j.get("problems").get(0).asText().contains("service default/bad: kube-router.io/service.local"));

            String text = get(s, "/status?format=text").body();
            assertTrue(text.startsWith("--- BGP Server Configuration ---\nAS:        64512\nRouter-ID: 127.0.0.11\n"), text);
            assertTrue(text.contains("--- BGP Neighbors ---"), text);
            assertTrue(text.matches("(?s).*\\*> 127\\.244\\.1\\.0/24\\s+127\\.0\\.0\\.11\\s+64512 64512\\s+00:00:0\\d\n.*"), text);
            assertTrue(text.contains("AS_PATH              Age\n"), text);
            assertTrue(j.get("routes").get(0).get("ageSeconds").asLong() < 10, j.toString());

            String metrics = get(s, "/metrics").body();
            assertTrue(metrics.contains("\nkube_advertiser_bgp_sessions_up 0\n"), metrics);
            assertTrue(metrics.contains("kube_advertiser_prefixes_advertised{family=\"ipv4\"} 2\n"), metrics);
            assertTrue(metrics.contains("kube_advertiser_reconcile_duration_seconds_count 1\n"), metrics);
            assertTrue(metrics.contains("kube_advertiser_problems 1\n"), metrics);
            assertTrue(metrics.contains("# TYPE kube_advertiser_reconcile_duration_seconds summary\n"), metrics);

            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/healthz"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", StatusReport.str("a\"b\\c\nd\u0001"));
    }
}

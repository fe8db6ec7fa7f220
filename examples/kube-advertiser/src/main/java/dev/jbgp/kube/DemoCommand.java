package dev.jbgp.kube;

import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.speaker.BgpSpeaker;
import dev.jbgp.speaker.Neighbor;
import dev.jbgp.speaker.RemoteAs;
import dev.jbgp.speaker.RouteStatus;
import dev.jbgp.speaker.SpeakerConfig;
import dev.jbgp.speaker.SpeakerStatus;
import dev.jbgp.wire.nlri.Prefix;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kube-advertiser demo}: the whole story in one JVM on loopback, with unprivileged ports and no
 * cluster. A simulated top-of-rack router (a jbgp {@link BgpSpeaker}, AS 65000, ECMP multipath with
 * multipath-relax) peers with three node agents, each a real agent stack ({@link Advertiser},
 * {@link Reconciler}, {@link ReconcileLoop}, {@link SpeakerBgpControl}) on its own 127.0.0.x address,
 * fed from an {@link InMemoryCluster}. Each step changes the cluster, waits (a bounded poll of the
 * router's status, never a fixed sleep) until the router's table shows the expected result, and
 * prints that table in the gobgp shape with one line saying what changed. Exits 0 when every step
 * converged, 1 when one did not (printing the table it saw).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a top-of-rack router and three node agents on loopback and shows, step by step, "
                + "the router's table: ECMP anycast, AS_PATH prepend, per-node ASN and peer, Local traffic "
                + "policy following its ready endpoint, and failover.")
public final class DemoCommand implements Callable<Integer> {

    static final long ROUTER_ASN = 65000;
    static final long CLUSTER_ASN = 64512;
    static final long NODE3_ASN = 64513;
    static final String ANYCAST_IP = "127.100.0.10";
    static final String LOCAL_IP = "127.100.0.20";
    private static final String ROUTER_IP = "127.0.0.1";
    private static final String ROUTER_IP_2 = "127.0.0.2";
    private static final String[] NODES = {"node-1", "node-2", "node-3"};

    @Spec
    CommandSpec spec;

    @Option(names = "--step-timeout", paramLabel = "DURATION",
            description = "How long each step may take to converge (default: ${DEFAULT-VALUE}).")
    String stepTimeout = "20s";

    private PrintWriter out;
    private Duration timeout;
    private int routerPort;
    private int agentPort;
    private BgpSpeaker router;
    private InMemoryCluster cluster;
    private final Map<String, Agent> agents = new LinkedHashMap<>();

    /** One node's agent: the same stack {@code Main} runs, minus the status server. */
    private record Agent(String node, SpeakerBgpControl control, ReconcileLoop loop) {
        void stop() {
            loop.close();
            control.shutdown();
        }
    }

    /** A step whose expected table did not appear in time. */
    private static final class NotConverged extends Exception {
        NotConverged(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        try {
            timeout = GoDuration.parse(stepTimeout);
        } catch (IllegalArgumentException e) {
            out.println("--step-timeout: bad value \"" + stepTimeout + "\"; expected " + GoDuration.EXPECTED);
            return 2;
        }
        long start = System.nanoTime();
        try {
            run();
            out.printf("%nDemo complete in %.1f s: every step converged.%n", (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (NotConverged e) {
            out.println();
            out.println("DEMO FAILED: " + e.getMessage());
            if (router != null) {
                out.print(router.status().render());
            }
            return 1;
        } finally {
            for (Agent a : agents.values()) {
                a.stop();
            }
            if (router != null) {
                router.close();
            }
            out.flush();
        }
    }

    private void run() throws IOException, NotConverged {
        routerPort = freePort(ROUTER_IP);
        agentPort = freePort(nodeIp(1));
        cluster = new InMemoryCluster(initialCluster());
        startRouter();

        out.println("kube-advertiser demo: a top-of-rack router and three Kubernetes nodes, all on loopback");
        out.println("  (every address and prefix is inside 127.0.0.0/8, and the router installs nothing in the kernel)");
        out.printf("  router    AS %d, %s and %s port %d, ECMP multipath (multipath-relax on)%n", ROUTER_ASN,
                ROUTER_IP, ROUTER_IP_2, routerPort);
        for (int i = 1; i <= 3; i++) {
            out.printf("  node-%d    AS %d, %s port %d, pod CIDR 127.244.%d.0/24, peers via kube-router.io/peer.* annotations%n",
                    i, CLUSTER_ASN, nodeIp(i), agentPort, i);
        }
        out.printf("  services  default/ingress LoadBalancer %s externalTrafficPolicy: Cluster (anycast)%n", ANYCAST_IP);
        out.printf("            default/api     LoadBalancer %s externalTrafficPolicy: Local, ready endpoint on node-1%n",
                LOCAL_IP);

        for (String n : NODES) {
            startAgent(n);
        }

        step("1", "three agents start and peer with the router", s -> sessionsUp(s, 3)
                        && ecmp(s, ANYCAST_IP + "/32").equals(List.of(nodeIp(1), nodeIp(2), nodeIp(3)))
                        && ecmp(s, LOCAL_IP + "/32").equals(List.of(nodeIp(1)))
                        && ecmp(s, "127.244.3.0/24").equals(List.of(nodeIp(3))),
                s -> "pod CIDRs via their nodes; anycast " + ANYCAST_IP + " via " + ecmpText(s, ANYCAST_IP)
                        + " (ECMP); Local-policy " + LOCAL_IP + " only via " + ecmpText(s, LOCAL_IP)
                        + " (its endpoint's node)");

        annotate("node-2", Map.of(Annotations.PATH_PREPEND_AS, Long.toString(CLUSTER_ASN),
                Annotations.PATH_PREPEND_REPEAT_N, "2"));
        step("2", "node-2 annotated kube-router.io/path-prepend.as=" + CLUSTER_ASN + ", repeat-n=2",
                s -> ecmp(s, ANYCAST_IP + "/32").equals(List.of(nodeIp(1), nodeIp(3)))
                        && asPath(s, ANYCAST_IP + "/32", nodeIp(2)).equals("64512 64512 64512"),
                s -> "node-2 now announces AS_PATH " + asPath(s, ANYCAST_IP + "/32", nodeIp(2))
                        + ": the ECMP set for " + ANYCAST_IP + " drops it, now " + ecmpText(s, ANYCAST_IP)
                        + " (node-2 stays as a backup path)");

        // The router operator configures node-3's new AS on the router side; the node follows from
        // its annotations alone, with no agent restart.
        router.updatePeer(routerNeighbor(3, NODE3_ASN));
        annotate("node-3", Map.of(Annotations.NODE_ASN, Long.toString(NODE3_ASN),
                Annotations.PEER_IPS, ROUTER_IP_2,
                Annotations.PEER_ASNS, Long.toString(ROUTER_ASN),
                Annotations.PEER_PORTS, Integer.toString(routerPort)));
        step("3", "node-3 annotated kube-router.io/node.asn=" + NODE3_ASN + ", peer.ips=" + ROUTER_IP_2,
                s -> s.neighbor(ip(nodeIp(3))).map(n -> n.asn() == NODE3_ASN
                                && n.state() == dev.jbgp.fsm.SessionState.ESTABLISHED).orElse(false)
                        && asPath(s, "127.244.3.0/24", nodeIp(3)).equals(Long.toString(NODE3_ASN))
                        && onlyPeerUp("node-3", ROUTER_IP_2)
                        && ecmp(s, ANYCAST_IP + "/32").equals(List.of(nodeIp(1), nodeIp(3))),
                s -> "node-3 re-peers from AS " + NODE3_ASN + " with the router's " + ROUTER_IP_2
                        + "; its routes now carry AS_PATH " + NODE3_ASN + " and stay in the ECMP set (multipath-relax): "
                        + ecmpText(s, ANYCAST_IP));

        cluster.update(c -> withApiEndpoints(c, List.of(ready("node-1"), ready("node-3"))));
        step("4a", "a second ready endpoint of default/api starts on node-3",
                s -> ecmp(s, LOCAL_IP + "/32").equals(List.of(nodeIp(1), nodeIp(3))),
                s -> "Local-policy " + LOCAL_IP + " now via " + ecmpText(s, LOCAL_IP) + ": each node with a ready endpoint");

        cluster.update(c -> withApiEndpoints(c, List.of(ready("node-3"))));
        step("4b", "the endpoint on node-1 goes away: default/api lives on node-3 only",
                s -> ecmp(s, LOCAL_IP + "/32").equals(List.of(nodeIp(3))) && paths(s, LOCAL_IP + "/32") == 1,
                s -> "Local-policy " + LOCAL_IP + " moved with its endpoint: only via " + ecmpText(s, LOCAL_IP));

        agents.remove("node-1").stop();
        step("5", "node-1's agent is stopped (Cease / Administrative Shutdown)",
                s -> paths(s, "127.244.1.0/24") == 0 && !nextHops(s).contains(nodeIp(1)),
                s -> "failover: node-1's routes left the table; " + ANYCAST_IP + " now via " + ecmpText(s, ANYCAST_IP)
                        + ", " + LOCAL_IP + " via " + ecmpText(s, LOCAL_IP));
    }

    // ------------------------------------------------------------------ the pieces

    private void startRouter() {
        SpeakerConfig.Builder b = SpeakerConfig.builder(ROUTER_ASN, ROUTER_IP)
                .listen(ip(ROUTER_IP)).listen(ip(ROUTER_IP_2)).listenPort(routerPort)
                .multipath(8, 8, true);
        for (int i = 1; i <= 3; i++) {
            b.neighbor(routerNeighbor(i, CLUSTER_ASN));
        }
        router = BgpSpeaker.start(b.build());
    }

    /** The router's side of node {@code i}: passive (the node connects), learns everything, sends nothing. */
    private static Neighbor routerNeighbor(int i, long asn) {
        return Neighbor.builder(ip(nodeIp(i)), RemoteAs.of(asn)).passive(true).holdTimeSeconds(30)
                .importPolicy(Policy.acceptAll()).exportPolicy(Policy.rejectAll()).description("node-" + i).build();
    }

    private void startAgent(String node) {
        AgentConfig config = new AgentConfig(CLUSTER_ASN, List.of(), Optional.empty(), agentPort, Duration.ofSeconds(30),
                GracefulRestart.DEFAULT, true, false, false, true);
        SpeakerBgpControl control = new SpeakerBgpControl(Duration.ofSeconds(1));
        Reconciler reconciler = new Reconciler(control, config, node);
        ReconcileLoop loop = new ReconcileLoop(cluster.source(), reconciler, Duration.ofSeconds(30));
        agents.put(node, new Agent(node, control, loop));
        loop.start();
    }

    private void step(String number, String title, Predicate<SpeakerStatus> done,
                      java.util.function.Function<SpeakerStatus, String> changed) throws NotConverged {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        SpeakerStatus s = router.status();
        while (!done.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new NotConverged("step " + number + " (" + title + ") did not converge within " + stepTimeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotConverged("interrupted");
            }
            s = router.status();
        }
        out.println();
        out.printf("=== Step %s: %s ===%n", number, title);
        out.print(s.render());
        out.printf("=> %s  [converged in %.1f s]%n", changed.apply(s), (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    private void annotate(String node, Map<String, String> add) {
        cluster.update(c -> {
            List<NodeInfo> nodes = new ArrayList<>();
            for (String n : NODES) {
                NodeInfo ni = c.nodes().get(n);
                if (n.equals(node)) {
                    Map<String, String> a = new HashMap<>(ni.annotations());
                    a.putAll(add);
                    ni = new NodeInfo(ni.name(), ni.podCidrs(), ni.internalIps(), a);
                }
                nodes.add(ni);
            }
            return ClusterState.of(nodes, c.services(), c.endpointSlices());
        });
    }

    private ClusterState initialCluster() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            nodes.add(new NodeInfo("node-" + i, List.of("127.244." + i + ".0/24"), List.of(nodeIp(i)), Map.of(
                    Annotations.PEER_IPS, ROUTER_IP,
                    Annotations.PEER_ASNS, Long.toString(ROUTER_ASN),
                    Annotations.PEER_PORTS, Integer.toString(routerPort))));
        }
        List<ServiceInfo> services = List.of(
                new ServiceInfo("default", "ingress", "LoadBalancer", List.of("127.96.0.10"), List.of(),
                        List.of(ANYCAST_IP), "Cluster", "Cluster", Map.of()),
                new ServiceInfo("default", "api", "LoadBalancer", List.of("127.96.0.20"), List.of(),
                        List.of(LOCAL_IP), "Local", "Cluster", Map.of()));
        List<EndpointSliceInfo> slices = List.of(
                new EndpointSliceInfo("default", "ingress-abcde", "ingress",
                        List.of(ready("node-1"), ready("node-2"), ready("node-3"))),
                new EndpointSliceInfo("default", "api-fghij", "api", List.of(ready("node-1"))));
        return ClusterState.of(nodes, services, slices);
    }

    private static ClusterState withApiEndpoints(ClusterState c, List<EndpointSliceInfo.Endpoint> endpoints) {
        List<EndpointSliceInfo> slices = new ArrayList<>();
        for (EndpointSliceInfo s : c.endpointSlices()) {
            slices.add(s.serviceName().equals("api") ? new EndpointSliceInfo(s.namespace(), s.name(), s.serviceName(), endpoints) : s);
        }
        return new ClusterState(c.nodes(), c.services(), slices);
    }

    private static EndpointSliceInfo.Endpoint ready(String node) {
        return new EndpointSliceInfo.Endpoint(Optional.of(node), true, true, false);
    }

    // ------------------------------------------------------------------ reading the router's table

    /** Whether the agent of {@code node} has exactly one neighbour, {@code peer}, and its session is up. */
    private boolean onlyPeerUp(String node, String peer) {
        List<NeighborStatus> ns = agents.get(node).control().status().neighbors();
        return ns.size() == 1 && ns.get(0).up() && ns.get(0).address().equals(ip(peer));
    }

    private static boolean sessionsUp(SpeakerStatus s, int n) {
        return s.neighbors().stream().filter(x -> x.state() == dev.jbgp.fsm.SessionState.ESTABLISHED).count() == n;
    }

    /** The next hops of the best path and its ECMP companions, sorted. */
    static List<String> ecmp(SpeakerStatus s, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        for (RouteStatus r : s.routes(Prefix.parse(prefix))) {
            if (r.best() || r.multipath()) {
                out.add(nextHop(r));
            }
        }
        return List.copyOf(out);
    }

    private static String ecmpText(SpeakerStatus s, String ip) {
        List<String> nh = ecmp(s, ip + "/32");
        return nh.isEmpty() ? "nothing" : String.join(", ", nh);
    }

    private static int paths(SpeakerStatus s, String prefix) {
        return s.routes(Prefix.parse(prefix)).size();
    }

    private static List<String> nextHops(SpeakerStatus s) {
        List<String> out = new ArrayList<>();
        for (RouteStatus r : s.routes()) {
            out.add(nextHop(r));
        }
        return out;
    }

    /** The AS_PATH of the path to {@code prefix} via {@code nextHop}, as text; empty text when there is none. */
    private static String asPath(SpeakerStatus s, String prefix, String nextHop) {
        for (RouteStatus r : s.routes(Prefix.parse(prefix))) {
            if (nextHop(r).equals(nextHop)) {
                List<String> asns = new ArrayList<>();
                for (AsPathSegment seg : r.route().attributes().asPath()) {
                    for (long a : seg.asns()) {
                        asns.add(Long.toString(a));
                    }
                }
                return String.join(" ", asns);
            }
        }
        return "";
    }

    private static String nextHop(RouteStatus r) {
        PathAttributes a = r.route().attributes();
        return a.nextHop().map(InetAddress::getHostAddress).orElse("");
    }

    static String nodeIp(int i) {
        return "127.0.0.1" + i;
    }

    private static InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }

    /** A port that is free now on {@code address} (the demo binds it right after). */
    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(ip(address), 0));
            return s.getLocalPort();
        }
    }
}

package dev.jbgp.kube;

import static dev.jbgp.kube.Fixtures.node;
import static dev.jbgp.kube.Fixtures.notReady;
import static dev.jbgp.kube.Fixtures.p;
import static dev.jbgp.kube.Fixtures.ready;
import static dev.jbgp.kube.Fixtures.slice;
import static dev.jbgp.kube.Fixtures.svc;
import static dev.jbgp.kube.Fixtures.terminating;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The advertisement rules, one by one. IPv4 values are all in 127.0.0.0/8; IPv6 values are
 * IPv4-compatible forms of them ({@code ::127.x.y.z}, in ::/96, never routed) so no test names a real
 * network.
 */
class AdvertiserTest {

    static final String ME = "node-1";
    static final NodeInfo NODE1 = node(ME, "127.244.1.0/24", "127.0.0.11");
    static final NodeInfo NODE2 = node("node-2", "127.244.2.0/24", "127.0.0.12");
    static final AgentConfig ALL = AgentConfig.defaults().withAdvertise(true, true, true, true);

    static DesiredState run(AgentConfig config, List<NodeInfo> nodes, List<ServiceInfo> services,
                            List<EndpointSliceInfo> slices) {
        return Advertiser.compute(ClusterState.of(nodes, services, slices), ME, config);
    }

    static Set<String> prefixes(DesiredState d) {
        return d.routes().keySet().stream().map(Object::toString).collect(Collectors.toSet());
    }

    static String problems(DesiredState d) {
        return d.problems().stream().map(Problem::message).collect(Collectors.joining("\n"));
    }

    static InetAddress ip(String s) {
        return IpAddresses.parse(s);
    }

    @Nested
    class PodCidrs {
        @Test
        void podCidrIsAdvertisedAsItIsWithTheNodeAsNextHop() {
            DesiredState d = run(AgentConfig.defaults(), List.of(NODE1, NODE2), List.of(), List.of());
            assertEquals(Set.of("127.244.1.0/24"), prefixes(d));
            AdvertisedRoute r = d.routes().get(p("127.244.1.0/24"));
            assertEquals(ip("127.0.0.11"), r.nextHop());
            assertTrue(r.communities().isEmpty());
            assertEquals(Optional.empty(), r.prepend());
            assertTrue(d.problems().isEmpty(), problems(d));
        }

        @Test
        void flagOffAdvertisesNoPodCidr() {
            DesiredState d = run(AgentConfig.defaults().withAdvertise(false, false, false, false), List.of(NODE1),
                    List.of(), List.of());
            assertTrue(d.routes().isEmpty());
        }

        @Test
        void badPodCidrIsReportedAndTheOtherKept() {
            NodeInfo n = node(ME, List.of("127.244.1.0/24", "nonsense/99"), List.of("127.0.0.11"), Map.of());
            DesiredState d = run(AgentConfig.defaults(), List.of(n), List.of(), List.of());
            assertEquals(Set.of("127.244.1.0/24"), prefixes(d));
            assertTrue(problems(d).contains("node node-1: spec.podCIDRs: bad value \"nonsense/99\""), problems(d));
        }

        @Test
        void missingNodeGivesNothingAndSaysWhy() {
            DesiredState d = run(ALL, List.of(NODE2), List.of(svc("a").clusterIp("127.96.0.1").build()), List.of());
            assertTrue(d.routes().isEmpty());
            assertTrue(d.local().isEmpty());
            assertTrue(problems(d).contains("node node-1") && problems(d).contains("not found"), problems(d));
        }
    }

    @Nested
    class ServiceIps {
        @Test
        void clusterIpsAreOffByDefaultAsInKubeRouter() {
            DesiredState d = run(AgentConfig.defaults(), List.of(NODE1),
                    List.of(svc("web").clusterIp("127.96.0.10").build()), List.of());
            assertEquals(Set.of("127.244.1.0/24"), prefixes(d));
        }

        @Test
        void eachKindFollowsItsFlag() {
            ServiceInfo s = svc("web").type("LoadBalancer").clusterIp("127.96.0.10").externalIp("127.50.0.1")
                    .lbIp("127.60.0.1").build();
            assertEquals(Set.of("127.96.0.10/32"), prefixes(run(AgentConfig.defaults().withAdvertise(false, true, false, false),
                    List.of(NODE1), List.of(s), List.of())));
            assertEquals(Set.of("127.50.0.1/32"), prefixes(run(AgentConfig.defaults().withAdvertise(false, false, true, false),
                    List.of(NODE1), List.of(s), List.of())));
            assertEquals(Set.of("127.60.0.1/32"), prefixes(run(AgentConfig.defaults().withAdvertise(false, false, false, true),
                    List.of(NODE1), List.of(s), List.of())));
            DesiredState all = run(ALL, List.of(NODE1), List.of(s), List.of());
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32", "127.50.0.1/32", "127.60.0.1/32"), prefixes(all));
            all.routes().values().forEach(r -> assertEquals(ip("127.0.0.11"), r.nextHop()));
        }

        @Test
        void clusterPolicyServiceIsAdvertisedByEveryNodeForEcmp() {
            ServiceInfo s = svc("web").clusterIp("127.96.0.10").build();
            ClusterState c = ClusterState.of(List.of(NODE1, NODE2), List.of(s), List.of());
            DesiredState d1 = Advertiser.compute(c, ME, ALL);
            DesiredState d2 = Advertiser.compute(c, "node-2", ALL);
            assertEquals(ip("127.0.0.11"), d1.routes().get(p("127.96.0.10/32")).nextHop());
            assertEquals(ip("127.0.0.12"), d2.routes().get(p("127.96.0.10/32")).nextHop());
        }

        @Test
        void headlessAndExternalNameServicesAreNotAdvertised() {
            ServiceInfo headless = svc("db").clusterIp("None").externalIp("127.50.0.7").build();
            ServiceInfo extName = svc("ext").type("ExternalName").externalIp("127.50.0.8").build();
            DesiredState d = run(ALL, List.of(NODE1), List.of(headless, extName), List.of());
            assertEquals(Set.of("127.244.1.0/24"), prefixes(d));
            assertTrue(d.problems().isEmpty(), problems(d));
        }

        @Test
        void badServiceIpIsReportedAndTheRestAdvertised() {
            ServiceInfo s = svc("web").clusterIp("127.96.0.10").externalIp("127.50.0.300", "127.50.0.2").build();
            DesiredState d = run(ALL, List.of(NODE1), List.of(s), List.of());
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32", "127.50.0.2/32"), prefixes(d));
            assertTrue(problems(d).contains("service default/web: spec.externalIPs: bad value \"127.50.0.300\"; expected an IPv4 address"),
                    problems(d));
        }

        @Test
        void sharedIpIsOneRouteWhileAnyServiceUsesIt() {
            ServiceInfo cluster = svc("a").externalIp("127.50.0.1").build();
            ServiceInfo local = svc("b").externalIp("127.50.0.1").etpLocal().build();
            EndpointSliceInfo bElsewhere = slice("b", ready("node-2"));
            DesiredState both = run(ALL, List.of(NODE1), List.of(cluster, local), List.of(bElsewhere));
            assertTrue(prefixes(both).contains("127.50.0.1/32"));
            assertEquals(2, both.routes().size());
            DesiredState onlyLocal = run(ALL, List.of(NODE1), List.of(local), List.of(bElsewhere));
            assertFalse(prefixes(onlyLocal).contains("127.50.0.1/32"));
        }
    }

    @Nested
    class Overrides {
        @Test
        void annotationTurnsAKindOnAgainstTheFlag() {
            ServiceInfo s = svc("web").clusterIp("127.96.0.10").annotate(Annotations.SERVICE_ADVERTISE_CLUSTER_IP, "true").build();
            DesiredState d = run(AgentConfig.defaults(), List.of(NODE1), List.of(s), List.of());
            assertTrue(prefixes(d).contains("127.96.0.10/32"));
        }

        @Test
        void annotationsTurnKindsOffAgainstTheFlags() {
            ServiceInfo s = svc("web").type("LoadBalancer").clusterIp("127.96.0.10").externalIp("127.50.0.1").lbIp("127.60.0.1")
                    .annotate(Annotations.SERVICE_ADVERTISE_CLUSTER_IP, "false")
                    .annotate(Annotations.SERVICE_ADVERTISE_EXTERNAL_IP, "FALSE")
                    .annotate(Annotations.SERVICE_ADVERTISE_LOADBALANCER_IP, "false").build();
            DesiredState d = run(ALL, List.of(NODE1), List.of(s), List.of());
            assertEquals(Set.of("127.244.1.0/24"), prefixes(d));
        }

        @ParameterizedTest
        @CsvSource({
            "kube-router.io/service.advertise.clusterip, yes",
            "kube-router.io/service.advertise.externalip, 1",
            "kube-router.io/service.advertise.loadbalancerip, on",
            "kube-router.io/service.local, maybe"})
        void badBooleanSkipsThatServiceOnlyAndSaysWhatIsExpected(String annotation, String value) {
            ServiceInfo bad = svc("broken").clusterIp("127.96.0.66").annotate(annotation, value).build();
            ServiceInfo good = svc("fine").clusterIp("127.96.0.10").build();
            DesiredState d = run(ALL, List.of(NODE1), List.of(bad, good), List.of());
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32"), prefixes(d));
            assertEquals(List.of("service default/broken: " + annotation + ": bad value \"" + value
                    + "\"; expected true or false; the service is skipped"),
                    d.problems().stream().map(Problem::message).toList());
        }
    }

    @Nested
    class TrafficPolicyLocal {
        final ServiceInfo lb = svc("web").type("LoadBalancer").clusterIp("127.96.0.10").externalIp("127.50.0.1")
                .lbIp("127.60.0.1").etpLocal().build();

        Set<String> with(EndpointSliceInfo... slices) {
            return prefixes(run(ALL, List.of(NODE1, NODE2), List.of(lb), List.of(slices)));
        }

        @Test
        void readyLocalEndpointKeepsExternalAndLoadBalancerIps() {
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32", "127.50.0.1/32", "127.60.0.1/32"),
                    with(slice("web", ready(ME), notReady("node-2"))));
        }

        @Test
        void endpointOnlyOnAnotherNodeWithdrawsExternalButKeepsClusterPolicyClusterIp() {
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32"), with(slice("web", ready("node-2"))));
        }

        @Test
        void notReadyLocalEndpointDoesNotCount() {
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32"), with(slice("web", notReady(ME))));
        }

        @Test
        void terminatingButServingEndpointKeepsTheRouteDuringARollout() {
            assertTrue(with(slice("web", terminating(ME, true))).contains("127.60.0.1/32"));
            assertFalse(with(slice("web", terminating(ME, false))).contains("127.60.0.1/32"));
        }

        @Test
        void endpointInAnySliceOfTheServiceCounts() {
            EndpointSliceInfo other = new EndpointSliceInfo("default", "web-xyz", "web", List.of(ready(ME)));
            assertTrue(with(slice("web", ready("node-2")), other).contains("127.50.0.1/32"));
        }

        @Test
        void sliceOfAnotherNamespaceOrServiceDoesNotCount() {
            EndpointSliceInfo otherNs = new EndpointSliceInfo("prod", "web-1", "web", List.of(ready(ME)));
            EndpointSliceInfo otherSvc = slice("api", ready(ME));
            Set<String> got = with(otherNs, otherSvc);
            assertFalse(got.contains("127.50.0.1/32"));
        }

        @Test
        void missingSliceIsReportedAndOtherServicesStillAdvertised() {
            ServiceInfo other = svc("api").clusterIp("127.96.0.20").build();
            DesiredState d = run(ALL, List.of(NODE1), List.of(lb, other), List.of());
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32", "127.96.0.20/32"), prefixes(d));
            assertTrue(problems(d).contains("service default/web: EndpointSlice: none found for a service with traffic policy Local"),
                    problems(d));
        }

        @Test
        void internalTrafficPolicyLocalGovernsClusterIps() {
            ServiceInfo s = svc("dns").clusterIp("127.96.0.53").itpLocal().build();
            assertFalse(prefixes(run(ALL, List.of(NODE1), List.of(s), List.of(slice("dns", ready("node-2")))))
                    .contains("127.96.0.53/32"));
            assertTrue(prefixes(run(ALL, List.of(NODE1), List.of(s), List.of(slice("dns", ready(ME)))))
                    .contains("127.96.0.53/32"));
        }

        @Test
        void serviceLocalAnnotationForcesLocalOnEveryKind() {
            ServiceInfo s = svc("web").clusterIp("127.96.0.10").externalIp("127.50.0.1")
                    .annotate(Annotations.SERVICE_LOCAL, "true").build();
            assertEquals(Set.of("127.244.1.0/24"),
                    prefixes(run(ALL, List.of(NODE1), List.of(s), List.of(slice("web", ready("node-2"))))));
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32", "127.50.0.1/32"),
                    prefixes(run(ALL, List.of(NODE1), List.of(s), List.of(slice("web", ready(ME))))));
        }

        @Test
        void clusterPolicyNeedsNoSliceAtAll() {
            ServiceInfo s = svc("web").externalIp("127.50.0.1").build();
            DesiredState d = run(ALL, List.of(NODE1), List.of(s), List.of());
            assertTrue(prefixes(d).contains("127.50.0.1/32"));
            assertTrue(d.problems().isEmpty(), problems(d));
        }
    }

    @Nested
    class DualStack {
        final NodeInfo dual = node(ME, List.of("127.244.1.0/24", "::127.244.1.0/120"),
                List.of("127.0.0.11", "::127.0.0.11"), Map.of());

        @Test
        void eachFamilyGetsTheNodeAddressOfThatFamily() {
            ServiceInfo s = svc("web").clusterIp("127.96.0.10", "::127.96.0.10").build();
            DesiredState d = run(ALL, List.of(dual), List.of(s), List.of());
            assertEquals(4, d.routes().size(), d.routes().toString());
            assertEquals(ip("127.0.0.11"), d.routes().get(p("127.96.0.10/32")).nextHop());
            assertEquals(ip("::127.0.0.11"), d.routes().get(p("::127.96.0.10/128")).nextHop());
            assertEquals(ip("::127.0.0.11"), d.routes().get(p("::127.244.1.0/120")).nextHop());
            assertEquals(List.of(ip("127.0.0.11"), ip("::127.0.0.11")), d.local().orElseThrow().listenAddresses());
        }

        @Test
        void familyWithoutANodeAddressIsReportedNotAdvertised() {
            NodeInfo v4only = node(ME, List.of("127.244.1.0/24"), List.of("127.0.0.11"), Map.of());
            ServiceInfo s = svc("web").clusterIp("127.96.0.10", "::127.96.0.10").build();
            DesiredState d = run(ALL, List.of(v4only), List.of(s), List.of());
            assertEquals(Set.of("127.244.1.0/24", "127.96.0.10/32"), prefixes(d));
            assertTrue(problems(d).contains("has no IPv6 InternalIP to use as next hop"), problems(d));
        }
    }

    @Nested
    class NodeAnnotations {
        DesiredState annotated(Map<String, String> annotations) {
            NodeInfo n = node(ME, List.of("127.244.1.0/24"), List.of("127.0.0.11"), annotations);
            return run(AgentConfig.defaults(), List.of(n), List.of(), List.of());
        }

        @Test
        void nodeAsnReplacesTheClusterAsn() {
            assertEquals(64512, annotated(Map.of()).local().orElseThrow().localAsn());
            assertEquals(4200000001L, annotated(Map.of(Annotations.NODE_ASN, "4200000001")).local().orElseThrow().localAsn());
        }

        @ParameterizedTest
        @CsvSource({"0", "4294967296", "65000x", "-1"})
        void badNodeAsnFallsBackToTheClusterAsnAndSaysWhy(String value) {
            DesiredState d = annotated(Map.of(Annotations.NODE_ASN, value));
            assertEquals(64512, d.local().orElseThrow().localAsn());
            assertEquals("node node-1: kube-router.io/node.asn: bad value \"" + value
                    + "\"; expected an AS number from 1 to 4294967295", problems(d));
        }

        @Test
        void prependAppliesToEveryRoute() {
            DesiredState d = annotated(Map.of(Annotations.PATH_PREPEND_AS, "65010", Annotations.PATH_PREPEND_REPEAT_N, "2"));
            assertEquals(Optional.of(new Prepend(65010, 2)), d.routes().get(p("127.244.1.0/24")).prepend());
        }

        @ParameterizedTest
        @CsvSource({"two", "0", "256"})
        void badRepeatNIsReported(String n) {
            DesiredState d = annotated(Map.of(Annotations.PATH_PREPEND_AS, "65010", Annotations.PATH_PREPEND_REPEAT_N, n));
            assertEquals(Optional.empty(), d.routes().get(p("127.244.1.0/24")).prepend());
            assertEquals("node node-1: kube-router.io/path-prepend.repeat-n: bad value \"" + n
                    + "\"; expected a whole number from 1 to 255", problems(d));
        }

        @Test
        void prependHalfAloneIsReported() {
            DesiredState d = annotated(Map.of(Annotations.PATH_PREPEND_AS, "65010"));
            assertEquals(Optional.empty(), d.routes().get(p("127.244.1.0/24")).prepend());
            assertTrue(problems(d).startsWith("node node-1: kube-router.io/path-prepend.repeat-n: missing;"), problems(d));
        }

        @Test
        void badPrependAsIsReported() {
            DesiredState d = annotated(Map.of(Annotations.PATH_PREPEND_AS, "AS65010", Annotations.PATH_PREPEND_REPEAT_N, "2"));
            assertEquals("node node-1: kube-router.io/path-prepend.as: bad value \"AS65010\"; expected an AS number from 1 to 4294967295",
                    problems(d));
        }

        @Test
        void communitiesInEveryForm() {
            DesiredState d = annotated(Map.of(Annotations.NODE_COMMUNITIES, "65000:100, 4259840101,no-export"));
            assertEquals(List.of(new Community((65000L << 16) | 100), new Community(4259840101L), new Community(0xFFFFFF01L)),
                    List.copyOf(d.routes().get(p("127.244.1.0/24")).communities()));
        }

        @ParameterizedTest
        @CsvSource({"65536:1", "1:2:3", "no-such-name", "4294967296"})
        void badCommunityIsReportedAndTheOthersKept(String bad) {
            DesiredState d = annotated(Map.of(Annotations.NODE_COMMUNITIES, "65000:1;" + bad));
            assertTrue(problems(d).contains("kube-router.io/node.bgp.communities: bad value"), problems(d));
            assertTrue(problems(d).contains("expected a community as a:b (each 0-65535)"), problems(d));
            DesiredState d2 = annotated(Map.of(Annotations.NODE_COMMUNITIES, "65000:1," + bad));
            assertEquals(List.of(new Community((65000L << 16) | 1)), List.copyOf(d2.routes().get(p("127.244.1.0/24")).communities()));
            assertEquals("node node-1: kube-router.io/node.bgp.communities: bad value \"" + bad + "\"; expected "
                    + Community.EXPECTED_FORM, problems(d2));
        }

        @Test
        void peerListAnnotationsWithPortsAndPasswords() {
            DesiredState d = annotated(Map.of(Annotations.PEER_IPS, "127.0.0.1,127.0.0.2",
                    Annotations.PEER_ASNS, "65001,65002", Annotations.PEER_PORTS, "1179,2179",
                    Annotations.PEER_PASSWORDS, "c2VjcmV0,"));
            GracefulRestart gr = GracefulRestart.DEFAULT;
            assertEquals(Set.of(
                    new PeerSpec(ip("127.0.0.1"), 1179, 65001, Optional.of("secret"), Duration.ofSeconds(90), gr),
                    new PeerSpec(ip("127.0.0.2"), 2179, 65002, Optional.empty(), Duration.ofSeconds(90), gr)), d.peers());
            assertTrue(d.problems().isEmpty(), problems(d));
        }

        @Test
        void peerPortDefaultsTo179() {
            DesiredState d = annotated(Map.of(Annotations.PEER_IPS, "127.0.0.1", Annotations.PEER_ASNS, "65001"));
            assertEquals(179, d.peers().iterator().next().port());
        }

        @Test
        void mismatchedPeerListsAreReportedAndGiveNoPeers() {
            DesiredState d = annotated(Map.of(Annotations.PEER_IPS, "127.0.0.1,127.0.0.2", Annotations.PEER_ASNS, "65001"));
            assertTrue(d.peers().isEmpty());
            assertEquals("node node-1: kube-router.io/peer.asns: has 1 entries but kube-router.io/peer.ips has 2; expected one AS "
                    + "number per peer address, so no peers are taken from these annotations", problems(d));
            DesiredState d2 = annotated(Map.of(Annotations.PEER_IPS, "127.0.0.1", Annotations.PEER_ASNS, "65001",
                    Annotations.PEER_PORTS, "179,179"));
            assertTrue(problems(d2).contains("kube-router.io/peer.ports: has 2 entries but kube-router.io/peer.ips has 1"));
        }

        @Test
        void badPeerValuesAreNamedAndTheGoodPeerKept() {
            DesiredState d = annotated(Map.of(Annotations.PEER_IPS, "127.0.0.1,router-a,127.0.0.3",
                    Annotations.PEER_ASNS, "65001,65002,65003", Annotations.PEER_PASSWORDS, ",,%%%notbase64"));
            assertEquals(Set.of(ip("127.0.0.1")), d.peers().stream().map(PeerSpec::address).collect(Collectors.toSet()));
            assertTrue(problems(d).contains("node node-1: kube-router.io/peer.ips: bad value \"router-a\"; expected an IPv4 address"),
                    problems(d));
            assertTrue(problems(d).contains("node node-1: kube-router.io/peer.passwords: bad value (12 characters, not shown); "
                    + "expected a base64-encoded password"), problems(d));
            assertFalse(problems(d).contains("%%%notbase64"), "a password is never logged");
        }

        @Test
        void yamlPeersForm() {
            String yaml = "- remoteip: 127.0.0.1\n  remoteasn: 65001\n  password: c2VjcmV0\n  port: 1179\n"
                    + "- remoteip: 127.0.0.2\n  remoteasn: 65002\n";
            DesiredState d = annotated(Map.of(Annotations.PEERS, yaml));
            assertEquals(Set.of(
                    new PeerSpec(ip("127.0.0.1"), 1179, 65001, Optional.of("secret"), Duration.ofSeconds(90), GracefulRestart.DEFAULT),
                    new PeerSpec(ip("127.0.0.2"), 179, 65002, Optional.empty(), Duration.ofSeconds(90), GracefulRestart.DEFAULT)),
                    d.peers());
        }

        @Test
        void badYamlPeersAreReported() {
            DesiredState notAList = annotated(Map.of(Annotations.PEERS, "remoteip: 127.0.0.1"));
            assertTrue(problems(notAList).contains("kube-router.io/peers: bad value \"remoteip: 127.0.0.1\"; expected a YAML list"),
                    problems(notAList));
            DesiredState missing = annotated(Map.of(Annotations.PEERS, "- remoteip: 127.0.0.1\n"));
            assertEquals("node node-1: kube-router.io/peers[0]: missing remoteip or remoteasn; expected a YAML list of maps "
                    + "with keys remoteip, remoteasn and optionally password (base64) and port", problems(missing));
            DesiredState badAsn = annotated(Map.of(Annotations.PEERS, "- {remoteip: 127.0.0.1, remoteasn: big}\n"));
            assertTrue(problems(badAsn).contains("kube-router.io/peers[0].remoteasn: bad value \"big\""), problems(badAsn));
            DesiredState broken = annotated(Map.of(Annotations.PEERS, "- [unclosed"));
            assertTrue(broken.peers().isEmpty());
            assertTrue(problems(broken).contains("kube-router.io/peers: bad value"), problems(broken));
        }

        @Test
        void globalPeersWinOverNodePeers() {
            PeerSpec global = new PeerSpec(ip("127.0.0.9"), 179, 65009, Optional.empty(), Duration.ofSeconds(90),
                    GracefulRestart.DEFAULT);
            NodeInfo n = node(ME, List.of(), List.of("127.0.0.11"),
                    Map.of(Annotations.PEER_IPS, "127.0.0.1", Annotations.PEER_ASNS, "65001"));
            DesiredState d = Advertiser.compute(ClusterState.of(List.of(n), List.of(), List.of()), ME,
                    AgentConfig.defaults().withGlobalPeers(List.of(global)));
            assertEquals(Set.of(global), d.peers());
        }
    }

    @Nested
    class RouterId {
        @Test
        void defaultsToTheNodeIpv4Address() {
            DesiredState d = run(AgentConfig.defaults(), List.of(NODE1), List.of(), List.of());
            assertEquals(ip("127.0.0.11"), d.local().orElseThrow().routerId());
        }

        @Test
        void explicitRouterIdWins() {
            DesiredState d = run(AgentConfig.defaults().withRouterId(Optional.of("127.1.1.1")), List.of(NODE1), List.of(), List.of());
            assertEquals(ip("127.1.1.1"), d.local().orElseThrow().routerId());
        }

        @Test
        void generateHashesTheIpv6AddressOfAnIpv6OnlyNode() {
            NodeInfo v6 = node(ME, List.of(), List.of("::127.0.0.11"), Map.of());
            AgentConfig gen = AgentConfig.defaults().withRouterId(Optional.of(AgentConfig.GENERATE));
            Inet4Address a = run(gen, List.of(v6), List.of(), List.of()).local().orElseThrow().routerId();
            Inet4Address b = run(gen, List.of(v6), List.of(), List.of()).local().orElseThrow().routerId();
            assertEquals(a, b, "stable across runs");
            NodeInfo other = node(ME, List.of(), List.of("::127.0.0.12"), Map.of());
            assertFalse(a.equals(run(gen, List.of(other), List.of(), List.of()).local().orElseThrow().routerId()));
            assertFalse(a.getHostAddress().equals("0.0.0.0"));
        }

        @Test
        void ipv6OnlyNodeWithoutTheFlagIsReported() {
            NodeInfo v6 = node(ME, List.of(), List.of("::127.0.0.11"), Map.of());
            DesiredState d = run(AgentConfig.defaults(), List.of(v6), List.of(), List.of());
            assertTrue(d.local().isEmpty());
            assertTrue(problems(d).contains("expected --router-id=a.b.c.d or --router-id=generate"), problems(d));
        }
    }

    @Test
    void ipv6AddressesAreShownInCanonicalForm() {
        assertEquals("::7f00:b", IpAddresses.text(ip("::127.0.0.11")));
        assertEquals("127.0.0.11", IpAddresses.text(ip("127.0.0.11")));
    }

    @Test
    void prefixOrderIsIpv4ThenIpv6() {
        List<Prefix> sorted = new java.util.ArrayList<>(List.of(p("::127.0.0.1/128"), p("127.0.0.2/32"), p("127.0.0.1/32")));
        sorted.sort(Advertiser::comparePrefixes);
        assertEquals(List.of(p("127.0.0.1/32"), p("127.0.0.2/32"), p("::127.0.0.1/128")), sorted);
    }
}

package dev.jbgp.testkit.daemon;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI parsers against output captured from BIRD 2.0.12, FRR 8.4.4 and GoBGP 3.10.0 on this
 * project's test machine (trimmed), so a change in normalisation shows up without the daemons.
 */
class DaemonOutputParsingTest {

    private static final String BIRD_PROTOCOL = String.join("\n",
            "BIRD 2.0.12 ready.",
            "Name       Proto      Table      State  Since         Info",
            "n1         BGP        ---        up     04:55:32.761  Established   ",
            "  BGP state:          Established",
            "    Neighbor address: 127.0.200.2",
            "    Local capabilities",
            "      Multiprotocol",
            "        AF announced: ipv4 ipv6",
            "      Route refresh",
            "      Graceful restart",
            "        Restart time: 30",
            "        AF supported: ipv4 ipv6",
            "        AF preserved:",
            "      4-octet AS numbers",
            "      Enhanced refresh",
            "      Long-lived graceful restart",
            "    Neighbor capabilities",
            "      Multiprotocol",
            "        AF announced: ipv4",
            "      Route refresh",
            "      Extended message",
            "      4-octet AS numbers",
            "      ADD-PATH",
            "        RX: ipv4 ipv6",
            "        TX:",
            "      Hostname: f1",
            "    Session:          external multihop AS4",
            "    Hold timer:       8.109/9",
            "  Channel ipv4",
            "    State:          UP",
            "");

    private static final String BIRD_ROUTES = String.join("\n",
            "BIRD 2.0.12 ready.",
            "Table master4:",
            "10.1.0.0/24          blackhole [ann4 04:55:31.922] * (200)",
            "\tType: static univ",
            "\tBGP.as_path: 65001",
            "\tBGP.next_hop: 198.18.0.7",
            "10.2.0.0/24          unicast [n1 04:55:33.863 from 127.0.200.2] * (100/?) [AS65002i]",
            "\tdev lo",
            "\tType: BGP univ",
            "\tBGP.origin: IGP",
            "\tBGP.as_path: 65002 65002 65002",
            "\tBGP.next_hop: 198.18.0.2",
            "\tBGP.med: 20",
            "\tBGP.local_pref: 100",
            "\tBGP.community: (65002,5) (65002,6)",
            "\tBGP.large_community: (9, 8, 7)",
            "                     unreachable [n2 04:55:34.001 from 127.0.200.3] (100/-) [AS65003i]",
            "\tType: BGP univ",
            "\tBGP.origin: IGP",
            "\tBGP.as_path: 65003 {64512 64513}",
            "\tBGP.next_hop: 127.0.200.3",
            "\tBGP.local_pref: 100",
            "");

    @Test
    void birdStateCapabilitiesAndRoutes() {
        assertEquals(SessionState.ESTABLISHED, BirdOutput.bgpState(BIRD_PROTOCOL));
        assertEquals(EnumSet.of(Capability.MULTIPROTOCOL_IPV4_UNICAST, Capability.MULTIPROTOCOL_IPV6_UNICAST,
                        Capability.ROUTE_REFRESH, Capability.GRACEFUL_RESTART, Capability.FOUR_OCTET_AS,
                        Capability.ENHANCED_ROUTE_REFRESH, Capability.LONG_LIVED_GRACEFUL_RESTART),
                BirdOutput.capabilities(BIRD_PROTOCOL, "Local capabilities"));
        assertEquals(EnumSet.of(Capability.MULTIPROTOCOL_IPV4_UNICAST, Capability.ROUTE_REFRESH,
                        Capability.EXTENDED_MESSAGE, Capability.FOUR_OCTET_AS, Capability.ADD_PATH),
                BirdOutput.capabilities(BIRD_PROTOCOL, "Neighbor capabilities"));
        assertEquals(SessionState.UNKNOWN, BirdOutput.bgpState("BIRD 2.0.12 ready.\nsyntax error\n"));

        List<RibRoute> routes = BirdOutput.routes(BIRD_ROUTES);
        assertEquals(2, routes.size(), "the static route is not a BGP path: " + routes);
        assertEquals(new RibRoute("10.2.0.0/24", "198.18.0.2", List.of(65002L, 65002L, 65002L), OptionalLong.of(100),
                OptionalLong.of(20), List.of("65002:5", "65002:6"), List.of("9:8:7"), "127.0.200.2"), routes.get(0));
        RibRoute second = routes.get(1);
        assertEquals("10.2.0.0/24", second.prefix(), "a continuation line keeps the prefix");
        assertEquals(List.of(65003L, 64512L, 64513L), second.asPath());
        assertEquals(OptionalLong.empty(), second.med());
        assertEquals("127.0.200.3", second.neighbour());
    }

    private static final String FRR_RIB = "{\n \"vrfId\": 0,\n \"routerId\": \"127.0.200.2\",\n"
            + " \"routes\": { \"10.1.0.0/24\": [{\"prefix\":\"10.1.0.0/24\",\"version\":2,"
            + "\"advertisedTo\":{\"127.0.200.1\":{}}},{\"aspath\":{\"string\":\"65001 65001\",\"segments\":"
            + "[{\"type\":\"as-sequence\",\"list\":[65001,65001]}],\"length\":2},\"origin\":\"IGP\",\"metric\":10,"
            + "\"valid\":true,\"bestpath\":{\"overall\":true},\"community\":{\"string\":\"65000:1\","
            + "\"list\":[\"65000:1\"]},\"largeCommunity\":{\"string\":\"1:2:3\",\"list\":[\"1:2:3\"]},"
            + "\"nexthops\":[{\"ip\":\"198.18.0.7\",\"afi\":\"ipv4\",\"used\":true}],"
            + "\"peer\":{\"peerId\":\"127.0.200.1\",\"routerId\":\"127.0.200.1\",\"type\":\"external\"}}]\n"
            + ",\"10.2.0.0/24\": [{\"prefix\":\"10.2.0.0/24\"},{\"aspath\":{\"string\":\"Local\",\"segments\":[],"
            + "\"length\":0},\"metric\":0,\"weight\":32768,\"sourced\":true,\"local\":true,"
            + "\"nexthops\":[{\"ip\":\"0.0.0.0\",\"afi\":\"ipv4\"}],\"peer\":{\"peerId\":\"0.0.0.0\"}}]\n"
            + ",\"2001:db8:1::/48\": [{\"prefix\":\"2001:db8:1::/48\"},{\"aspath\":{\"segments\":[{\"type\":"
            + "\"as-sequence\",\"list\":[65001]}]},\"locPrf\":150,\"nexthops\":[{\"ip\":\"fe80::1\",\"scope\":"
            + "\"link-local\"},{\"ip\":\"2001:db8:ffff::1\",\"afi\":\"ipv6\",\"scope\":\"global\"}],"
            + "\"peer\":{\"peerId\":\"127.0.200.1\"}}]\n } }";

    private static final String FRR_NEIGHBOUR = "{\"127.0.200.1\":{\"remoteAs\":65001,\"bgpState\":\"Established\","
            + "\"neighborCapabilities\":{\"4byteAs\":\"advertisedAndReceived\",\"extendedMessage\":\"advertised\","
            + "\"addPath\":{\"ipv4Unicast\":{\"rxAdvertised\":true}},"
            + "\"longLivedGracefulRestart\":\"advertisedAndReceived\","
            + "\"routeRefresh\":\"advertisedAndReceivedNew\",\"enhancedRouteRefresh\":\"advertisedAndReceived\","
            + "\"multiprotocolExtensions\":{\"ipv4Unicast\":{\"advertisedAndReceived\":true},"
            + "\"ipv6Unicast\":{\"received\":true}},\"gracefulRestart\":\"advertisedAndReceived\"}}}";

    @Test
    void frrStateCapabilitiesAndRoutes() {
        var node = FrrOutput.neighbour(FRR_NEIGHBOUR, "127.0.200.1");
        assertEquals(SessionState.ESTABLISHED, FrrOutput.state(node));
        assertEquals(EnumSet.of(Capability.FOUR_OCTET_AS, Capability.LONG_LIVED_GRACEFUL_RESTART,
                        Capability.ROUTE_REFRESH, Capability.ENHANCED_ROUTE_REFRESH,
                        Capability.MULTIPROTOCOL_IPV4_UNICAST, Capability.GRACEFUL_RESTART),
                FrrOutput.capabilities(node));
        assertEquals(SessionState.UNKNOWN, FrrOutput.state(FrrOutput.neighbour("{}", "127.0.200.1")));

        List<RibRoute> routes = FrrOutput.routes(FRR_RIB);
        assertEquals(2, routes.size(), "header elements and local routes are skipped: " + routes);
        assertEquals(new RibRoute("10.1.0.0/24", "198.18.0.7", List.of(65001L, 65001L), OptionalLong.empty(),
                OptionalLong.of(10), List.of("65000:1"), List.of("1:2:3"), "127.0.200.1"), routes.get(0));
        assertEquals("2001:db8:ffff::1", routes.get(1).nextHop(), "the global next hop, not the link-local one");
        assertEquals(OptionalLong.of(150), routes.get(1).localPref());
    }

    private static final String GOBGP_RIB = "{\"10.1.0.0/24\":[{\"nlri\":{\"prefix\":\"10.1.0.0/24\"},"
            + "\"best\":true,\"attrs\":[{\"type\":1,\"value\":0},{\"type\":2,\"as_paths\":[{\"segment_type\":2,"
            + "\"num\":3,\"asns\":[65002,65001,65001]}]},{\"type\":3,\"nexthop\":\"198.18.0.2\"},"
            + "{\"type\":4,\"metric\":30},{\"type\":5,\"value\":120},"
            + "{\"type\":8,\"communities\":[4259840001]},{\"type\":32,\"value\":[{\"ASN\":1,\"LocalData1\":2,"
            + "\"LocalData2\":3}]}],\"stale\":false,\"source-id\":\"127.0.200.2\",\"neighbor-ip\":\"127.0.200.2\"}],"
            + "\"10.3.0.0/24\":[{\"nlri\":{\"prefix\":\"10.3.0.0/24\"},\"best\":true,\"attrs\":[{\"type\":1,"
            + "\"value\":0},{\"type\":3,\"nexthop\":\"198.18.0.3\"}],\"stale\":false}],"
            + "\"2001:db8:3::/48\":[{\"nlri\":{\"prefix\":\"2001:db8:3::/48\"},\"attrs\":[{\"type\":2,\"as_paths\":"
            + "[{\"segment_type\":2,\"asns\":[65002]}]},{\"type\":14,\"nexthop\":\"2001:db8:ffff::3\",\"afi\":2,"
            + "\"safi\":1,\"value\":[{\"prefix\":\"2001:db8:3::/48\"}]}],\"neighbor-ip\":\"127.0.200.2\"}]}";

    private static final String GOBGP_NEIGHBOUR = "{\"conf\":{\"local_asn\":65003,\"neighbor_address\":"
            + "\"127.0.200.2\",\"peer_asn\":65002},\"state\":{\"session_state\":6,\"remote_cap\":["
            + "{\"type_url\":\"type.googleapis.com/apipb.EnhancedRouteRefreshCapability\"},"
            + "{\"type_url\":\"type.googleapis.com/apipb.RouteRefreshCapability\"},"
            + "{\"type_url\":\"type.googleapis.com/apipb.FourOctetASNCapability\",\"value\":\"COr7Aw==\"},"
            + "{\"type_url\":\"type.googleapis.com/apipb.GracefulRestartCapability\",\"value\":\"CAwQeBoGCgQIARAB\"},"
            + "{\"type_url\":\"type.googleapis.com/apipb.MultiProtocolCapability\",\"value\":\"CgQIARAB\"}],"
            + "\"local_cap\":[{\"type_url\":\"type.googleapis.com/apipb.RouteRefreshCapability\"},"
            + "{\"type_url\":\"type.googleapis.com/apipb.MultiProtocolCapability\",\"value\":\"CgQIARAB\"},"
            + "{\"type_url\":\"type.googleapis.com/apipb.MultiProtocolCapability\",\"value\":\"CgQIAhAB\"},"
            + "{\"type_url\":\"type.googleapis.com/apipb.FourOctetASNCapability\",\"value\":\"COv7Aw==\"},"
            + "{\"type_url\":\"type.googleapis.com/apipb.GracefulRestartCapability\",\"value\":\"EB4aBgoECAEQAQ==\"}]}}";

    @Test
    void gobgpStateCapabilitiesAndRoutes() {
        var node = FrrOutput.parse(GOBGP_NEIGHBOUR);
        assertEquals(SessionState.ESTABLISHED, GoBgpOutput.state(node));
        assertEquals(EnumSet.of(Capability.ROUTE_REFRESH, Capability.FOUR_OCTET_AS, Capability.GRACEFUL_RESTART,
                Capability.MULTIPROTOCOL_IPV4_UNICAST), GoBgpOutput.capabilities(node),
                "IPv6 is only advertised locally; enhanced refresh only by the peer");

        List<RibRoute> routes = GoBgpOutput.routes(GOBGP_RIB);
        assertEquals(2, routes.size(), "the locally originated path is skipped: " + routes);
        assertEquals(new RibRoute("10.1.0.0/24", "198.18.0.2", List.of(65002L, 65001L, 65001L), OptionalLong.of(120),
                OptionalLong.of(30), List.of("65000:1"), List.of("1:2:3"), "127.0.200.2"), routes.get(0));
        assertEquals("2001:db8:ffff::3", routes.get(1).nextHop());
        assertTrue(GoBgpOutput.routes("").isEmpty());
        assertTrue(GoBgpOutput.routes("{}").isEmpty());
    }
}

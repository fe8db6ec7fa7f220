package dev.jbgp.testkit.daemon;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses the JSON of the {@code gobgp} 3.10 CLI: {@code neighbor ADDR -j} (state, capabilities)
 * and {@code global rib -a AFI -j} (the RIB). Tested without GoBGP.
 *
 * <p>Quirks: capabilities are protobuf {@code Any} values named by {@code type_url}, multiprotocol
 * families only inside the base64 protobuf bytes; large communities are printed as
 * {@code {"type":32,"value":[{"ASN":..,"LocalData1":..,"LocalData2":..}]}} in 3.10 (other versions
 * use {@code values}/{@code asn}/{@code local_data1}); communities as one 32-bit number each.
 */
final class GoBgpOutput {

    private GoBgpOutput() {
    }

    static SessionState state(JsonNode neighbour) {
        JsonNode s = neighbour.path("state").path("session_state");
        return s.isMissingNode() ? SessionState.UNKNOWN : SessionState.parse(s.asText());
    }

    /** Capabilities present in both {@code local_cap} and {@code remote_cap}. */
    static Set<Capability> capabilities(JsonNode neighbour) {
        Set<Capability> caps = capabilitySet(neighbour.path("state").path("local_cap"));
        caps.retainAll(capabilitySet(neighbour.path("state").path("remote_cap")));
        return caps;
    }

    private static Set<Capability> capabilitySet(JsonNode list) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (JsonNode c : list) {
            String url = c.path("type_url").asText("");
            String name = url.substring(url.lastIndexOf('.') + 1);
            switch (name) {
                case "RouteRefreshCapability":
                    caps.add(Capability.ROUTE_REFRESH);
                    break;
                case "EnhancedRouteRefreshCapability":
                    caps.add(Capability.ENHANCED_ROUTE_REFRESH);
                    break;
                case "FourOctetASNCapability":
                    caps.add(Capability.FOUR_OCTET_AS);
                    break;
                case "GracefulRestartCapability":
                    caps.add(Capability.GRACEFUL_RESTART);
                    break;
                case "LongLivedGracefulRestartCapability":
                    caps.add(Capability.LONG_LIVED_GRACEFUL_RESTART);
                    break;
                case "AddPathCapability":
                    caps.add(Capability.ADD_PATH);
                    break;
                case "ExtendedMessageCapability":
                    caps.add(Capability.EXTENDED_MESSAGE);
                    break;
                case "MultiProtocolCapability":
                    multiprotocol(c.path("value").asText(""), caps);
                    break;
                default:
                    break;
            }
        }
        return caps;
    }

    /**
     * The family inside a MultiProtocolCapability: protobuf {@code family {afi: 1 safi: 1}}, i.e.
     * bytes {@code 0a 04 08 AFI 10 SAFI}; only fields 1 (afi) and 2 (safi) of the nested message matter.
     */
    private static void multiprotocol(String base64, Set<Capability> caps) {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return;
        }
        int afi = -1;
        int safi = -1;
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == 0x08) {
                afi = b[i + 1];
            } else if (b[i] == 0x10) {
                safi = b[i + 1];
            }
        }
        if (safi == 1 && afi == 1) {
            caps.add(Capability.MULTIPROTOCOL_IPV4_UNICAST);
        } else if (safi == 1 && afi == 2) {
            caps.add(Capability.MULTIPROTOCOL_IPV6_UNICAST);
        }
    }

    /** Paths learned from neighbours ({@code neighbor-ip} set) in {@code global rib -a AFI -j}. */
    static List<RibRoute> routes(String json) {
        if (json.isBlank() || json.strip().equals("null")) {
            return List.of(); // an empty RIB prints nothing
        }
        List<RibRoute> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : FrrOutput.parse(json).properties()) {
            for (JsonNode p : entry.getValue()) {
                String neighbour = p.path("neighbor-ip").asText("");
                if (neighbour.isEmpty()) {
                    continue; // originated here
                }
                routes.add(route(entry.getKey(), neighbour, p));
            }
        }
        return List.copyOf(routes);
    }

    private static RibRoute route(String prefix, String neighbour, JsonNode p) {
        String nextHop = "";
        List<Long> asPath = new ArrayList<>();
        OptionalLong localPref = OptionalLong.empty();
        OptionalLong med = OptionalLong.empty();
        List<String> communities = new ArrayList<>();
        List<String> large = new ArrayList<>();
        for (JsonNode a : p.path("attrs")) {
            switch (a.path("type").asInt()) {
                case 2:
                    for (JsonNode segment : a.path("as_paths")) {
                        for (JsonNode asn : segment.path("asns")) {
                            asPath.add(asn.asLong());
                        }
                    }
                    break;
                case 3:
                case 14:
                    if (a.has("nexthop")) {
                        nextHop = a.path("nexthop").asText();
                    }
                    break;
                case 4:
                    med = OptionalLong.of(a.path("metric").asLong());
                    break;
                case 5:
                    localPref = OptionalLong.of(a.path("value").asLong());
                    break;
                case 8:
                    for (JsonNode c : a.path("communities")) {
                        long v = c.asLong();
                        communities.add((v >>> 16) + ":" + (v & 0xFFFF));
                    }
                    break;
                case 32:
                    JsonNode values = a.has("values") ? a.path("values") : a.path("value");
                    for (JsonNode c : values) {
                        large.add(field(c, "ASN", "asn") + ":" + field(c, "LocalData1", "local_data1") + ":"
                                + field(c, "LocalData2", "local_data2"));
                    }
                    break;
                default:
                    break;
            }
        }
        return new RibRoute(prefix, nextHop, asPath, localPref, med, communities, large, neighbour);
    }

    private static long field(JsonNode node, String name, String alternative) {
        return node.has(name) ? node.path(name).asLong() : node.path(alternative).asLong();
    }
}

package dev.jbgp.testkit.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses FRR 8.4's JSON: {@code show bgp neighbors ADDR json} (state, negotiated capabilities) and
 * {@code show bgp ipv4|ipv6 unicast json detail} (the RIB). Tested without FRR.
 *
 * <p>The plain {@code show bgp ipv4 unicast json} omits communities, hence {@code detail}; its
 * first element per prefix is a header without {@code nexthops}, and locally originated paths are
 * flagged {@code sourced}/{@code local}.
 */
final class FrrOutput {

    static final ObjectMapper JSON = new ObjectMapper();

    private FrrOutput() {
    }

    static JsonNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new DaemonException("empty JSON from FRR");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DaemonException("FRR printed something that is not JSON: " + json.strip(), e);
        }
    }

    /** The neighbour object of {@code show bgp neighbors ADDR json}, or a missing node. */
    static JsonNode neighbour(String json, String address) {
        return parse(json).path(address);
    }

    static SessionState state(JsonNode neighbour) {
        String state = neighbour.path("bgpState").asText("");
        return state.isEmpty() ? SessionState.UNKNOWN : SessionState.parse(state);
    }

    /** Capabilities FRR reports as advertised and received ({@code neighborCapabilities}). */
    static Set<Capability> capabilities(JsonNode neighbour) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        JsonNode c = neighbour.path("neighborCapabilities");
        both(c, "4byteAs", Capability.FOUR_OCTET_AS, caps);
        both(c, "routeRefresh", Capability.ROUTE_REFRESH, caps);
        both(c, "enhancedRouteRefresh", Capability.ENHANCED_ROUTE_REFRESH, caps);
        both(c, "gracefulRestart", Capability.GRACEFUL_RESTART, caps);
        both(c, "longLivedGracefulRestart", Capability.LONG_LIVED_GRACEFUL_RESTART, caps);
        both(c, "extendedMessage", Capability.EXTENDED_MESSAGE, caps);
        JsonNode mp = c.path("multiprotocolExtensions");
        if (mp.path("ipv4Unicast").path("advertisedAndReceived").asBoolean(false)) {
            caps.add(Capability.MULTIPROTOCOL_IPV4_UNICAST);
        }
        if (mp.path("ipv6Unicast").path("advertisedAndReceived").asBoolean(false)) {
            caps.add(Capability.MULTIPROTOCOL_IPV6_UNICAST);
        }
        for (JsonNode family : c.path("addPath")) {
            boolean tx = family.path("txAdvertisedAndReceived").asBoolean(false);
            boolean rx = family.path("rxAdvertisedAndReceived").asBoolean(false);
            if (tx || rx) {
                caps.add(Capability.ADD_PATH);
            }
        }
        return caps;
    }

    private static void both(JsonNode caps, String field, Capability capability, Set<Capability> out) {
        // "advertisedAndReceived", or for route refresh "advertisedAndReceivedNew"/"...OldNew"
        if (caps.path(field).asText("").startsWith("advertisedAndReceived")) {
            out.add(capability);
        }
    }

    /** Paths learned from neighbours in {@code show bgp AFI unicast json detail}. */
    static List<RibRoute> routes(String json) {
        List<RibRoute> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : parse(json).path("routes").properties()) {
            for (JsonNode p : paths(entry.getValue())) {
                if (!p.has("nexthops") || p.path("sourced").asBoolean(false) || p.path("local").asBoolean(false)) {
                    continue; // header element, or originated here
                }
                routes.add(route(entry.getKey(), p));
            }
        }
        return List.copyOf(routes);
    }

    /** The paths of one entry of {@code "routes"}: an array, or in the single-prefix form an object holding it. */
    private static JsonNode paths(JsonNode route) {
        return route.isObject() ? route.path("paths") : route;
    }

    /** Paths from {@code neighbour} in {@code show bgp AFI unicast json detail}: prefix to its stale flag. */
    static Map<String, Boolean> staleFlags(String json, String neighbour) {
        Map<String, Boolean> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : parse(json).path("routes").properties()) {
            for (JsonNode p : paths(entry.getValue())) {
                if (p.has("nexthops") && neighbour.equals(p.path("peer").path("peerId").asText(""))) {
                    out.put(entry.getKey(), p.path("stale").asBoolean(false));
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static RibRoute route(String prefix, JsonNode p) {
        String nextHop = "";
        for (JsonNode nh : p.path("nexthops")) {
            if (!"link-local".equals(nh.path("scope").asText())) {
                nextHop = nh.path("ip").asText("");
                break;
            }
        }
        List<Long> asPath = new ArrayList<>();
        for (JsonNode segment : p.path("aspath").path("segments")) {
            for (JsonNode asn : segment.path("list")) {
                asPath.add(asn.asLong());
            }
        }
        List<String> communities = new ArrayList<>();
        for (JsonNode c : p.path("community").path("list")) {
            communities.add(c.asText());
        }
        List<String> large = new ArrayList<>();
        for (JsonNode c : p.path("largeCommunity").path("list")) {
            large.add(c.asText());
        }
        return new RibRoute(prefix, nextHop, asPath, optionalLong(p, "locPrf"), optionalLong(p, "metric"),
                communities, large, p.path("peer").path("peerId").asText(""));
    }

    private static OptionalLong optionalLong(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.canConvertToLong() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    }
}

package dev.jbgp.testkit.daemon;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses what {@code birdc} prints: {@code show protocols all NAME} (state, capabilities) and
 * {@code show route all table T} (the RIB). Pure text, tested without BIRD.
 */
final class BirdOutput {

    /** {@code 10.2.0.0/24   unicast [n1 04:55:33.863 from 127.0.200.2] * (100/?) [AS65002i]}; continuation paths omit the prefix. */
    private static final Pattern ROUTE_HEAD = Pattern.compile(
            "^(\\S+)?\\s+(?:unicast|unreachable|blackhole|prohibit)\\s+\\[(\\S+)\\s[^\\]]*?(?:from (\\S+))?\\].*");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern PAIR = Pattern.compile("\\((\\d+),\\s*(\\d+)\\)");
    private static final Pattern TRIPLE = Pattern.compile("\\((\\d+),\\s*(\\d+),\\s*(\\d+)\\)");

    private BirdOutput() {
    }

    /** The {@code BGP state:} line of {@code show protocols all NAME}. */
    static SessionState bgpState(String text) {
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.startsWith("BGP state:")) {
                return SessionState.parse(t.substring("BGP state:".length()));
            }
        }
        return SessionState.UNKNOWN;
    }

    /**
     * The capabilities listed under {@code header} ("Local capabilities" or "Neighbor capabilities")
     * of {@code show protocols all NAME}.
     */
    static Set<Capability> capabilities(String text, String header) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        boolean inside = false;
        boolean multiprotocol = false;
        int indent = -1;
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.equals(header)) {
                inside = true;
                indent = -1;
                continue;
            }
            if (!inside || t.isEmpty()) {
                continue;
            }
            int lineIndent = line.length() - line.stripLeading().length();
            if (indent < 0) {
                indent = lineIndent; // the first capability line sets the indentation of names
            }
            if (lineIndent < indent) {
                break; // left the block (next header or "Session:")
            }
            if (lineIndent > indent) {
                if (multiprotocol && t.startsWith("AF announced:")) {
                    for (String af : t.substring("AF announced:".length()).trim().split("\\s+")) {
                        if (af.equals("ipv4")) {
                            caps.add(Capability.MULTIPROTOCOL_IPV4_UNICAST);
                        } else if (af.equals("ipv6")) {
                            caps.add(Capability.MULTIPROTOCOL_IPV6_UNICAST);
                        }
                    }
                }
                continue;
            }
            multiprotocol = t.equals("Multiprotocol");
            switch (t) {
                case "Route refresh":
                    caps.add(Capability.ROUTE_REFRESH);
                    break;
                case "Enhanced refresh":
                    caps.add(Capability.ENHANCED_ROUTE_REFRESH);
                    break;
                case "4-octet AS numbers":
                    caps.add(Capability.FOUR_OCTET_AS);
                    break;
                case "Graceful restart":
                    caps.add(Capability.GRACEFUL_RESTART);
                    break;
                case "Long-lived graceful restart":
                    caps.add(Capability.LONG_LIVED_GRACEFUL_RESTART);
                    break;
                case "ADD-PATH":
                    caps.add(Capability.ADD_PATH);
                    break;
                case "Extended message":
                    caps.add(Capability.EXTENDED_MESSAGE);
                    break;
                default:
                    break;
            }
        }
        return caps;
    }

    /** The BGP-learned paths of {@code show route all table T}; static and device routes are skipped. */
    static List<RibRoute> routes(String text) {
        List<RibRoute> routes = new ArrayList<>();
        Builder current = null;
        String prefix = null;
        for (String line : text.split("\n")) {
            Matcher head = ROUTE_HEAD.matcher(line);
            if (head.matches()) {
                add(routes, current);
                if (head.group(1) != null) {
                    prefix = head.group(1);
                }
                current = new Builder(prefix, head.group(3) == null ? "" : head.group(3));
                continue;
            }
            if (current == null) {
                continue;
            }
            String t = line.trim();
            if (t.startsWith("Type:")) {
                current.bgp = t.contains("BGP");
            } else if (t.startsWith("BGP.next_hop:")) {
                current.nextHop = value(t).split("\\s+")[0]; // IPv6: global, then link-local
            } else if (t.startsWith("BGP.as_path:")) {
                Matcher m = NUMBER.matcher(value(t));
                while (m.find()) {
                    current.asPath.add(Long.parseLong(m.group()));
                }
            } else if (t.startsWith("BGP.local_pref:")) {
                current.localPref = OptionalLong.of(Long.parseLong(value(t)));
            } else if (t.startsWith("BGP.med:")) {
                current.med = OptionalLong.of(Long.parseLong(value(t)));
            } else if (t.startsWith("BGP.community:")) {
                Matcher m = PAIR.matcher(t);
                while (m.find()) {
                    current.communities.add(m.group(1) + ":" + m.group(2));
                }
            } else if (t.startsWith("BGP.large_community:")) {
                Matcher m = TRIPLE.matcher(t);
                while (m.find()) {
                    current.largeCommunities.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
                }
            }
        }
        add(routes, current);
        return List.copyOf(routes);
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    private static void add(List<RibRoute> routes, Builder b) {
        if (b != null && b.bgp) {
            routes.add(new RibRoute(b.prefix, b.nextHop, b.asPath, b.localPref, b.med, b.communities,
                    b.largeCommunities, b.neighbour));
        }
    }

    private static final class Builder {
        final String prefix;
        final String neighbour;
        boolean bgp;
        String nextHop = "";
        final List<Long> asPath = new ArrayList<>();
        OptionalLong localPref = OptionalLong.empty();
        OptionalLong med = OptionalLong.empty();
        final List<String> communities = new ArrayList<>();
        final List<String> largeCommunities = new ArrayList<>();

        Builder(String prefix, String neighbour) {
            this.prefix = prefix;
            this.neighbour = neighbour;
        }
    }
}

package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.wire.nlri.Prefix;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of a {@link BgpSpeaker}: our AS, router ID and listeners, every neighbour
 * with its session state and counters, and every Loc-RIB path with best / ECMP marks. Safe to share
 * between threads (immutable and thread-safe). {@link #render()} prints it in the shape of {@code gobgp neighbor} and
 * {@code gobgp global rib}.
 */
public final class SpeakerStatus {

    private final long localAs;
    private final String routerId;
    private final List<InetAddress> listenAddresses;
    private final int listenPort;
    private final List<NeighborStatus> neighbors;
    private final List<RouteStatus> routes;
    private final Instant taken;

    /**
     * A snapshot; the lists are copied. Normally made by {@link BgpSpeaker#status()}.
     *
     * @param listenPort the bound port, 0 when not listening
     */
    public SpeakerStatus(long localAs, String routerId, List<InetAddress> listenAddresses, int listenPort,
                         List<NeighborStatus> neighbors, List<RouteStatus> routes, Instant taken) {
        this.localAs = localAs;
        this.routerId = Objects.requireNonNull(routerId, "routerId");
        this.listenAddresses = List.copyOf(listenAddresses);
        this.listenPort = listenPort;
        this.neighbors = List.copyOf(neighbors);
        this.routes = List.copyOf(routes);
        this.taken = Objects.requireNonNull(taken, "taken");
    }

    /** Our AS. */
    public long localAs() { return localAs; }

    /** Our router ID, dotted quad. */
    public String routerId() { return routerId; }

    /** The addresses we listen on (empty: active only). */
    public List<InetAddress> listenAddresses() { return listenAddresses; }

    /** The bound listening port, 0 when not listening. */
    public int listenPort() { return listenPort; }

    /** The neighbours, in configuration order. */
    public List<NeighborStatus> neighbors() { return neighbors; }

    /** Every Loc-RIB path, prefixes sorted (IPv4 first), each prefix's paths best first. */
    public List<RouteStatus> routes() { return routes; }

    /** When the snapshot was taken. */
    public Instant taken() { return taken; }

    /** The paths to {@code prefix}, best first. */
    public List<RouteStatus> routes(Prefix prefix) {
        List<RouteStatus> out = new ArrayList<>();
        for (RouteStatus r : routes) {
            if (r.prefix().equals(prefix)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The neighbour with this address, if configured. */
    public java.util.Optional<NeighborStatus> neighbor(InetAddress address) {
        for (NeighborStatus n : neighbors) {
            if (n.address().equals(address)) {
                return java.util.Optional.of(n);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The status as text, in the shape of {@code gobgp neighbor} and {@code gobgp global rib}: server
     * configuration, one line per neighbour (state abbreviated as GoBGP does: Idle, Connect, Active,
     * Sent, Confirm, Establ), and one line per path marked {@code *>} (best), {@code *=} (another
     * ECMP member) or {@code * } (other), with next hop, AS path, age and attributes.
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("--- BGP Server Configuration ---\n");
        sb.append("AS:        ").append(localAs).append('\n');
        sb.append("Router-ID: ").append(routerId).append('\n');
        if (listenAddresses.isEmpty()) {
            sb.append("Listening Port: none (active sessions only)\n");
        } else {
            List<String> addrs = new ArrayList<>();
            for (InetAddress a : listenAddresses) {
                addrs.add(a.getHostAddress());
            }
            sb.append("Listening Port: ").append(listenPort).append(", Addresses: ").append(String.join(", ", addrs)).append('\n');
        }
        sb.append("--- BGP Neighbors ---\n");
        int w = 4;
        for (NeighborStatus n : neighbors) {
            w = Math.max(w, n.address().getHostAddress().length());
        }
        sb.append(String.format("%-" + w + "s %6s %8s %-11s |%9s %9s%n", "Peer", "AS", "Up/Down", "State", "#Received", "Accepted"));
        for (NeighborStatus n : neighbors) {
            String upDown = n.since().map(s -> hms(Duration.between(s, taken))).orElse("never");
            sb.append(String.format("%-" + w + "s %6s %8s %-11s |%9d %9d%n", n.address().getHostAddress(), n.asText(),
                    upDown, stateName(n.state()), n.prefixesReceived(), n.accepted()));
        }
        sb.append("--- BGP Route Info ---\n");
        sb.append(String.format("   %-20s %-20s %-20s %-10s %s%n", "Network", "Next Hop", "AS_PATH", "Age", "Attrs"));
        for (RouteStatus r : routes) {
            PathAttributes a = r.route().attributes();
            String nh = a.nextHop().map(InetAddress::getHostAddress).orElse("0.0.0.0");
            sb.append(String.format("%s %-20s %-20s %-20s %-10s %s%n", r.mark(), r.prefix(), nh, asPath(a),
                    hms(Duration.between(r.lastChanged(), taken)), attrs(a, r)));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    /** GoBGP's short state names. */
    static String stateName(SessionState s) {
        switch (s) {
            case IDLE: return "Idle";
            case CONNECT: return "Connect";
            case ACTIVE: return "Active";
            case OPEN_SENT: return "Sent";
            case OPEN_CONFIRM: return "Confirm";
            case ESTABLISHED: return "Establ";
            default: return s.toString();
        }
    }

    private static String hms(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 86400) {
            return (s / 86400) + "d " + String.format("%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60);
        }
        return String.format("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String asPath(PathAttributes a) {
        List<String> parts = new ArrayList<>();
        for (AsPathSegment s : a.asPath()) {
            StringBuilder p = new StringBuilder();
            for (long asn : s.asns()) {
                if (p.length() > 0) {
                    p.append(' ');
                }
                p.append(asn);
            }
            parts.add(s.type() == AsPathSegment.AS_SET ? "{" + p + "}" : p.toString());
        }
        return String.join(" ", parts);
    }

    private static String attrs(PathAttributes a, RouteStatus r) {
        List<String> out = new ArrayList<>();
        out.add("{Origin: " + (a.origin() == 0 ? "i" : a.origin() == 1 ? "e" : "?") + "}");
        if (a.hasMed()) {
            out.add("{Med: " + a.med(0) + "}");
        }
        if (a.hasLocalPref()) {
            out.add("{LocalPref: " + a.localPref(0) + "}");
        }
        if (a.communities().length > 0) {
            List<String> cs = new ArrayList<>();
            for (int c : a.communities()) {
                cs.add((c >>> 16) + ":" + (c & 0xFFFF));
            }
            out.add("{Communities: " + String.join(", ", cs) + "}");
        }
        int[] l = a.largeCommunities();
        if (l.length > 0) {
            List<String> ls = new ArrayList<>();
            for (int i = 0; i + 2 < l.length; i += 3) {
                ls.add("[" + Integer.toUnsignedString(l[i]) + ":" + Integer.toUnsignedString(l[i + 1]) + ":"
                        + Integer.toUnsignedString(l[i + 2]) + "]");
            }
            out.add("{LargeCommunity: " + String.join(", ", ls) + "}");
        }
        if (r.route().isStale()) {
            out.add("{Stale}");
        }
        return "[" + String.join(" ", out) + "]";
    }
}

package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders the agent's view — local settings, neighbours, advertised routes, problems, counters — as
 * the JSON of {@code /status}, the gobgp-shaped text that {@code kube-advertiser status} prints, and
 * the Prometheus text of {@code /metrics}. Written by hand: three small formats do not need a library.
 * Stateless.
 */
final class StatusReport {

    private StatusReport() {
    }

    static String json(String node, Optional<LocalSettings> local, BgpStatus bgp, List<Problem> problems, boolean ready) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"node\":").append(str(node)).append(",\"ready\":").append(ready);
        if (local.isPresent()) {
            LocalSettings l = local.get();
            b.append(",\"local\":{\"asn\":").append(l.localAsn()).append(",\"routerId\":")
                    .append(str(IpAddresses.text(l.routerId()))).append(",\"port\":").append(l.listenPort())
                    .append(",\"addresses\":[")
                    .append(l.listenAddresses().stream().map(a -> str(IpAddresses.text(a))).collect(Collectors.joining(",")))
                    .append("]}");
        }
        b.append(",\"neighbors\":[");
        List<String> ns = new ArrayList<>();
        for (NeighborStatus n : bgp.neighbors()) {
            ns.add("{\"address\":" + str(IpAddresses.text(n.address())) + ",\"asn\":" + n.remoteAsn() + ",\"state\":"
                    + str(n.state()) + ",\"up\":" + n.up() + ",\"sinceSeconds\":" + n.sinceLastChange().toSeconds() + "}");
        }
        b.append(String.join(",", ns)).append("],\"routes\":[");
        List<String> rs = new ArrayList<>();
        for (AdvertisedRoute r : sorted(bgp.advertised())) {
            String prepend = r.prepend().map(p -> "{\"asn\":" + p.asn() + ",\"count\":" + p.count() + "}").orElse("null");
            rs.add("{\"prefix\":" + str(r.prefix().toString()) + ",\"nextHop\":" + str(IpAddresses.text(r.nextHop()))
                    + ",\"ageSeconds\":" + bgp.age(r.prefix()).toSeconds()
                    + ",\"communities\":[" + r.communities().stream().map(c -> str(c.toString())).collect(Collectors.joining(","))
                    + "],\"prepend\":" + prepend + "}");
        }
        b.append(String.join(",", rs)).append("],\"problems\":[")
                .append(problems.stream().map(p -> str(p.message())).collect(Collectors.joining(",")))
                .append("]");
        bgp.updatesSent().ifPresent(v -> b.append(",\"updatesSent\":").append(v));
        bgp.updatesReceived().ifPresent(v -> b.append(",\"updatesReceived\":").append(v));
        return b.append("}").toString();
    }

    /** The gobgp shape (server configuration, neighbours, routes) that {@code kube-advertiser status} prints. */
    static String text(Optional<LocalSettings> local, BgpStatus bgp) {
        StringBuilder b = new StringBuilder(512);
        b.append("--- BGP Server Configuration ---\n");
        if (local.isPresent()) {
            LocalSettings l = local.get();
            b.append("AS:        ").append(l.localAsn()).append('\n');
            b.append("Router-ID: ").append(IpAddresses.text(l.routerId())).append('\n');
            b.append("Listening Port: ").append(l.listenPort()).append(", Addresses: ")
                    .append(l.listenAddresses().stream().map(IpAddresses::text).collect(Collectors.joining(", ")))
                    .append('\n');
        } else {
            b.append("(not configured yet)\n");
        }
        b.append("--- BGP Neighbors ---\n");
        b.append(String.format(Locale.ROOT, "%-39s %10s %8s %-11s%n", "Peer", "AS", "Up/Down", "State"));
        for (NeighborStatus n : bgp.neighbors()) {
            b.append(String.format(Locale.ROOT, "%-39s %10d %8s %-11s%n", IpAddresses.text(n.address()), n.remoteAsn(),
                    hms(n.sinceLastChange().toSeconds()), n.state()));
        }
        b.append("--- BGP Route Info ---\n");
        b.append(String.format(Locale.ROOT, "   %-30s %-39s %-20s %s%n", "Network", "Next Hop", "AS_PATH", "Age"));
        for (AdvertisedRoute r : sorted(bgp.advertised())) {
            String path = r.prepend().map(p -> String.join(" ", java.util.Collections.nCopies(p.count(), Long.toString(p.asn()))))
                    .orElse("");
            b.append(String.format(Locale.ROOT, "*> %-30s %-39s %-20s %s%n", r.prefix(), IpAddresses.text(r.nextHop()), path,
                    hms(bgp.age(r.prefix()).toSeconds())));
        }
        return b.toString();
    }

    static String metrics(BgpStatus bgp, ReconcileStats stats, int problems) {
        StringBuilder b = new StringBuilder(1024);
        gauge(b, "kube_advertiser_bgp_sessions_up", "BGP sessions in state Established.", bgp.sessionsUp());
        gauge(b, "kube_advertiser_bgp_neighbors", "BGP neighbours configured.", bgp.neighbors().size());
        long v4 = bgp.advertised().stream().filter(r -> r.prefix() instanceof Ipv4Prefix).count();
        b.append("# HELP kube_advertiser_prefixes_advertised Prefixes this node advertises.\n")
                .append("# TYPE kube_advertiser_prefixes_advertised gauge\n")
                .append("kube_advertiser_prefixes_advertised{family=\"ipv4\"} ").append(v4).append('\n')
                .append("kube_advertiser_prefixes_advertised{family=\"ipv6\"} ").append(bgp.advertised().size() - v4).append('\n');
        bgp.updatesSent().ifPresent(v -> counter(b, "kube_advertiser_bgp_updates_sent_total", "BGP UPDATE messages sent.", v));
        bgp.updatesReceived().ifPresent(v ->
                counter(b, "kube_advertiser_bgp_updates_received_total", "BGP UPDATE messages received.", v));
        b.append("# HELP kube_advertiser_reconcile_duration_seconds Time to compute and apply the desired state.\n")
                .append("# TYPE kube_advertiser_reconcile_duration_seconds summary\n")
                .append("kube_advertiser_reconcile_duration_seconds_sum ").append(stats.totalSeconds()).append('\n')
                .append("kube_advertiser_reconcile_duration_seconds_count ").append(stats.runs()).append('\n');
        gauge(b, "kube_advertiser_reconcile_last_duration_seconds", "Duration of the last reconcile.", stats.lastSeconds());
        counter(b, "kube_advertiser_reconcile_failures_total", "Reconciles in which applying to the speaker failed.",
                stats.failures());
        counter(b, "kube_advertiser_route_advertisements_total", "Routes handed to the speaker to advertise.",
                stats.advertisements());
        counter(b, "kube_advertiser_route_withdrawals_total", "Prefixes handed to the speaker to withdraw.",
                stats.withdrawals());
        gauge(b, "kube_advertiser_problems", "Objects or annotations skipped because of a problem.", problems);
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(num(v)).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(num(v)).append('\n');
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static List<AdvertisedRoute> sorted(List<AdvertisedRoute> routes) {
        List<AdvertisedRoute> l = new ArrayList<>(routes);
        l.sort((a, c) -> Advertiser.comparePrefixes(a.prefix(), c.prefix()));
        return l;
    }

    private static String hms(long s) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

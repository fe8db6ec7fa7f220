package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The agent's heart, a pure function: cluster state, this node's name and the agent's settings in;
 * the desired local settings, neighbours and routes out, with every problem met. No I/O, no clock, no
 * threads — the informers, the file watcher, the speaker and the status server are edges around it.
 *
 * <p>The rules are kube-router's "advertise routes only" mode, with its known sharp edges fixed:
 * <ul>
 *   <li>Pod CIDRs: {@code spec.podCIDRs} (else {@code spec.podCIDR}) of this node, as they are, when
 *       {@code --advertise-pod-cidr}.</li>
 *   <li>Service IPs as /32 or /128 host routes: cluster IPs, external IPs and LoadBalancer ingress IPs,
 *       each switched by its {@code --advertise-*} flag and overridden per service by
 *       {@code kube-router.io/service.advertise.*}. Headless and ExternalName services have none.</li>
 *   <li>Traffic policy Local ({@code externalTrafficPolicy} for external and LoadBalancer IPs,
 *       {@code internalTrafficPolicy} for cluster IPs, or {@code kube-router.io/service.local=true} for
 *       all): advertised only while this node has an endpoint that is ready, or terminating but still
 *       serving. Otherwise every node advertises (ECMP anycast).</li>
 *   <li>Next hop: this node's InternalIP of the route's family.</li>
 *   <li>An IP used by several services is one route, present while any of them advertises it.</li>
 *   <li>A broken service or annotation is reported and skipped; it never hides the others.</li>
 * </ul>
 */
public final class Advertiser {

    private static final String BOOL_FORM = "true or false";

    private Advertiser() {
    }

    /** Computes what the node {@code nodeName} should advertise. */
    public static DesiredState compute(ClusterState cluster, String nodeName, AgentConfig config) {
        List<Problem> problems = new ArrayList<>();
        Optional<NodeInfo> maybeNode = cluster.node(nodeName);
        if (maybeNode.isEmpty()) {
            problems.add(new Problem("node " + nodeName, "metadata.name",
                    "not found in the cluster state; nothing is advertised until it appears"));
            return new DesiredState(Optional.empty(), Set.of(), Map.of(), problems);
        }
        NodeInfo node = maybeNode.get();
        String subject = "node " + node.name();

        Optional<Inet4Address> v4 = Optional.empty();
        Optional<Inet6Address> v6 = Optional.empty();
        List<InetAddress> listen = new ArrayList<>();
        for (String ip : node.internalIps()) {
            InetAddress a;
            try {
                a = IpAddresses.parse(ip);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.badValue(subject, "status.addresses[InternalIP]", ip, IpAddresses.EXPECTED));
                continue;
            }
            if (a instanceof Inet4Address a4 && v4.isEmpty()) {
                v4 = Optional.of(a4);
                listen.add(a4);
            } else if (a instanceof Inet6Address a6 && v6.isEmpty()) {
                v6 = Optional.of(a6);
                listen.add(a6);
            }
        }
        if (listen.isEmpty()) {
            problems.add(new Problem(subject, "status.addresses",
                    "has no InternalIP; nothing is advertised without a next hop"));
        }

        NodeSettings settings = NodeSettings.parse(node, config, problems);
        long asn = settings.asn().orElse(config.clusterAsn());
        Optional<Inet4Address> routerId = routerId(config, v4, v6, subject, problems);
        Optional<LocalSettings> local = routerId.map(id -> new LocalSettings(asn, id, config.bgpPort(), listen));

        Set<PeerSpec> peers = new LinkedHashSet<>(config.globalPeers().isEmpty() ? settings.peers() : config.globalPeers());

        Routes routes = new Routes(v4, v6, settings.communities(), settings.prepend(), subject, problems);
        if (config.advertisePodCidr()) {
            for (String cidr : node.podCidrs()) {
                try {
                    routes.add(Prefix.parse(cidr.trim()), subject, "spec.podCIDRs");
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.badValue(subject, "spec.podCIDRs", cidr, "a CIDR such as 10.244.1.0/24 or fd00:10:244:1::/64"));
                }
            }
        }
        for (ServiceInfo svc : cluster.services()) {
            serviceRoutes(svc, cluster, node.name(), config, routes, problems);
        }
        return new DesiredState(local, peers, routes.byPrefix, problems);
    }

    private static Optional<Inet4Address> routerId(AgentConfig config, Optional<Inet4Address> v4,
                                                   Optional<Inet6Address> v6, String subject, List<Problem> problems) {
        Optional<String> flag = config.routerId();
        if (flag.isPresent() && !flag.get().equals(AgentConfig.GENERATE)) {
            return Optional.of(IpAddresses.parseV4(flag.get()));
        }
        if (flag.isEmpty() && v4.isPresent()) {
            return v4;
        }
        Optional<InetAddress> basis = v4.<InetAddress>map(a -> a).or(() -> v6.map(a -> a));
        if (basis.isEmpty()) {
            problems.add(new Problem(subject, "--router-id",
                    "cannot be derived: the node has no InternalIP; give --router-id=a.b.c.d"));
            return Optional.empty();
        }
        if (flag.isEmpty()) {
            problems.add(new Problem(subject, "--router-id",
                    "the node has no IPv4 InternalIP to use as BGP Identifier; expected --router-id=a.b.c.d or --router-id=generate"));
            return Optional.empty();
        }
        return Optional.of(generateRouterId(basis.get()));
    }

    /**
     * A BGP Identifier hashed from an address (FNV-1a, 32 bits) for nodes with no IPv4 address. RFC 6286
     * only asks that it be a non-zero 32-bit value unique within the AS; the hash of a unique node address
     * is unique with high probability and stable across restarts.
     */
    static Inet4Address generateRouterId(InetAddress basis) {
        int h = 0x811C9DC5;
        for (byte b : basis.getHostAddress().getBytes(StandardCharsets.US_ASCII)) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        if (h == 0) {
            h = 1;
        }
        return IpAddresses.parseV4(((h >>> 24) & 0xFF) + "." + ((h >>> 16) & 0xFF) + "." + ((h >>> 8) & 0xFF) + "." + (h & 0xFF));
    }

    private static void serviceRoutes(ServiceInfo svc, ClusterState cluster, String nodeName, AgentConfig config,
                                      Routes routes, List<Problem> problems) {
        String subject = "service " + svc.key();
        if ("ExternalName".equals(svc.type())) {
            return;
        }
        if (svc.clusterIps().stream().anyMatch(ip -> ip.equalsIgnoreCase("None"))) {
            return; // headless: no virtual IP to advertise
        }
        Map<String, String> a = svc.annotations();
        Tri clusterFlag = bool(a, Annotations.SERVICE_ADVERTISE_CLUSTER_IP, subject, problems);
        Tri externalFlag = bool(a, Annotations.SERVICE_ADVERTISE_EXTERNAL_IP, subject, problems);
        Tri lbFlag = bool(a, Annotations.SERVICE_ADVERTISE_LOADBALANCER_IP, subject, problems);
        Tri localFlag = bool(a, Annotations.SERVICE_LOCAL, subject, problems);
        if (clusterFlag == Tri.BAD || externalFlag == Tri.BAD || lbFlag == Tri.BAD || localFlag == Tri.BAD) {
            return; // a bad annotation: the operator's intent is unknown, so this service is skipped
        }
        boolean forceLocal = localFlag.or(false);
        boolean internalLocal = forceLocal || "Local".equals(svc.internalTrafficPolicy());
        boolean externalLocal = forceLocal || "Local".equals(svc.externalTrafficPolicy());

        boolean doCluster = clusterFlag.or(config.advertiseClusterIp()) && !svc.clusterIps().isEmpty();
        boolean doExternal = externalFlag.or(config.advertiseExternalIp()) && !svc.externalIps().isEmpty();
        boolean doLb = lbFlag.or(config.advertiseLoadBalancerIp()) && !svc.loadBalancerIps().isEmpty();

        Optional<Boolean> hasLocal = Optional.empty();
        if ((doCluster && internalLocal) || ((doExternal || doLb) && externalLocal)) {
            hasLocal = localEndpoint(svc, cluster, nodeName, subject, problems);
        }
        if (doCluster && (!internalLocal || hasLocal.orElse(false))) {
            addIps(svc.clusterIps(), "spec.clusterIPs", subject, routes, problems);
        }
        boolean externalOk = !externalLocal || hasLocal.orElse(false);
        if (doExternal && externalOk) {
            addIps(svc.externalIps(), "spec.externalIPs", subject, routes, problems);
        }
        if (doLb && externalOk) {
            addIps(svc.loadBalancerIps(), "status.loadBalancer.ingress", subject, routes, problems);
        }
    }

    /** Whether the node has a usable endpoint of the service; empty (and a problem) when it has no slice at all. */
    private static Optional<Boolean> localEndpoint(ServiceInfo svc, ClusterState cluster, String nodeName,
                                                   String subject, List<Problem> problems) {
        boolean anySlice = false;
        for (EndpointSliceInfo slice : cluster.endpointSlices()) {
            if (!slice.namespace().equals(svc.namespace()) || !slice.serviceName().equals(svc.name())) {
                continue;
            }
            anySlice = true;
            for (EndpointSliceInfo.Endpoint e : slice.endpoints()) {
                if (e.usable() && e.nodeName().filter(nodeName::equals).isPresent()) {
                    return Optional.of(true);
                }
            }
        }
        if (!anySlice) {
            problems.add(new Problem(subject, "EndpointSlice", "none found for a service with traffic policy Local; "
                    + "its Local-policy IPs are not advertised until one appears"));
            return Optional.empty();
        }
        return Optional.of(false);
    }

    private static void addIps(List<String> ips, String field, String subject, Routes routes, List<Problem> problems) {
        for (String ip : ips) {
            if (ip.isBlank()) {
                continue;
            }
            InetAddress a;
            try {
                a = IpAddresses.parse(ip);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.badValue(subject, field, ip, IpAddresses.EXPECTED));
                continue;
            }
            routes.add(IpAddresses.hostRoute(a), subject, field);
        }
    }

    /** A true/false annotation: absent, one of the two, or malformed. */
    private enum Tri {
        ABSENT, TRUE, FALSE, BAD;

        boolean or(boolean fallback) {
            return this == ABSENT ? fallback : this == TRUE;
        }
    }

    private static Tri bool(Map<String, String> a, String key, String subject, List<Problem> problems) {
        String v = a.get(key);
        if (v == null) {
            return Tri.ABSENT;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) {
            return Tri.TRUE;
        }
        if (t.equals("false")) {
            return Tri.FALSE;
        }
        problems.add(Problem.badValue(subject, key, v, BOOL_FORM + "; the service is skipped"));
        return Tri.BAD;
    }

    /** The routes being collected, one per prefix, with this node's next hops and export attributes. */
    private static final class Routes {
        final Map<Prefix, AdvertisedRoute> byPrefix = new TreeMap<>(Advertiser::comparePrefixes);
        final Optional<Inet4Address> v4;
        final Optional<Inet6Address> v6;
        final SortedSet<Community> communities;
        final Optional<Prepend> prepend;
        final String nodeSubject;
        final List<Problem> problems;

        Routes(Optional<Inet4Address> v4, Optional<Inet6Address> v6, SortedSet<Community> communities,
               Optional<Prepend> prepend, String nodeSubject, List<Problem> problems) {
            this.v4 = v4;
            this.v6 = v6;
            this.communities = communities;
            this.prepend = prepend;
            this.nodeSubject = nodeSubject;
            this.problems = problems;
        }

        void add(Prefix p, String subject, String field) {
            boolean isV4 = p instanceof dev.jbgp.wire.nlri.Ipv4Prefix;
            Optional<? extends InetAddress> nh = isV4 ? v4 : v6;
            if (nh.isEmpty()) {
                String family = isV4 ? "IPv4" : "IPv6";
                problems.add(new Problem(subject, field, p + " not advertised: " + nodeSubject + " has no "
                        + family + " InternalIP to use as next hop"));
                return;
            }
            byPrefix.putIfAbsent(p, new AdvertisedRoute(p, nh.get(), communities, prepend));
        }
    }

    /** IPv4 before IPv6, then by address and length: a stable order for logs and status. */
    static int comparePrefixes(Prefix a, Prefix b) {
        if (a instanceof dev.jbgp.wire.nlri.Ipv4Prefix x && b instanceof dev.jbgp.wire.nlri.Ipv4Prefix y) {
            return x.compareTo(y);
        }
        if (a instanceof dev.jbgp.wire.nlri.Ipv6Prefix x && b instanceof dev.jbgp.wire.nlri.Ipv6Prefix y) {
            return x.compareTo(y);
        }
        return a instanceof dev.jbgp.wire.nlri.Ipv4Prefix ? -1 : 1;
    }
}

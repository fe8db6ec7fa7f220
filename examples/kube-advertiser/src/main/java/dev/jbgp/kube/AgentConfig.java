package dev.jbgp.kube;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's settings from its command line (kube-router's flags), already validated by {@link Main}.
 * Immutable value; node annotations refine it per node in the {@link Advertiser}.
 *
 * @param clusterAsn {@code --cluster-asn}: the local AS unless the node's {@code kube-router.io/node.asn} says otherwise
 * @param globalPeers {@code --peer-router-*}: when not empty, every node peers with these and node peer
 *     annotations are ignored
 * @param routerId {@code --router-id}: an IPv4 address, or {@code generate}; empty means "the node's IPv4 address"
 * @param bgpPort {@code --bgp-port}: where the agent listens
 * @param holdTime {@code --bgp-holdtime}, for peers from annotations (global peers carry their own)
 * @param gracefulRestart {@code --bgp-graceful-restart*}, for peers from annotations
 * @param advertisePodCidr {@code --advertise-pod-cidr}
 * @param advertiseClusterIp {@code --advertise-cluster-ip}
 * @param advertiseExternalIp {@code --advertise-external-ip}
 * @param advertiseLoadBalancerIp {@code --advertise-loadbalancer-ip}
 */
public record AgentConfig(long clusterAsn, List<PeerSpec> globalPeers, Optional<String> routerId, int bgpPort,
                          Duration holdTime, GracefulRestart gracefulRestart, boolean advertisePodCidr,
                          boolean advertiseClusterIp, boolean advertiseExternalIp, boolean advertiseLoadBalancerIp) {

    /** kube-router's default cluster AS. */
    public static final long DEFAULT_CLUSTER_ASN = 64512;

    /** The {@code --router-id} value that asks for an id hashed from the node's address. */
    public static final String GENERATE = "generate";

    public AgentConfig {
        globalPeers = List.copyOf(globalPeers);
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(gracefulRestart, "gracefulRestart");
    }

    /** kube-router's defaults: AS 64512, no peers, port 179, hold 90 s, only pod CIDRs advertised. */
    public static AgentConfig defaults() {
        return new AgentConfig(DEFAULT_CLUSTER_ASN, List.of(), Optional.empty(), 179, Duration.ofSeconds(90),
                GracefulRestart.DEFAULT, true, false, false, false);
    }

    /** A copy with other global peers. */
    public AgentConfig withGlobalPeers(List<PeerSpec> peers) {
        return new AgentConfig(clusterAsn, peers, routerId, bgpPort, holdTime, gracefulRestart, advertisePodCidr,
                advertiseClusterIp, advertiseExternalIp, advertiseLoadBalancerIp);
    }

    /** A copy with other advertise switches. */
    public AgentConfig withAdvertise(boolean podCidr, boolean clusterIp, boolean externalIp, boolean loadBalancerIp) {
        return new AgentConfig(clusterAsn, globalPeers, routerId, bgpPort, holdTime, gracefulRestart, podCidr,
                clusterIp, externalIp, loadBalancerIp);
    }

    /** A copy with another {@code --router-id}. */
    public AgentConfig withRouterId(Optional<String> id) {
        return new AgentConfig(clusterAsn, globalPeers, id, bgpPort, holdTime, gracefulRestart, advertisePodCidr,
                advertiseClusterIp, advertiseExternalIp, advertiseLoadBalancerIp);
    }
}

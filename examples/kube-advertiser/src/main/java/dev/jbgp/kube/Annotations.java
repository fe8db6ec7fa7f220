package dev.jbgp.kube;

/**
 * The annotation keys the agent reads, with kube-router's spelling so an operator's existing
 * annotations keep working. Constants only.
 */
public final class Annotations {

    /** Service: advertise the cluster IPs ({@code true}/{@code false}), overriding {@code --advertise-cluster-ip}. */
    public static final String SERVICE_ADVERTISE_CLUSTER_IP = "kube-router.io/service.advertise.clusterip";
    /** Service: advertise the external IPs, overriding {@code --advertise-external-ip}. */
    public static final String SERVICE_ADVERTISE_EXTERNAL_IP = "kube-router.io/service.advertise.externalip";
    /** Service: advertise the LoadBalancer ingress IPs, overriding {@code --advertise-loadbalancer-ip}. */
    public static final String SERVICE_ADVERTISE_LOADBALANCER_IP = "kube-router.io/service.advertise.loadbalancerip";
    /** Service: {@code true} treats every IP of the service as traffic policy Local. */
    public static final String SERVICE_LOCAL = "kube-router.io/service.local";

    /** Node: this node's AS instead of {@code --cluster-asn}. */
    public static final String NODE_ASN = "kube-router.io/node.asn";
    /** Node: the AS to prepend on export. */
    public static final String PATH_PREPEND_AS = "kube-router.io/path-prepend.as";
    /** Node: how many times to prepend it. */
    public static final String PATH_PREPEND_REPEAT_N = "kube-router.io/path-prepend.repeat-n";
    /** Node: comma-separated peer addresses (used when no global peers are given). */
    public static final String PEER_IPS = "kube-router.io/peer.ips";
    /** Node: comma-separated peer ASNs, one per peer address. */
    public static final String PEER_ASNS = "kube-router.io/peer.asns";
    /** Node: comma-separated base64 MD5 passwords, one per peer address (may be empty entries). */
    public static final String PEER_PASSWORDS = "kube-router.io/peer.passwords";
    /** Node: comma-separated peer ports, one per peer address. */
    public static final String PEER_PORTS = "kube-router.io/peer.ports";
    /** Node: the YAML form, a list of {@code {remoteip, remoteasn, password, port}}. */
    public static final String PEERS = "kube-router.io/peers";
    /** Node: communities added on export, comma-separated. */
    public static final String NODE_COMMUNITIES = "kube-router.io/node.bgp.communities";

    private Annotations() {
    }
}

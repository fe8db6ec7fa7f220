package dev.jbgp.kube;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The speaker's own identity and listener: local AS (the node's {@code kube-router.io/node.asn} or
 * {@code --cluster-asn}), BGP Identifier (RFC 4271 §4.2, {@code --router-id}), and where to listen
 * ({@code --bgp-port} on the node's InternalIP addresses: on Linux a wildcard listener and a specific one
 * cannot share port 179, so the agent binds to the node's own addresses and sources connections from them).
 * Immutable value.
 *
 * @param localAsn this node's AS (1 to 4294967295)
 * @param routerId the BGP Identifier
 * @param listenPort the TCP port to listen on
 * @param listenAddresses the node addresses to bind to and to source connections from
 */
public record LocalSettings(long localAsn, Inet4Address routerId, int listenPort, List<InetAddress> listenAddresses) {

    public LocalSettings {
        Objects.requireNonNull(routerId, "routerId");
        listenAddresses = List.copyOf(listenAddresses);
        if (localAsn < 1 || localAsn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS out of range: " + localAsn);
        }
    }

    /** A copy listening on (and sourcing from) {@code addresses} instead. */
    public LocalSettings withListenAddresses(List<InetAddress> addresses) {
        return new LocalSettings(localAsn, routerId, listenPort, addresses);
    }
}

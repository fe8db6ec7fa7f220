package dev.jbgp.rib;

import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Everything that shapes what a peer is sent. Peers with equal keys get identical Adj-RIB-Outs and so
 * share one (an update group). Policies compare by identity.
 */
record ExportKey(boolean internal, boolean routeReflectorClient, long peerAs, NextHopMode nextHopMode,
                 Optional<InetAddress> localAddress, Optional<Prefix> sharedSubnet, Optional<Policy> exportPolicy) {

    static ExportKey of(PeerId peer, PeerSettings s) {
        return new ExportKey(peer.isInternal(), peer.isRouteReflectorClient(), peer.asn(), s.nextHopMode(),
                s.localAddress(), s.sharedSubnet(), s.exportPolicy());
    }
}

package dev.jbgp.rib;

import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that shapes what a peer is sent. Peers with equal keys get identical Adj-RIB-Outs and so
 * share one (an update group). Policies compare by identity.
 *
 * <p>ADD-PATH (RFC 7911): the families with path identifiers and the path selection are part of the
 * key, so peers that get path identifiers never share a group with peers that don't. An internal peer
 * sent several paths gets a group of its own ({@code only}): it may be a route-reflector client, and
 * its own paths must not be reflected back to it, which a shared group could not tell apart.
 */
record ExportKey(boolean internal, boolean routeReflectorClient, long peerAs, NextHopMode nextHopMode,
                 Optional<InetAddress> localAddress, Optional<Prefix> sharedSubnet, Optional<Policy> exportPolicy,
                 AddPathSend addPathSend, Set<AddressFamily> addPathFamilies, Optional<PeerId> only) {

    static ExportKey of(PeerId peer, PeerSettings s) {
        boolean multi = s.sendsMultiplePaths();
        return new ExportKey(peer.isInternal(), peer.isRouteReflectorClient(), peer.asn(), s.nextHopMode(),
                s.localAddress(), s.sharedSubnet(), s.exportPolicy(),
                multi ? s.addPathSend() : AddPathSend.bestOnly(), s.addPathFamilies(),
                multi && peer.isInternal() ? Optional.of(peer) : Optional.empty());
    }

    /** True when this group is sent more than the best path in its {@link #addPathFamilies()}. */
    boolean multiPath() {
        return addPathSend.isMultiPath() && !addPathFamilies.isEmpty();
    }
}

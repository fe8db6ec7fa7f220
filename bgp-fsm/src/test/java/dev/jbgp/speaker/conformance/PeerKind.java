package dev.jbgp.speaker.conformance;

import dev.jbgp.testkit.peer.RawMessages;

import java.net.InetAddress;

/**
 * The kinds of hostile peer the suite drives, each with the OPEN it sends: the session context a case
 * needs (RFC 6793 4-octet AS or not, internal or external, the families of RFC 4760).
 */
enum PeerKind {
    /** External, AS 65001, 4-octet AS, IPv4 and IPv6 unicast: FRR's "ebgp" (and "ebgp-oad") peer. */
    EBGP(65001, true, false),
    /** Internal, AS 65000 like the speaker, 4-octet AS, IPv4 and IPv6 unicast: FRR's "ibgp" peer. */
    IBGP(65000, true, false),
    /** External, AS 65001, an OLD speaker (no 4-octet AS capability, RFC 6793 §4.2): AS4_PATH cases. */
    EBGP_TWO_OCTET(65001, false, false),
    /**
     * As {@link #EBGP}, with ADD-PATH (RFC 7911) negotiated both ways for IPv4 unicast: every NLRI
     * entry starts with a 4-octet Path Identifier.
     */
    EBGP_ADD_PATH(65001, true, true);

    final long peerAs;
    final boolean fourOctet;
    final boolean addPath;

    PeerKind(long peerAs, boolean fourOctet, boolean addPath) {
        this.peerAs = peerAs;
        this.fourOctet = fourOctet;
        this.addPath = addPath;
    }

    boolean internal() {
        return peerAs == ConformanceHarness.LOCAL_AS;
    }

    /** The OPEN this kind of peer sends (Hold Time 0: no KEEPALIVEs needed). */
    byte[] open(InetAddress id) {
        if (addPath) {
            return RawMessages.open(peerAs, 0, id.getHostAddress(), RawMessages.multiprotocol(1, 1),
                    RawMessages.multiprotocol(2, 1), RawMessages.fourOctetAs(peerAs), RawMessages.addPath(1, 1, 3));
        }
        if (fourOctet) {
            return ConformanceHarness.openFor(peerAs, id, true);
        }
        return RawMessages.open(peerAs, 0, id.getHostAddress(), RawMessages.multiprotocol(1, 1),
                RawMessages.multiprotocol(2, 1));
    }

    /** The FRR vector files' name for the peer type. */
    static PeerKind ofFrr(String peer) {
        return peer.equals("ibgp") ? IBGP : EBGP;
    }
}

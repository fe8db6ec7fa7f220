package dev.jbgp.fsm;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.OpenMessage;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything two speakers agreed on in their OPEN exchange: hold and keepalive times, AS numbers and
 * identifiers, and the capabilities both sides announced. Immutable; built once when a connection
 * reaches OpenConfirm and valid for the life of that connection. {@link #codecContext()} gives the
 * wire codecs what they need from it.
 *
 * @param localOpen            the OPEN we sent
 * @param peerOpen             the OPEN the peer sent
 * @param localAs              our AS
 * @param peerAs               the peer's AS (from its 4-octet AS capability when present)
 * @param holdTimeSeconds      the negotiated hold time: 0 (no keepalives, no hold timer) or at least 3
 * @param keepaliveSeconds     the keepalive interval: 0 when the hold time is 0
 * @param fourOctetAs          both sides announced the 4-octet AS capability (RFC 6793)
 * @param families             the AFI/SAFIs both sides announced (RFC 4760)
 * @param addPathReceive       families in which we receive path identifiers (RFC 7911)
 * @param addPathSend          families in which we send path identifiers
 * @param extendedMessage      both sides announced extended messages (RFC 8654)
 * @param routeRefresh         both sides announced route refresh (RFC 2918)
 * @param enhancedRouteRefresh both sides announced enhanced route refresh (RFC 7313)
 * @param peerGracefulRestart  the peer's graceful restart capability (restart time, R and N bits,
 *                             per-family forwarding bits) reduced to the negotiated families, when
 *                             both sides announced one (RFC 4724, RFC 8538)
 */
public record NegotiatedSession(OpenMessage localOpen, OpenMessage peerOpen, long localAs, long peerAs,
                                int holdTimeSeconds, int keepaliveSeconds, boolean fourOctetAs,
                                Set<AddressFamily> families, Set<AddressFamily> addPathReceive,
                                Set<AddressFamily> addPathSend, boolean extendedMessage, boolean routeRefresh,
                                boolean enhancedRouteRefresh, Optional<GracefulRestart> peerGracefulRestart) {

    public NegotiatedSession {
        Objects.requireNonNull(localOpen, "localOpen");
        Objects.requireNonNull(peerOpen, "peerOpen");
        families = Set.copyOf(families);
        addPathReceive = Set.copyOf(addPathReceive);
        addPathSend = Set.copyOf(addPathSend);
        Objects.requireNonNull(peerGracefulRestart, "peerGracefulRestart");
    }

    /** Whether the peer is in our AS (iBGP). */
    public boolean internal() {
        return localAs == peerAs;
    }

    /** Our BGP identifier. */
    public int localIdentifier() {
        return localOpen.bgpIdentifier();
    }

    /** The peer's BGP identifier. */
    public int peerIdentifier() {
        return peerOpen.bgpIdentifier();
    }

    /** The largest message either side may send: 65535 with extended messages, else 4096. */
    public int maxMessageLength() {
        return extendedMessage ? CodecContext.EXTENDED_MAX_LENGTH : CodecContext.STANDARD_MAX_LENGTH;
    }

    /** The facts the wire codecs of this session need. */
    public CodecContext codecContext() {
        return new CodecContext(fourOctetAs, maxMessageLength(), internal(), addPathReceive, addPathSend);
    }
}

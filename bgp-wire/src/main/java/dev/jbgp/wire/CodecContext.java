package dev.jbgp.wire;

import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Safi;

import java.util.Objects;
import java.util.Set;

/**
 * What a session negotiated that changes how bytes parse: 4-octet AS numbers (RFC 6793), the maximum
 * message length (4096, or 65535 with RFC 8654 extended messages), whether the peer is internal
 * (RFC 7606 treats some attributes differently on iBGP and eBGP) and the families for which ADD-PATH
 * path identifiers are received and sent (RFC 7911). Immutable; one instance per session, built by
 * the FSM from the OPEN exchange and passed to every decoder and encoder of that session.
 *
 * @param fourOctetAs      both sides announced the 4-octet AS capability
 * @param maxMessageLength 4096, or 65535 once extended messages were negotiated
 * @param internalPeer     the peer is in our AS (iBGP)
 * @param addPathReceive   families in which each received NLRI carries a path identifier
 * @param addPathSend      families in which each sent NLRI carries a path identifier
 */
public record CodecContext(boolean fourOctetAs, int maxMessageLength, boolean internalPeer,
                           Set<AddressFamily> addPathReceive, Set<AddressFamily> addPathSend) {

    /** The RFC 4271 maximum message length. */
    public static final int STANDARD_MAX_LENGTH = 4096;
    /** The RFC 8654 extended maximum message length. */
    public static final int EXTENDED_MAX_LENGTH = 65535;

    /** Plain RFC 4271: 2-octet AS, 4096 bytes, eBGP, no ADD-PATH. */
    public static final CodecContext RFC4271 = new CodecContext(false, STANDARD_MAX_LENGTH, false, Set.of(), Set.of());
    /** What almost every modern session negotiates: 4-octet AS, 4096 bytes, eBGP, no ADD-PATH. */
    public static final CodecContext MODERN = new CodecContext(true, STANDARD_MAX_LENGTH, false, Set.of(), Set.of());

    public CodecContext {
        if (maxMessageLength != STANDARD_MAX_LENGTH && maxMessageLength != EXTENDED_MAX_LENGTH) {
            throw new IllegalArgumentException("maxMessageLength must be 4096 or 65535, got " + maxMessageLength);
        }
        addPathReceive = Set.copyOf(Objects.requireNonNull(addPathReceive, "addPathReceive"));
        addPathSend = Set.copyOf(Objects.requireNonNull(addPathSend, "addPathSend"));
    }

    /** Whether NLRI received in this family carry a 4-octet path identifier before each prefix. */
    public boolean receivesPathIds(int afi, int safi) {
        if (addPathReceive.isEmpty()) {
            return false;
        }
        return addPathReceive.contains(AddressFamily.of(afi, safi));
    }

    /** Whether NLRI we send in this family carry a path identifier. */
    public boolean sendsPathIds(int afi, int safi) {
        if (addPathSend.isEmpty()) {
            return false;
        }
        return addPathSend.contains(AddressFamily.of(afi, safi));
    }

    /** Whether IPv4 unicast NLRI in the UPDATE body (not in MP_REACH) carry path identifiers when received. */
    public boolean receivesIpv4PathIds() {
        return receivesPathIds(Afi.IPV4, Safi.UNICAST);
    }

    /** A copy with 4-octet AS set as given. */
    public CodecContext withFourOctetAs(boolean value) {
        return new CodecContext(value, maxMessageLength, internalPeer, addPathReceive, addPathSend);
    }

    /** A copy with the given maximum message length. */
    public CodecContext withMaxMessageLength(int value) {
        return new CodecContext(fourOctetAs, value, internalPeer, addPathReceive, addPathSend);
    }

    /** A copy for an internal (iBGP) or external peer. */
    public CodecContext withInternalPeer(boolean value) {
        return new CodecContext(fourOctetAs, maxMessageLength, value, addPathReceive, addPathSend);
    }

    /** A copy with the given ADD-PATH families. */
    public CodecContext withAddPath(Set<AddressFamily> receive, Set<AddressFamily> send) {
        return new CodecContext(fourOctetAs, maxMessageLength, internalPeer, receive, send);
    }
}

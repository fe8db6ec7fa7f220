package dev.jbgp.wire.mrt;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One peer of a TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1). RIB entries name their peer by
 * {@link #index()}. An immutable value; it holds no {@code ByteBuf}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Peer Type   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Peer BGP ID                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Peer IP Address (variable)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Peer AS (variable)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param index    position in the peer table, 0-based
 * @param peerType the Peer Type octet: bit 0 (0x01) IPv6 address, bit 1 (0x02) 4-octet AS
 * @param bgpId    the peer's BGP Identifier (network order in an {@code int})
 * @param address  the peer's address; an IPv6 address stays an {@code Inet6Address} even when it is
 *                 IPv4-mapped, as it was written
 * @param asn      the peer's AS number (unsigned)
 */
public record MrtPeer(int index, int peerType, int bgpId, InetAddress address, long asn) {

    /** Peer Type bit: the address is IPv6 (16 octets) rather than IPv4. */
    public static final int TYPE_IPV6 = 0x01;
    /** Peer Type bit: the AS field is 4 octets rather than 2. */
    public static final int TYPE_AS4 = 0x02;

    public MrtPeer {
        Objects.requireNonNull(address, "address");
    }

    /** Whether the peer address is IPv6 (Peer Type bit 0). */
    public boolean ipv6() {
        return (peerType & TYPE_IPV6) != 0;
    }

    /** Whether the peer AS was written in 4 octets (Peer Type bit 1). */
    public boolean fourOctetAs() {
        return (peerType & TYPE_AS4) != 0;
    }
}

package dev.jbgp.wire.mrt;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A BGP4MP / BGP4MP_ET STATE_CHANGE or STATE_CHANGE_AS4 record (RFC 6396 §4.4.1, §4.4.4): a peer's
 * session moved from one RFC 4271 §8 state to another. States are numbered 1 Idle, 2 Connect,
 * 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established. An immutable value holding no {@code ByteBuf}.
 *
 * @param timestamp      header timestamp, seconds since the epoch
 * @param microseconds   microseconds for BGP4MP_ET, otherwise 0
 * @param type           {@link MrtTypes#BGP4MP} or {@link MrtTypes#BGP4MP_ET}
 * @param subtype        STATE_CHANGE (2-octet AS fields) or STATE_CHANGE_AS4
 * @param offset         offset of the record header in the uncompressed stream
 * @param peerAs         the peer's AS (unsigned)
 * @param localAs        the collector's AS (unsigned)
 * @param interfaceIndex the Interface Index field
 * @param afi            the AFI of both addresses (1 IPv4, 2 IPv6)
 * @param peerAddress    the peer's address
 * @param localAddress   the collector's address
 * @param oldState       the state left
 * @param newState       the state entered
 */
public record Bgp4mpStateChange(long timestamp, int microseconds, int type, int subtype, long offset,
                                long peerAs, long localAs, int interfaceIndex, int afi,
                                InetAddress peerAddress, InetAddress localAddress,
                                int oldState, int newState) implements MrtRecord {

    public Bgp4mpStateChange {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(localAddress, "localAddress");
    }

    /** Whether the AS fields were 4 octets (STATE_CHANGE_AS4). */
    public boolean fourOctetAs() {
        return subtype == MrtTypes.Bgp4mp.STATE_CHANGE_AS4;
    }
}

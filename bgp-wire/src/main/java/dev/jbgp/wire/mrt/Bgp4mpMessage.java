package dev.jbgp.wire.mrt;

import io.netty.buffer.ByteBuf;

import java.net.InetAddress;

/**
 * A BGP4MP / BGP4MP_ET record carrying one BGP message (RFC 6396 §4.4.2, §4.4.3, §4.4.6, §4.4.7 and
 * the ADD-PATH subtypes of RFC 8050 §4.2). A reusable flyweight over the reader's buffer, valid until
 * the next {@link MrtReader#next()}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Peer AS Number (2 or 4)     |  Local AS Number (2 or 4)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Interface Index        |        Address Family         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Peer IP Address (variable)               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Local IP Address (variable)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    BGP Message... (variable)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Decoding the message.</b> {@link #message()} is the whole BGP message, header included, as
 * recorded. Decode it with a context of:
 * <ul>
 *   <li>{@link #fourOctetAs()}: {@code false} for MESSAGE / MESSAGE_LOCAL / their ADD-PATH forms — their
 *       AS_PATH and AGGREGATOR use 2-octet AS numbers (AS4_PATH may carry the 4-octet path,
 *       RFC 6793 §4.2.3); {@code true} for the _AS4 subtypes, whose messages use 4-octet AS numbers;</li>
 *   <li>{@link #addPath()}: the NLRI of an UPDATE carry Path Identifiers (RFC 7911) in every family.</li>
 * </ul>
 * {@link #local()} tells whether the collector sent the message (the _LOCAL subtypes) rather than
 * received it from the peer. The reader checks only that the message is at least as long as a BGP
 * header; the marker and length field are the message decoder's business.
 */
public final class Bgp4mpMessage extends FlyweightRecord implements MrtRecord {

    /** Octets in a BGP message header (RFC 4271 §4.1). */
    private static final int BGP_HEADER_LENGTH = 19;

    private boolean fourOctetAs;
    private boolean local;
    private boolean addPath;
    private int afi;
    private int addressStart;
    private int messageStart;

    Bgp4mpMessage() {
    }

    /** Points this flyweight at a BGP4MP message body and validates the fixed fields. */
    void wrap(ByteBuf buf, int start, int end, long timestamp, int microseconds, int type, int subtype,
              long offset) throws MrtFormatException {
        header(buf, start, end, timestamp, microseconds, type, subtype, offset);
        fourOctetAs = isAs4(subtype);
        local = subtype == MrtTypes.Bgp4mp.MESSAGE_LOCAL || subtype == MrtTypes.Bgp4mp.MESSAGE_AS4_LOCAL
                || subtype == MrtTypes.Bgp4mp.MESSAGE_LOCAL_ADDPATH || subtype == MrtTypes.Bgp4mp.MESSAGE_AS4_LOCAL_ADDPATH;
        addPath = subtype >= MrtTypes.Bgp4mp.MESSAGE_ADDPATH;
        int asLength = fourOctetAs ? 4 : 2;
        int afiIndex = start + 2 * asLength + 2;
        require(start, 2 * asLength + 4, "AS numbers, interface index and AFI");
        afi = buf.getUnsignedShort(afiIndex);
        int addressLength = MrtFields.addressLength(afi);
        if (addressLength < 0) {
            throw malformed("address family " + afi + " is neither IPv4 (1) nor IPv6 (2)");
        }
        addressStart = afiIndex + 2;
        require(addressStart, 2 * addressLength, "peer and local IP addresses");
        messageStart = addressStart + 2 * addressLength;
        require(messageStart, BGP_HEADER_LENGTH, "BGP message header");
    }

    static boolean isAs4(int subtype) {
        return subtype == MrtTypes.Bgp4mp.MESSAGE_AS4 || subtype == MrtTypes.Bgp4mp.MESSAGE_AS4_LOCAL
                || subtype == MrtTypes.Bgp4mp.MESSAGE_AS4_ADDPATH || subtype == MrtTypes.Bgp4mp.MESSAGE_AS4_LOCAL_ADDPATH
                || subtype == MrtTypes.Bgp4mp.STATE_CHANGE_AS4;
    }

    /** The peer's AS (unsigned). */
    public long peerAs() {
        return fourOctetAs ? buf().getUnsignedInt(start) : buf().getUnsignedShort(start);
    }

    /** The collector's AS (unsigned). */
    public long localAs() {
        return fourOctetAs ? buf().getUnsignedInt(start + 4) : buf().getUnsignedShort(start + 2);
    }

    /** The Interface Index field. */
    public int interfaceIndex() {
        return buf().getUnsignedShort(start + (fourOctetAs ? 8 : 4));
    }

    /** The AFI of the two addresses ({@code Afi.IPV4} or {@code Afi.IPV6}), not of the routes inside. */
    public int afi() {
        return afi;
    }

    /** The peer's address (allocates; an IPv4-mapped IPv6 address stays IPv6). */
    public InetAddress peerAddress() {
        int length = MrtFields.addressLength(afi);
        return MrtFields.address(buf(), addressStart, length);
    }

    /** The collector's address (allocates). */
    public InetAddress localAddress() {
        int length = MrtFields.addressLength(afi);
        return MrtFields.address(buf(), addressStart + length, length);
    }

    /**
     * Whether AS numbers are 4 octets: in this record's AS fields and in the message's AS_PATH and
     * AGGREGATOR (the _AS4 subtypes); {@code false} means 2-octet AS numbers in both.
     */
    public boolean fourOctetAs() {
        return fourOctetAs;
    }

    /** Whether the collector sent this message to the peer (the _LOCAL subtypes) rather than received it. */
    public boolean local() {
        return local;
    }

    /** Whether the message's NLRI carry ADD-PATH Path Identifiers (the ADDPATH subtypes, RFC 8050 §4.2). */
    public boolean addPath() {
        return addPath;
    }

    /** The BGP message type octet (RFC 4271 §4.1: 1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, ...). */
    public int messageType() {
        return buf().getUnsignedByte(messageStart + BGP_HEADER_LENGTH - 1);
    }

    /**
     * The whole BGP message (marker, length, type and body) as a slice of the reader's buffer. Not
     * retained: valid until the next {@link MrtReader#next()}; {@code retain()} it (and later
     * {@code release()}) to hand it to a decoder that keeps it beyond that.
     */
    public ByteBuf message() {
        return buf().slice(messageStart, end - messageStart);
    }

    @Override
    public String toString() {
        return "Bgp4mpMessage{subtype " + subtype + (buf == null ? ", stale" : ", AS" + peerAs() + ", "
                + (end - messageStart) + " octets") + "}";
    }
}

package dev.jbgp.wire.mrt;

import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;

import java.net.InetAddress;

/**
 * A TABLE_DUMP (version 1) record (RFC 6396 §4.2): one route, one peer, IPv4 (subtype AFI_IPv4) or
 * IPv6 (AFI_IPv6). Old RIPE RIS and OpenBGPD dumps use it. A reusable flyweight over the reader's
 * buffer, valid until the next {@link MrtReader#next()}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         View Number           |       Sequence Number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Prefix (4 or 16)                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Prefix Length |    Status     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Originated Time                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Peer IP Address (4 or 16)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Peer AS             |       Attribute Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   BGP Attribute... (variable)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The attribute block uses 2-octet AS numbers (the format predates RFC 6793; a 4-octet path may
 * be in AS4_PATH).
 */
public final class TableDumpRecord extends FlyweightRecord implements MrtRecord {

    private static final int VIEW = 0;
    private static final int SEQUENCE = 2;
    private static final int PREFIX = 4;

    private int afi;
    private int addressLength;
    private int prefixLength;
    private int attributesStart;

    TableDumpRecord() {
    }

    /** Points this flyweight at a TABLE_DUMP body and validates it. */
    void wrap(ByteBuf buf, int start, int end, long timestamp, int subtype, long offset) throws MrtFormatException {
        header(buf, start, end, timestamp, 0, MrtTypes.TABLE_DUMP, subtype, offset);
        afi = subtype == MrtTypes.TableDump.AFI_IPV4 ? Afi.IPV4 : Afi.IPV6;
        addressLength = MrtFields.addressLength(afi);
        int fixed = 4 + addressLength + 6 + addressLength + 4;
        require(start, fixed, "TABLE_DUMP fixed fields");
        prefixLength = buf.getUnsignedByte(start + PREFIX + addressLength);
        if (prefixLength > addressLength * 8) {
            throw malformed("prefix length " + prefixLength + " exceeds " + addressLength * 8);
        }
        attributesStart = start + fixed;
        int attributeLength = buf.getUnsignedShort(attributesStart - 2);
        require(attributesStart, attributeLength, "attributes");
        if (attributesStart + attributeLength != end) {
            throw malformed((end - attributesStart - attributeLength) + " octets after the attributes");
        }
    }

    /** The AFI of the prefix and peer address ({@code Afi.IPV4} or {@code Afi.IPV6}). */
    public int afi() {
        return afi;
    }

    /** The View Number (normally 0). */
    public int viewNumber() {
        return buf().getUnsignedShort(start + VIEW);
    }

    /** The Sequence Number (16 bits, wraps). */
    public int sequence() {
        return buf().getUnsignedShort(start + SEQUENCE);
    }

    /** The prefix length in bits. */
    public int prefixLength() {
        return prefixLength;
    }

    /** The prefix, with any bits past its length cleared. Allocates a small value. */
    public Prefix prefix() {
        return MrtFields.prefix(buf(), start + PREFIX, afi, prefixLength);
    }

    /** The Status octet (unused by RFC 6396, normally 1). */
    public int status() {
        return buf().getUnsignedByte(start + PREFIX + addressLength + 1);
    }

    /** The Originated Time: seconds since the epoch (unsigned 32 bits). */
    public long originatedTime() {
        return buf().getUnsignedInt(start + PREFIX + addressLength + 2);
    }

    /** The peer's address (allocates). */
    public InetAddress peerAddress() {
        return MrtFields.address(buf(), start + PREFIX + addressLength + 6, addressLength);
    }

    /** The peer's AS (2 octets, unsigned). */
    public int peerAs() {
        return buf().getUnsignedShort(attributesStart - 4);
    }

    /**
     * The BGP path attributes (2-octet AS numbers) as a slice of the reader's buffer. Not retained:
     * valid until the next {@link MrtReader#next()}; {@code retain()} it (and later {@code release()})
     * or copy it to keep it.
     */
    public ByteBuf attributes() {
        return buf().slice(attributesStart, end - attributesStart);
    }

    @Override
    public String toString() {
        return "TableDumpRecord{" + (buf == null ? "stale" : prefix() + " from AS" + peerAs()) + "}";
    }
}

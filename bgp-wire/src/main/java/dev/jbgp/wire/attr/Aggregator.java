package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import io.netty.buffer.ByteBuf;

/**
 * AGGREGATOR (type 7, optional transitive, RFC 4271 §5.1.7) and AS4_AGGREGATOR (type 18, RFC 6793):
 * the AS and BGP Identifier of the speaker that aggregated the route. Immutable.
 *
 * @param asn     the aggregating AS (unsigned 32-bit)
 * @param address its BGP Identifier, an IPv4 address in network order
 */
public record Aggregator(long asn, int address) {

    public Aggregator {
        if (asn < 0 || asn > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("AS number out of range: " + asn);
        }
    }

    /**
     * Reads an AGGREGATOR value: 6 octets on a 2-octet session, 8 on a 4-octet session.
     *
     * @throws BgpDecodeException attribute discard with Attribute Length Error for a wrong length
     *                            (RFC 7606 §7.7), or Optional Attribute Error for AS 0 (RFC 7607 §2)
     */
    public static Aggregator read(ByteBuf buf, int offset, int length, boolean fourOctet) throws BgpDecodeException {
        int expected = fourOctet ? 8 : 6;
        if (length != expected) {
            throw BgpDecodeException.attributeDiscard(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "AGGREGATOR length " + length + ", expected " + expected);
        }
        return readChecked(buf, offset, fourOctet, "AGGREGATOR");
    }

    /**
     * Reads an AS4_AGGREGATOR value (always 8 octets).
     *
     * @throws BgpDecodeException attribute discard (RFC 6793 §6, RFC 7607 §2)
     */
    public static Aggregator readAs4(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        if (length != 8) {
            throw BgpDecodeException.attributeDiscard(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "AS4_AGGREGATOR length " + length + ", expected 8");
        }
        return readChecked(buf, offset, true, "AS4_AGGREGATOR");
    }

    private static Aggregator readChecked(ByteBuf buf, int offset, boolean fourOctet, String name) throws BgpDecodeException {
        long asn = fourOctet ? buf.getUnsignedInt(offset) : buf.getUnsignedShort(offset);
        if (asn == 0) {
            throw BgpDecodeException.attributeDiscard(Subcodes.Update.OPTIONAL_ATTRIBUTE_ERROR, null,
                    name + " carries AS 0 (RFC 7607)");
        }
        return new Aggregator(asn, buf.getInt(offset + (fourOctet ? 4 : 2)));
    }

    /**
     * RFC 6793 §4.2.3: a 2-octet speaker's AGGREGATOR holding AS_TRANS is replaced by its
     * AS4_AGGREGATOR; otherwise the AS4_AGGREGATOR (and the AS4_PATH) are to be ignored.
     */
    public static Aggregator reconcile(Aggregator aggregator, Aggregator as4Aggregator) {
        return aggregator.asn == AsPath.AS_TRANS ? as4Aggregator : aggregator;
    }

    /** Whether the AS needs an AS4_AGGREGATOR towards a 2-octet peer. */
    public boolean needsAs4() {
        return asn > 0xFFFF;
    }

    /**
     * Writes the AGGREGATOR attribute; towards a 2-octet peer an AS above 65535 is written as AS_TRANS
     * (follow with {@link #writeAs4}). The caller owns {@code out}.
     */
    public void write(ByteBuf out, boolean fourOctet) {
        out.writeByte(AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE);
        out.writeByte(AttributeType.AGGREGATOR);
        out.writeByte(fourOctet ? 8 : 6);
        if (fourOctet) {
            out.writeInt((int) asn);
        } else {
            out.writeShort(asn > 0xFFFF ? AsPath.AS_TRANS : (int) asn);
        }
        out.writeInt(address);
    }

    /** Writes an AS4_AGGREGATOR attribute. The caller owns {@code out}. */
    public void writeAs4(ByteBuf out) {
        out.writeByte(AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE);
        out.writeByte(AttributeType.AS4_AGGREGATOR);
        out.writeByte(8);
        out.writeInt((int) asn);
        out.writeInt(address);
    }

    /** {@code 65000:192.0.2.1}. */
    @Override
    public String toString() {
        return asn + ":" + Ipv4Prefix.format(address);
    }
}

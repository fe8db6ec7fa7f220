package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import io.netty.buffer.ByteBuf;

/**
 * A reusable cursor over the Path Attributes field of an UPDATE (RFC 4271 §4.3). Each attribute is
 * read in place; nothing is copied or allocated:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |O|T|P|E| unused|  Type Code    | Length (1 octet, or 2 if E)   ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Attribute Value (Length octets) ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 * </pre>
 *
 * <p>When fewer than 3 octets (4 with the Extended Length bit) remain, or an attribute's length runs
 * past the end of the field, RFC 7606 §4 makes the UPDATE "treat-as-withdraw" (the Total Path
 * Attribute Length still locates the NLRI); {@link #next()} throws that, with Malformed Attribute List.
 *
 * <p>The cursor never retains or releases the buffer; the caller owns it. Not thread-safe.
 */
public final class AttributeCursor {

    /** Attribute flag: optional (RFC 4271 §4.3). */
    public static final int FLAG_OPTIONAL = 0x80;
    /** Attribute flag: transitive. */
    public static final int FLAG_TRANSITIVE = 0x40;
    /** Attribute flag: partial. */
    public static final int FLAG_PARTIAL = 0x20;
    /** Attribute flag: the length field has two octets. */
    public static final int FLAG_EXTENDED_LENGTH = 0x10;

    private ByteBuf buf;
    private int position;
    private int end;
    private int offset;
    private int flags;
    private int type;
    private int valueOffset;
    private int valueLength;

    /**
     * Positions the cursor before the first attribute of {@code [offset, offset + length)}.
     *
     * @return this
     */
    public AttributeCursor reset(ByteBuf buf, int offset, int length) {
        this.buf = buf;
        this.position = offset;
        this.end = offset + length;
        this.offset = offset;
        this.flags = 0;
        this.type = 0;
        this.valueOffset = offset;
        this.valueLength = 0;
        return this;
    }

    /**
     * Advances to the next attribute.
     *
     * @return {@code false} when the field is exhausted
     * @throws BgpDecodeException treat-as-withdraw (RFC 7606 §4) when the field ends inside an attribute
     */
    public boolean next() throws BgpDecodeException {
        int p = position;
        if (p >= end) {
            return false;
        }
        int remaining = end - p;
        if (remaining < 3) {
            throw truncated("only " + remaining + " octets left for an attribute header at offset " + p);
        }
        int f = buf.getUnsignedByte(p);
        int headerLength = (f & FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3;
        if (remaining < headerLength) {
            throw truncated("only " + remaining + " octets left for an extended-length attribute header at offset " + p);
        }
        int len = headerLength == 4 ? buf.getUnsignedShort(p + 2) : buf.getUnsignedByte(p + 2);
        if (len > remaining - headerLength) {
            throw truncated("attribute type " + buf.getUnsignedByte(p + 1) + " length " + len
                    + " runs past the path attributes at offset " + p);
        }
        offset = p;
        flags = f;
        type = buf.getUnsignedByte(p + 1);
        valueOffset = p + headerLength;
        valueLength = len;
        position = valueOffset + len;
        return true;
    }

    private static BgpDecodeException truncated(String message) {
        return BgpDecodeException.treatAsWithdraw(Subcodes.Update.MALFORMED_ATTRIBUTE_LIST, null, message);
    }

    /** The buffer being read (owned by the caller). */
    public ByteBuf buffer() {
        return buf;
    }

    /** The absolute offset of the current attribute's flags octet. */
    public int offset() {
        return offset;
    }

    /** The octets of the whole current attribute, header included. */
    public int totalLength() {
        return valueOffset + valueLength - offset;
    }

    /** The attribute flags octet. */
    public int flags() {
        return flags;
    }

    /** The attribute type code. */
    public int type() {
        return type;
    }

    /** The absolute offset of the attribute value. */
    public int valueOffset() {
        return valueOffset;
    }

    /** The length of the attribute value. */
    public int valueLength() {
        return valueLength;
    }

    public boolean isOptional() {
        return (flags & FLAG_OPTIONAL) != 0;
    }

    public boolean isTransitive() {
        return (flags & FLAG_TRANSITIVE) != 0;
    }

    public boolean isPartial() {
        return (flags & FLAG_PARTIAL) != 0;
    }

    public boolean isExtendedLength() {
        return (flags & FLAG_EXTENDED_LENGTH) != 0;
    }

    /**
     * A slice of the current attribute value sharing the buffer's memory. Not retained: it is valid
     * only while the caller keeps the underlying buffer, and must not be released by the caller.
     */
    public ByteBuf value() {
        return buf.slice(valueOffset, valueLength);
    }

    /** The octet at {@code index} of the value. */
    public int valueByte(int index) {
        return buf.getUnsignedByte(valueOffset + index);
    }

    /** The big-endian 4-octet word at {@code index} of the value. */
    public int valueInt(int index) {
        return buf.getInt(valueOffset + index);
    }
}

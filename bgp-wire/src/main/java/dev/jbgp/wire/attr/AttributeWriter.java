package dev.jbgp.wire.attr;

import io.netty.buffer.ByteBuf;

/**
 * Writes attribute headers, choosing the Extended Length form only when the value needs it
 * (RFC 4271 §4.3). Every writer in this package goes through here; the caller owns {@code out}.
 */
public final class AttributeWriter {

    private AttributeWriter() {
    }

    /**
     * Writes flags, type and length for a value of {@code valueLength} octets. The Extended Length bit
     * of {@code flags} is set or cleared to fit.
     */
    public static void header(ByteBuf out, int flags, int type, int valueLength) {
        if (valueLength > 0xFFFF) {
            throw new IllegalArgumentException("attribute " + type + " value of " + valueLength + " octets exceeds 65535");
        }
        if (valueLength > 0xFF) {
            out.writeByte(flags | AttributeCursor.FLAG_EXTENDED_LENGTH);
            out.writeByte(type);
            out.writeShort(valueLength);
        } else {
            out.writeByte(flags & ~AttributeCursor.FLAG_EXTENDED_LENGTH);
            out.writeByte(type);
            out.writeByte(valueLength);
        }
    }

    /**
     * Writes a header with a 2-octet length placeholder (Extended Length set) whose value is
     * written next; finish with {@link #patchExtended(ByteBuf, int)}.
     *
     * @return the index of the flags octet
     */
    public static int beginExtended(ByteBuf out, int flags, int type) {
        int start = out.writerIndex();
        out.writeByte(flags | AttributeCursor.FLAG_EXTENDED_LENGTH);
        out.writeByte(type);
        out.writeShort(0);
        return start;
    }

    /** Sets the 2-octet length of the attribute begun at {@code start} to what was written since. */
    public static void patchExtended(ByteBuf out, int start) {
        out.setShort(start + 2, out.writerIndex() - start - 4);
    }
}

package dev.jbgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * The 19-octet header every BGP message starts with (RFC 4271 §4.1), and the helpers every encoder
 * uses to write it: write the header with a placeholder length, write the body, then patch the length.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                           Marker (16 octets of 0xFF)          |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length               |      Type     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class MessageHeader {

    private MessageHeader() {
    }

    /** Octets in the marker. */
    public static final int MARKER_LENGTH = 16;
    /** Offset of the 2-octet length field. */
    public static final int LENGTH_OFFSET = 16;
    /** Offset of the type octet. */
    public static final int TYPE_OFFSET = 18;
    /** Octets in the whole header; also the smallest legal message (a KEEPALIVE). */
    public static final int HEADER_LENGTH = 19;

    /**
     * Writes the marker, a zero length placeholder and the type at the writer index of {@code out}.
     * The caller keeps ownership of {@code out}.
     *
     * @return the index of the message start, to pass to {@link #patchLength(ByteBuf, int)}
     */
    public static int writeHeader(ByteBuf out, MessageType type) {
        int start = out.writerIndex();
        out.writeLong(-1L);
        out.writeLong(-1L);
        out.writeShort(0);
        out.writeByte(type.value());
        return start;
    }

    /**
     * Sets the length field of the message that starts at {@code start} to the number of octets
     * written since. The caller keeps ownership of {@code out}.
     *
     * @return the message length
     */
    public static int patchLength(ByteBuf out, int start) {
        int length = out.writerIndex() - start;
        out.setShort(start + LENGTH_OFFSET, length);
        return length;
    }
}

package dev.jbgp.wire;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import io.netty.buffer.ByteBuf;

/**
 * Cuts a TCP byte stream into BGP messages (RFC 4271 §4.1) and applies the message header checks of
 * RFC 4271 §6.1: the marker must be all ones, the length must lie between 19 and the session's maximum
 * (4096, or 65535 once RFC 8654 extended messages are negotiated), the type must be known, and the
 * length must fit the type.
 *
 * <p>Pure and immutable: it holds no cumulation of its own. The caller (a Netty handler, a test, an
 * MRT reader) keeps the cumulation buffer and calls {@link #decode(ByteBuf)} until it returns
 * {@code null}. Because the maximum length changes when the OPEN exchange completes, the session
 * builds a new decoder from its {@link CodecContext} at that point ({@link #forSession}).
 *
 * <p>Per-type length rules (RFC 4271 §6.1, RFC 2918 §3, RFC 7313 §5, RFC 5291 §4):
 * <pre>
 *   OPEN           29..4096 (RFC 8654 §4: extended messages do not apply to OPEN)
 *   UPDATE         &gt;= 23
 *   NOTIFICATION   &gt;= 21
 *   KEEPALIVE      == 19
 *   ROUTE-REFRESH  == 23 for subtypes 1 (BoRR) and 2 (EoRR);
 *                  &gt;= 23 for subtype 0 (octets past 23 are RFC 5291 ORF entries) and for the
 *                  reserved subtypes, which the receiver ignores (RFC 7313 §5)
 * </pre>
 * A wrong length is Message Header Error / Bad Message Length with the 2-octet length field as data,
 * except for a ROUTE-REFRESH on a session that negotiated enhanced route refresh: there RFC 7313 §5
 * asks for ROUTE-REFRESH Message Error / Invalid Message Length with the whole message as data.
 */
public final class BgpFrameDecoder {

    /** Smallest OPEN: header, version, My AS, Hold Time, BGP Identifier, Opt Parm Len (RFC 4271 §4.2). */
    public static final int MIN_OPEN_LENGTH = 29;
    /** Smallest UPDATE: header and the two 2-octet length fields (RFC 4271 §4.3). */
    public static final int MIN_UPDATE_LENGTH = 23;
    /** Smallest NOTIFICATION: header, code, subcode (RFC 4271 §4.5). */
    public static final int MIN_NOTIFICATION_LENGTH = 21;
    /** The only KEEPALIVE length (RFC 4271 §4.4). */
    public static final int KEEPALIVE_LENGTH = 19;
    /** A ROUTE-REFRESH without ORF entries: header, AFI, subtype, SAFI (RFC 2918 §3, RFC 7313 §3.2). */
    public static final int ROUTE_REFRESH_LENGTH = 23;

    /** A decoder for a session before (or without) RFC 8654 and enhanced route refresh. */
    public static final BgpFrameDecoder STANDARD = new BgpFrameDecoder(CodecContext.STANDARD_MAX_LENGTH, false);

    private final int maxMessageLength;
    private final boolean enhancedRouteRefresh;

    /**
     * @param maxMessageLength     4096, or 65535 when both sides announced extended messages (RFC 8654)
     * @param enhancedRouteRefresh whether enhanced route refresh (RFC 7313) was negotiated; it only
     *                             changes which NOTIFICATION a badly sized ROUTE-REFRESH maps to
     */
    public BgpFrameDecoder(int maxMessageLength, boolean enhancedRouteRefresh) {
        if (maxMessageLength != CodecContext.STANDARD_MAX_LENGTH
                && maxMessageLength != CodecContext.EXTENDED_MAX_LENGTH) {
            throw new IllegalArgumentException("maxMessageLength must be 4096 or 65535, got " + maxMessageLength);
        }
        this.maxMessageLength = maxMessageLength;
        this.enhancedRouteRefresh = enhancedRouteRefresh;
    }

    /** The decoder for an established session: the maximum length comes from the negotiated context. */
    public static BgpFrameDecoder forSession(CodecContext context, boolean enhancedRouteRefresh) {
        return new BgpFrameDecoder(context.maxMessageLength(), enhancedRouteRefresh);
    }

    /** The largest message this decoder accepts. */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /** Whether badly sized ROUTE-REFRESH messages map to the RFC 7313 error. */
    public boolean enhancedRouteRefresh() {
        return enhancedRouteRefresh;
    }

    /**
     * Takes the next complete message off {@code in}.
     *
     * <p>The header is checked as soon as its 19 octets are there, so a desynchronised or hostile
     * stream fails before the decoder waits for a body that may never come.
     *
     * @param in the cumulation; the caller keeps ownership. On success its reader index moves past
     *           the message; when incomplete or on error it does not move.
     * @return a retained slice holding exactly one message (header included), which the caller must
     *         release; or {@code null} when {@code in} does not yet hold a whole message
     * @throws BgpDecodeException with action session reset and the NOTIFICATION of RFC 4271 §6.1
     */
    public ByteBuf decode(ByteBuf in) throws BgpDecodeException {
        int readable = in.readableBytes();
        if (readable < MessageHeader.HEADER_LENGTH) {
            return null;
        }
        int start = in.readerIndex();
        checkHeader(in, start, maxMessageLength);
        int length = in.getUnsignedShort(start + MessageHeader.LENGTH_OFFSET);
        if (readable < length) {
            return null;
        }
        if (in.getUnsignedByte(start + MessageHeader.TYPE_OFFSET) == MessageType.ROUTE_REFRESH.value()) {
            checkRouteRefreshLength(in, start, length, enhancedRouteRefresh);
        }
        return in.readRetainedSlice(length);
    }

    /**
     * The type of a framed message (one returned by {@link #decode(ByteBuf)}, or any buffer whose
     * readable bytes start with a checked header). Reads without moving indexes; ownership unchanged.
     */
    public static MessageType typeOf(ByteBuf message) {
        MessageType type = MessageType.fromValue(message.getUnsignedByte(message.readerIndex() + MessageHeader.TYPE_OFFSET));
        if (type == null) {
            throw new IllegalArgumentException("not a framed message: unknown type octet");
        }
        return type;
    }

    /** The length field of a framed message. Reads without moving indexes; ownership unchanged. */
    public static int lengthOf(ByteBuf message) {
        return message.getUnsignedShort(message.readerIndex() + MessageHeader.LENGTH_OFFSET);
    }

    /**
     * Checks that the readable bytes of {@code message} are exactly one message of type
     * {@code expected}: the header rules above with the largest length any session allows (65535),
     * a length field equal to the readable bytes, and the expected type. Message decoders call this
     * because they may be handed a buffer that did not come through a frame decoder (tests, MRT).
     * Reads without moving indexes; the caller keeps ownership.
     *
     * @return the message length
     * @throws BgpDecodeException Message Header Error for a bad header, a length field that
     *                            disagrees with the buffer, or another message type
     */
    public static int checkFramed(ByteBuf message, MessageType expected, boolean enhancedRouteRefresh)
            throws BgpDecodeException {
        int readable = message.readableBytes();
        int start = message.readerIndex();
        if (readable < MessageHeader.HEADER_LENGTH) {
            throw badLength(readable, "buffer shorter than a message header: " + readable);
        }
        checkHeader(message, start, CodecContext.EXTENDED_MAX_LENGTH);
        int length = message.getUnsignedShort(start + MessageHeader.LENGTH_OFFSET);
        if (length != readable) {
            throw badLength(length, "length field " + length + " but " + readable + " octets given");
        }
        int typeOctet = message.getUnsignedByte(start + MessageHeader.TYPE_OFFSET);
        if (typeOctet != expected.value()) {
            throw BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_TYPE,
                    new byte[] {(byte) typeOctet}, "expected " + expected + " but type is " + typeOctet);
        }
        if (expected == MessageType.ROUTE_REFRESH) {
            checkRouteRefreshLength(message, start, length, enhancedRouteRefresh);
        }
        return length;
    }

    /**
     * Checks marker, length range, type and the fixed per-type length rules of the header at
     * {@code start}; used by the frame decoder and by each message decoder, which may be handed
     * a buffer that did not come through a frame decoder. The ROUTE-REFRESH subtype rules need the
     * body and are applied by {@link #checkRouteRefreshLength}.
     */
    static void checkHeader(ByteBuf in, int start, int maxMessageLength) throws BgpDecodeException {
        // Two long compares instead of sixteen byte compares; the marker is 0xFF.. so -1L.
        if (in.getLong(start) != -1L || in.getLong(start + 8) != -1L) {
            throw BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR,
                    Subcodes.Header.CONNECTION_NOT_SYNCHRONIZED, null, "marker is not all ones");
        }
        int length = in.getUnsignedShort(start + MessageHeader.LENGTH_OFFSET);
        if (length < MessageHeader.HEADER_LENGTH || length > maxMessageLength) {
            throw badLength(length, "length " + length + " outside 19.." + maxMessageLength);
        }
        int typeOctet = in.getUnsignedByte(start + MessageHeader.TYPE_OFFSET);
        MessageType type = MessageType.fromValue(typeOctet);
        if (type == null) {
            throw BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR,
                    Subcodes.Header.BAD_MESSAGE_TYPE, new byte[] {(byte) typeOctet}, "unknown message type " + typeOctet);
        }
        switch (type) {
            case OPEN:
                if (length < MIN_OPEN_LENGTH) {
                    throw badLength(length, "OPEN shorter than 29 octets: " + length);
                }
                // RFC 8654 §4: extended messages never apply to OPEN.
                if (length > CodecContext.STANDARD_MAX_LENGTH) {
                    throw badLength(length, "OPEN longer than 4096 octets: " + length);
                }
                break;
            case UPDATE:
                if (length < MIN_UPDATE_LENGTH) {
                    throw badLength(length, "UPDATE shorter than 23 octets: " + length);
                }
                break;
            case NOTIFICATION:
                if (length < MIN_NOTIFICATION_LENGTH) {
                    throw badLength(length, "NOTIFICATION shorter than 21 octets: " + length);
                }
                break;
            case KEEPALIVE:
                if (length != KEEPALIVE_LENGTH) {
                    throw badLength(length, "KEEPALIVE is not 19 octets: " + length);
                }
                break;
            case ROUTE_REFRESH:
                // Short ones are rejected here, but the error depends on the session, so the check
                // lives in checkRouteRefreshLength; here only what holds for every session.
                break;
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * RFC 2918 / RFC 7313 §5 length rules for a complete ROUTE-REFRESH of {@code length} octets at
     * {@code start}.
     */
    static void checkRouteRefreshLength(ByteBuf in, int start, int length, boolean enhancedRouteRefresh)
            throws BgpDecodeException {
        if (length < ROUTE_REFRESH_LENGTH) {
            throw routeRefreshLength(in, start, length, enhancedRouteRefresh);
        }
        int subtype = in.getUnsignedByte(start + MessageHeader.HEADER_LENGTH + 2);
        if ((subtype == 1 || subtype == 2) && length != ROUTE_REFRESH_LENGTH) {
            throw routeRefreshLength(in, start, length, enhancedRouteRefresh);
        }
    }

    private static BgpDecodeException routeRefreshLength(ByteBuf in, int start, int length, boolean enhanced) {
        if (enhanced) {
            // RFC 7313 §5: the data is the complete ROUTE-REFRESH message.
            byte[] whole = new byte[Math.min(length, in.writerIndex() - start)];
            in.getBytes(start, whole);
            return BgpDecodeException.sessionReset(ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR,
                    Subcodes.RouteRefresh.INVALID_MESSAGE_LENGTH, whole, "ROUTE-REFRESH of invalid length " + length);
        }
        return badLength(length, "ROUTE-REFRESH of invalid length " + length);
    }

    /** Message Header Error / Bad Message Length; RFC 4271 §6.1: the data is the erroneous length field. */
    static BgpDecodeException badLength(int length, String message) {
        return BgpDecodeException.sessionReset(ErrorCode.MESSAGE_HEADER_ERROR, Subcodes.Header.BAD_MESSAGE_LENGTH,
                new byte[] {(byte) (length >>> 8), (byte) length}, message);
    }

    @Override
    public String toString() {
        return "BgpFrameDecoder{max=" + maxMessageLength + (enhancedRouteRefresh ? ", enhanced-route-refresh" : "") + "}";
    }
}

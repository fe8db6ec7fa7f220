package dev.jbgp.wire.message;

import dev.jbgp.wire.BgpFrameDecoder;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.error.BgpDecodeException;
import io.netty.buffer.ByteBuf;

/**
 * The KEEPALIVE message (RFC 4271 §4.4): a header and nothing else, exactly 19 octets.
 */
public final class KeepaliveMessage {

    /** The one KEEPALIVE. */
    public static final KeepaliveMessage INSTANCE = new KeepaliveMessage();

    private KeepaliveMessage() {
    }

    /**
     * Checks that {@code message}'s readable bytes are one KEEPALIVE. Indexes do not move; the caller
     * keeps ownership of (and releases) {@code message}.
     *
     * @throws BgpDecodeException Message Header Error (Bad Message Length unless exactly 19 octets)
     */
    public static KeepaliveMessage decode(ByteBuf message) throws BgpDecodeException {
        BgpFrameDecoder.checkFramed(message, MessageType.KEEPALIVE, false);
        return INSTANCE;
    }

    /** Octets {@link #encode} writes. */
    public int encodedLength() {
        return MessageHeader.HEADER_LENGTH;
    }

    /** Writes the 19 octets at the writer index of {@code out}; the caller keeps ownership of {@code out}. */
    public void encode(ByteBuf out) {
        MessageHeader.patchLength(out, MessageHeader.writeHeader(out, MessageType.KEEPALIVE));
    }

    @Override
    public String toString() {
        return "KEEPALIVE";
    }
}

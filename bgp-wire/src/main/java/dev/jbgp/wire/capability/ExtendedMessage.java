package dev.jbgp.wire.capability;

import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

/**
 * Extended Message capability (RFC 8654 §3): the speaker accepts messages up to 65535 octets. When
 * both sides send it the session's {@code CodecContext} gets the extended maximum. No value.
 */
public record ExtendedMessage() implements Capability {

    /** The one value. */
    public static final ExtendedMessage INSTANCE = new ExtendedMessage();

    @Override
    public int code() {
        return CapabilityCode.EXTENDED_MESSAGE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(CapabilityCode.EXTENDED_MESSAGE);
        out.writeByte(0);
    }

    @Override
    public int encodedLength() {
        return 2;
    }

    @Override
    public String toString() {
        return "extended-message";
    }
}

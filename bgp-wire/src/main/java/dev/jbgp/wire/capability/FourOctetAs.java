package dev.jbgp.wire.capability;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

/**
 * Support for 4-octet AS numbers (RFC 6793 §3); the value is the speaker's real AS number, which the
 * OPEN's 2-octet My AS field can only show as AS_TRANS (23456) when it is above 65535.
 *
 * @param asNumber the AS number, 0..4294967295
 */
public record FourOctetAs(long asNumber) implements Capability {

    public FourOctetAs {
        if (asNumber < 0 || asNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS number out of range 0..4294967295: " + asNumber);
        }
    }

    /** Decodes the value, which must be exactly 4 octets; ownership of {@code buf} unchanged. */
    public static FourOctetAs decodeValue(ByteBuf buf, int index, int length) throws BgpDecodeException {
        if (length != 4) {
            throw Capabilities.malformed("4-octet AS capability length is not 4: " + length);
        }
        return new FourOctetAs(buf.getUnsignedInt(index));
    }

    @Override
    public int code() {
        return CapabilityCode.FOUR_OCTET_AS;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(CapabilityCode.FOUR_OCTET_AS);
        out.writeByte(4);
        out.writeInt((int) asNumber);
    }

    @Override
    public int encodedLength() {
        return 6;
    }

    @Override
    public String toString() {
        return "4-octet-as(" + asNumber + ")";
    }
}

package dev.jbgp.wire.capability;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * Multiprotocol Extensions capability (RFC 4760 §8): the speaker can exchange routes of one AFI/SAFI.
 * A speaker sends one per family.
 *
 * <pre>
 * 0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Res.  | SAFI  |
 * +-------+-------+-------+-------+
 * </pre>
 *
 * @param family the address family
 */
public record Multiprotocol(AddressFamily family) implements Capability {

    public Multiprotocol {
        Objects.requireNonNull(family, "family");
    }

    /** The capability for {@code afi}/{@code safi}. */
    public static Multiprotocol of(int afi, int safi) {
        return new Multiprotocol(AddressFamily.of(afi, safi));
    }

    /** Decodes the value (see {@link Capabilities} for the length rule); ownership of {@code buf} unchanged. */
    public static Multiprotocol decodeValue(ByteBuf buf, int index, int length) throws BgpDecodeException {
        if (length < 4) {
            throw Capabilities.malformed("multiprotocol capability shorter than 4 octets: " + length);
        }
        // The reserved octet is ignored on receipt (RFC 4760 §8).
        return of(buf.getUnsignedShort(index), buf.getUnsignedByte(index + 3));
    }

    @Override
    public int code() {
        return CapabilityCode.MULTIPROTOCOL;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(CapabilityCode.MULTIPROTOCOL);
        out.writeByte(4);
        out.writeShort(family.afi());
        out.writeByte(0);
        out.writeByte(family.safi());
    }

    @Override
    public int encodedLength() {
        return 6;
    }

    @Override
    public String toString() {
        return "multiprotocol(" + family + ")";
    }
}

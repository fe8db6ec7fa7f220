package dev.jbgp.wire.capability;

import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A capability jbgp does not interpret, kept as its code and value octets so it can be logged and
 * passed on unchanged (RFC 5492 §5: an unknown capability is not an error).
 */
public final class UnknownCapability implements Capability {

    private final int code;
    private final byte[] value;

    private UnknownCapability(int code, byte[] value) {
        this.code = code;
        this.value = value;
    }

    /**
     * A capability with this code and a copy of {@code value}.
     *
     * @throws IllegalArgumentException when the code is not 0..255 or the value is longer than 255 octets
     */
    public static UnknownCapability of(int code, byte[] value) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("capability code out of range 0..255: " + code);
        }
        if (value.length > 255) {
            throw new IllegalArgumentException("capability value longer than 255 octets: " + value.length);
        }
        return new UnknownCapability(code, value.clone());
    }

    /** Copies {@code length} octets at {@code index}; ownership of {@code buf} unchanged. */
    static UnknownCapability copyOf(int code, ByteBuf buf, int index, int length) {
        byte[] value = new byte[length];
        buf.getBytes(index, value);
        return new UnknownCapability(code, value);
    }

    @Override
    public int code() {
        return code;
    }

    /** A copy of the value octets. */
    public byte[] value() {
        return value.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(code);
        out.writeByte(value.length);
        out.writeBytes(value);
    }

    @Override
    public int encodedLength() {
        return 2 + value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownCapability u && u.code == code && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return CapabilityCode.name(code) + (value.length == 0 ? "" : "[" + HexFormat.of().formatHex(value) + "]");
    }
}

package dev.jbgp.wire.capability;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

/**
 * BGP Role capability (RFC 9234 §4.1): the speaker's role on this session. Decoded so that its length
 * is checked (exactly one octet); role matching is the FSM's business.
 *
 * @param role 0 provider, 1 route server, 2 route server client, 3 customer, 4 peer; others unassigned
 */
public record Role(int role) implements Capability {

    public Role {
        if (role < 0 || role > 255) {
            throw new IllegalArgumentException("role out of range 0..255: " + role);
        }
    }

    /** Decodes the value, which must be exactly 1 octet; ownership of {@code buf} unchanged. */
    public static Role decodeValue(ByteBuf buf, int index, int length) throws BgpDecodeException {
        if (length != 1) {
            throw Capabilities.malformed("role capability length is not 1: " + length);
        }
        return new Role(buf.getUnsignedByte(index));
    }

    /** The RFC 9234 name of the role, or {@code "role-N"}. */
    public String roleName() {
        switch (role) {
            case 0: return "provider";
            case 1: return "rs";
            case 2: return "rs-client";
            case 3: return "customer";
            case 4: return "peer";
            default: return "role-" + role;
        }
    }

    @Override
    public int code() {
        return CapabilityCode.ROLE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(CapabilityCode.ROLE);
        out.writeByte(1);
        out.writeByte(role);
    }

    @Override
    public int encodedLength() {
        return 3;
    }

    @Override
    public String toString() {
        return "role(" + roleName() + ")";
    }
}

package dev.jbgp.wire.capability;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Long-Lived Graceful Restart capability (RFC 9494 §3.1): per AFI/SAFI, flags and how long stale
 * routes are kept after the graceful restart timer ran out.
 *
 * <pre>
 * +--------------------------------------------------+
 * | Address Family Identifier (16 bits)              |
 * +--------------------------------------------------+
 * | Subsequent Address Family Identifier (8 bits)    |
 * +--------------------------------------------------+
 * | Flags for Address Family (8 bits: F 0 0 0 0 0 0 0)|
 * +--------------------------------------------------+
 * | Long-lived Stale Time (24 bits)                  |
 * +--------------------------------------------------+
 * ... repeated
 * </pre>
 *
 * @param families the families in wire order (may be empty)
 */
public record LongLivedGracefulRestart(List<Family> families) implements Capability {

    /** Per-family flag F: forwarding state was preserved. */
    public static final int FAMILY_FORWARDING_STATE = 0x80;

    /**
     * One family.
     *
     * @param family    the address family
     * @param flags     the 8-bit flags field
     * @param staleTime seconds, 0..16777215
     */
    public record Family(AddressFamily family, int flags, int staleTime) {
        public Family {
            Objects.requireNonNull(family, "family");
            if (flags < 0 || flags > 0xFF) {
                throw new IllegalArgumentException("flags out of range 0..255: " + flags);
            }
            if (staleTime < 0 || staleTime > 0xFF_FFFF) {
                throw new IllegalArgumentException("stale time out of range 0..16777215: " + staleTime);
            }
        }

        /** The F bit. */
        public boolean forwardingStatePreserved() {
            return (flags & FAMILY_FORWARDING_STATE) != 0;
        }

        @Override
        public String toString() {
            return family + (forwardingStatePreserved() ? "(F)" : "")
                    + ((flags & 0x7F) != 0 ? "(flags=0x" + Integer.toHexString(flags) + ")" : "") + " stale=" + staleTime + "s";
        }
    }

    public LongLivedGracefulRestart {
        families = List.copyOf(families);
        if (families.size() > 36) {
            throw new IllegalArgumentException("too many families for one capability: " + families.size());
        }
    }

    /** Decodes the value: a multiple of 7 octets; ownership of {@code buf} unchanged. */
    public static LongLivedGracefulRestart decodeValue(ByteBuf buf, int index, int length) throws BgpDecodeException {
        if (length % 7 != 0) {
            throw Capabilities.malformed("long-lived graceful restart capability length is not a multiple of 7: " + length);
        }
        List<Family> families = new ArrayList<>(length / 7);
        for (int p = index; p < index + length; p += 7) {
            families.add(new Family(AddressFamily.of(buf.getUnsignedShort(p), buf.getUnsignedByte(p + 2)),
                    buf.getUnsignedByte(p + 3), buf.getUnsignedMedium(p + 4)));
        }
        return new LongLivedGracefulRestart(families);
    }

    @Override
    public int code() {
        return CapabilityCode.LONG_LIVED_GRACEFUL_RESTART;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(CapabilityCode.LONG_LIVED_GRACEFUL_RESTART);
        out.writeByte(7 * families.size());
        for (Family f : families) {
            out.writeShort(f.family().afi());
            out.writeByte(f.family().safi());
            out.writeByte(f.flags());
            out.writeMedium(f.staleTime());
        }
    }

    @Override
    public int encodedLength() {
        return 2 + 7 * families.size();
    }

    @Override
    public String toString() {
        return "long-lived-graceful-restart" + families;
    }
}

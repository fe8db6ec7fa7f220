package dev.jbgp.wire.capability;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Graceful Restart capability (RFC 4724 §3, N bit from RFC 8538 §2).
 *
 * <pre>
 * +--------------------------------------------------+
 * | Restart Flags (4 bits: R N 0 0)                  |
 * +--------------------------------------------------+
 * | Restart Time in seconds (12 bits)                |
 * +--------------------------------------------------+
 * | AFI (16 bits)                                    |
 * +--------------------------------------------------+
 * | SAFI (8 bits)                                    |
 * +--------------------------------------------------+
 * | Flags for Address Family (8 bits: F 0 0 0 0 0 0 0)|
 * +--------------------------------------------------+
 * | ...  (AFI, SAFI, flags repeat)                   |
 * +--------------------------------------------------+
 * </pre>
 *
 * The flag fields are kept whole (reserved bits included) so a capability re-encodes to its bytes.
 *
 * @param restartFlags the 4-bit Restart Flags field
 * @param restartTime  seconds, 0..4095
 * @param families     the families for which the speaker preserves state, in wire order
 */
public record GracefulRestart(int restartFlags, int restartTime, List<Family> families) implements Capability {

    /** Restart Flags bit R: the speaker has restarted (RFC 4724 §3). */
    public static final int FLAG_RESTART_STATE = 0x8;
    /** Restart Flags bit N: the speaker supports graceful restart for NOTIFICATIONs (RFC 8538 §2). */
    public static final int FLAG_NOTIFICATION = 0x4;
    /** Per-family flag F: forwarding state was preserved across the restart. */
    public static final int FAMILY_FORWARDING_STATE = 0x80;

    /**
     * One AFI/SAFI entry.
     *
     * @param family the address family
     * @param flags  the 8-bit Flags for Address Family field
     */
    public record Family(AddressFamily family, int flags) {
        public Family {
            Objects.requireNonNull(family, "family");
            if (flags < 0 || flags > 0xFF) {
                throw new IllegalArgumentException("family flags out of range 0..255: " + flags);
            }
        }

        /** An entry with the F bit as given and no other bit. */
        public static Family of(AddressFamily family, boolean forwardingStatePreserved) {
            return new Family(family, forwardingStatePreserved ? FAMILY_FORWARDING_STATE : 0);
        }

        /** The F bit. */
        public boolean forwardingStatePreserved() {
            return (flags & FAMILY_FORWARDING_STATE) != 0;
        }

        @Override
        public String toString() {
            return family + (forwardingStatePreserved() ? "(F)" : "") + ((flags & 0x7F) != 0 ? "(flags=0x" + Integer.toHexString(flags) + ")" : "");
        }
    }

    public GracefulRestart {
        if (restartFlags < 0 || restartFlags > 0xF) {
            throw new IllegalArgumentException("restart flags out of range 0..15: " + restartFlags);
        }
        if (restartTime < 0 || restartTime > 0xFFF) {
            throw new IllegalArgumentException("restart time out of range 0..4095: " + restartTime);
        }
        families = List.copyOf(families);
        if (families.size() > 63) {
            throw new IllegalArgumentException("too many families for one capability: " + families.size());
        }
    }

    /** A capability with the R and N bits as given. */
    public static GracefulRestart of(boolean restartState, boolean notification, int restartTime, List<Family> families) {
        return new GracefulRestart((restartState ? FLAG_RESTART_STATE : 0) | (notification ? FLAG_NOTIFICATION : 0),
                restartTime, families);
    }

    /** Decodes the value: 2 octets then 4 per family; ownership of {@code buf} unchanged. */
    public static GracefulRestart decodeValue(ByteBuf buf, int index, int length) throws BgpDecodeException {
        if (length < 2 || (length - 2) % 4 != 0) {
            throw Capabilities.malformed("graceful restart capability length is not 2 + 4n: " + length);
        }
        int head = buf.getUnsignedShort(index);
        List<Family> families = new ArrayList<>((length - 2) / 4);
        for (int p = index + 2; p < index + length; p += 4) {
            families.add(new Family(AddressFamily.of(buf.getUnsignedShort(p), buf.getUnsignedByte(p + 2)),
                    buf.getUnsignedByte(p + 3)));
        }
        return new GracefulRestart(head >>> 12, head & 0xFFF, families);
    }

    /** The R bit: the sender has restarted. */
    public boolean restartState() {
        return (restartFlags & FLAG_RESTART_STATE) != 0;
    }

    /** The N bit (RFC 8538): NOTIFICATIONs other than Hard Reset do not end graceful restart. */
    public boolean notification() {
        return (restartFlags & FLAG_NOTIFICATION) != 0;
    }

    @Override
    public int code() {
        return CapabilityCode.GRACEFUL_RESTART;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(CapabilityCode.GRACEFUL_RESTART);
        out.writeByte(2 + 4 * families.size());
        out.writeShort(restartFlags << 12 | restartTime);
        for (Family f : families) {
            out.writeShort(f.family().afi());
            out.writeByte(f.family().safi());
            out.writeByte(f.flags());
        }
    }

    @Override
    public int encodedLength() {
        return 4 + 4 * families.size();
    }

    @Override
    public String toString() {
        return "graceful-restart(" + (restartState() ? "R " : "") + (notification() ? "N " : "")
                + ((restartFlags & 0x3) != 0 ? "flags=0x" + Integer.toHexString(restartFlags) + " " : "")
                + "time=" + restartTime + "s" + (families.isEmpty() ? "" : " " + families) + ")";
    }
}

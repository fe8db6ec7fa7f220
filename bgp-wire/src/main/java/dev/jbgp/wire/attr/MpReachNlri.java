package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.iana.AttributeType;
import dev.jbgp.wire.iana.Safi;
import io.netty.buffer.ByteBuf;

/**
 * MP_REACH_NLRI (type 14, optional non-transitive, RFC 4760 §3): reachable NLRI of another address
 * family with its next hop. Static readers over the attribute value in place:
 *
 * <pre>
 * +---------------------------------------------------------+
 * | Address Family Identifier (2 octets)                    |  AFI_OFFSET 0
 * | Subsequent Address Family Identifier (1 octet)          |  SAFI_OFFSET 2
 * | Length of Next Hop Network Address (1 octet)            |  NEXT_HOP_LENGTH_OFFSET 3
 * | Network Address of Next Hop (variable)                  |  NEXT_HOP_OFFSET 4
 * | Reserved (1 octet)                                      |
 * | Network Layer Reachability Information (variable)       |
 * +---------------------------------------------------------+
 * </pre>
 *
 * <p>IPv6 next hops are 16 octets (global) or 32 (global then link-local, RFC 2545 §3); IPv4 unicast
 * takes 4, or 16/32 for an IPv6 next hop (RFC 8950). Other families are located but not interpreted.
 * A malformed MP_REACH_NLRI hides the NLRI it carries, so RFC 7606 §7.11 makes it "session reset";
 * the NOTIFICATION is Optional Attribute Error (RFC 4760 §7).
 */
public final class MpReachNlri {

    private MpReachNlri() {
    }

    public static final int AFI_OFFSET = 0;
    public static final int SAFI_OFFSET = 2;
    public static final int NEXT_HOP_LENGTH_OFFSET = 3;
    public static final int NEXT_HOP_OFFSET = 4;
    /** AFI, SAFI, next hop length and reserved octet. */
    public static final int MIN_LENGTH = 5;

    /**
     * Checks the structure and the next hop length for the family.
     *
     * @throws BgpDecodeException session reset, Optional Attribute Error
     */
    public static void validate(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        if (length < MIN_LENGTH) {
            throw error("MP_REACH_NLRI length " + length + " is shorter than its fixed fields");
        }
        int nhLen = buf.getUnsignedByte(offset + NEXT_HOP_LENGTH_OFFSET);
        if (MIN_LENGTH + nhLen > length) {
            throw error("MP_REACH_NLRI next hop length " + nhLen + " runs past the attribute");
        }
        int afi = afi(buf, offset);
        int safi = safi(buf, offset);
        if (safi == Safi.UNICAST || safi == Safi.MULTICAST) {
            boolean ok = afi == Afi.IPV6 ? nhLen == 16 || nhLen == 32
                    : afi != Afi.IPV4 || nhLen == 4 || nhLen == 16 || nhLen == 32;
            if (!ok) {
                throw error("MP_REACH_NLRI next hop length " + nhLen + " is not valid for " + Afi.name(afi));
            }
        }
    }

    static BgpDecodeException error(String message) {
        return BgpDecodeException.sessionReset(ErrorCode.UPDATE_MESSAGE_ERROR,
                Subcodes.Update.OPTIONAL_ATTRIBUTE_ERROR, null, message);
    }

    public static int afi(ByteBuf buf, int offset) {
        return buf.getUnsignedShort(offset + AFI_OFFSET);
    }

    public static int safi(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + SAFI_OFFSET);
    }

    public static int nextHopLength(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + NEXT_HOP_LENGTH_OFFSET);
    }

    /** The absolute offset of the next hop. */
    public static int nextHopOffset(int offset) {
        return offset + NEXT_HOP_OFFSET;
    }

    /** An IPv4 next hop (next hop length 4). */
    public static int nextHopIpv4(ByteBuf buf, int offset) {
        return buf.getInt(offset + NEXT_HOP_OFFSET);
    }

    /** The first 64 bits of the (global) IPv6 next hop. */
    public static long nextHopHigh(ByteBuf buf, int offset) {
        return buf.getLong(offset + NEXT_HOP_OFFSET);
    }

    /** The last 64 bits of the (global) IPv6 next hop. */
    public static long nextHopLow(ByteBuf buf, int offset) {
        return buf.getLong(offset + NEXT_HOP_OFFSET + 8);
    }

    /** Whether a link-local next hop follows the global one (next hop length 32, RFC 2545 §3). */
    public static boolean hasLinkLocal(ByteBuf buf, int offset) {
        return nextHopLength(buf, offset) == 32;
    }

    public static long linkLocalHigh(ByteBuf buf, int offset) {
        return buf.getLong(offset + NEXT_HOP_OFFSET + 16);
    }

    public static long linkLocalLow(ByteBuf buf, int offset) {
        return buf.getLong(offset + NEXT_HOP_OFFSET + 24);
    }

    /** The absolute offset of the NLRI field of a validated value. */
    public static int nlriOffset(ByteBuf buf, int offset) {
        return offset + MIN_LENGTH + nextHopLength(buf, offset);
    }

    /** The length of the NLRI field of a validated value. */
    public static int nlriLength(ByteBuf buf, int offset, int length) {
        return length - MIN_LENGTH - nextHopLength(buf, offset);
    }

    /**
     * Begins an MP_REACH_NLRI attribute for IPv6 unicast with a global (and optionally link-local)
     * next hop; the caller writes the NLRI and then calls {@link AttributeWriter#patchExtended}.
     * The caller owns {@code out}.
     *
     * @return the attribute start to patch
     */
    public static int beginIpv6(ByteBuf out, long nhHigh, long nhLow, boolean linkLocal, long llHigh, long llLow) {
        int start = AttributeWriter.beginExtended(out, AttributeCursor.FLAG_OPTIONAL, AttributeType.MP_REACH_NLRI);
        out.writeShort(Afi.IPV6);
        out.writeByte(Safi.UNICAST);
        out.writeByte(linkLocal ? 32 : 16);
        out.writeLong(nhHigh);
        out.writeLong(nhLow);
        if (linkLocal) {
            out.writeLong(llHigh);
            out.writeLong(llLow);
        }
        out.writeByte(0);
        return start;
    }
}

package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * MP_UNREACH_NLRI (type 15, optional non-transitive, RFC 4760 §4): withdrawn NLRI of another address
 * family. An attribute holding only AFI and SAFI is that family's End-of-RIB marker (RFC 4724 §2).
 *
 * <pre>
 * +---------------------------------------------------------+
 * | Address Family Identifier (2 octets)                    |  AFI_OFFSET 0
 * | Subsequent Address Family Identifier (1 octet)          |  SAFI_OFFSET 2
 * | Withdrawn Routes (variable)                             |  WITHDRAWN_OFFSET 3
 * +---------------------------------------------------------+
 * </pre>
 */
public final class MpUnreachNlri {

    private MpUnreachNlri() {
    }

    public static final int AFI_OFFSET = 0;
    public static final int SAFI_OFFSET = 2;
    public static final int WITHDRAWN_OFFSET = 3;
    /** AFI and SAFI. */
    public static final int MIN_LENGTH = 3;

    /**
     * Checks the fixed fields.
     *
     * @throws BgpDecodeException session reset, Optional Attribute Error (RFC 7606 §7.11, RFC 4760 §7)
     */
    public static void validate(int length) throws BgpDecodeException {
        if (length < MIN_LENGTH) {
            throw MpReachNlri.error("MP_UNREACH_NLRI length " + length + " is shorter than AFI and SAFI");
        }
    }

    public static int afi(ByteBuf buf, int offset) {
        return buf.getUnsignedShort(offset + AFI_OFFSET);
    }

    public static int safi(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + SAFI_OFFSET);
    }

    /** The absolute offset of the withdrawn routes. */
    public static int withdrawnOffset(int offset) {
        return offset + WITHDRAWN_OFFSET;
    }

    /** The length of the withdrawn routes of a validated value. */
    public static int withdrawnLength(int length) {
        return length - MIN_LENGTH;
    }

    /**
     * Begins an MP_UNREACH_NLRI attribute; write the withdrawn NLRI, then {@link AttributeWriter#patchExtended}.
     * The caller owns {@code out}.
     *
     * @return the attribute start to patch
     */
    public static int begin(ByteBuf out, int afi, int safi) {
        int start = AttributeWriter.beginExtended(out, AttributeCursor.FLAG_OPTIONAL, AttributeType.MP_UNREACH_NLRI);
        out.writeShort(afi);
        out.writeByte(safi);
        return start;
    }
}

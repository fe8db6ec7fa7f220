package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * ORIGINATOR_ID (type 9, optional non-transitive, RFC 4456 §8): the BGP Identifier of the route's
 * originator inside the AS, set by a route reflector; used for loop detection and the §9 tie-break.
 */
public final class OriginatorId {

    private OriginatorId() {
    }

    /** The only valid value length. */
    public static final int LENGTH = 4;

    /**
     * Reads the identifier.
     *
     * @throws BgpDecodeException treat-as-withdraw with Attribute Length Error when the length is not 4 (RFC 7606 §7.9)
     */
    public static int read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        if (length != LENGTH) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "ORIGINATOR_ID length " + length + ", expected 4");
        }
        return buf.getInt(offset);
    }

    /** Writes an ORIGINATOR_ID attribute at the writer index. The caller owns {@code out}. */
    public static void write(ByteBuf out, int routerId) {
        out.writeByte(AttributeCursor.FLAG_OPTIONAL);
        out.writeByte(AttributeType.ORIGINATOR_ID);
        out.writeByte(LENGTH);
        out.writeInt(routerId);
    }
}

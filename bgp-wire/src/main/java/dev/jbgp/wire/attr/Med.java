package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * MULTI_EXIT_DISC (type 4, optional non-transitive, RFC 4271 §5.1.4): an unsigned 32-bit metric, lower
 * preferred (§9.1.2.2 c). Held in a {@code long} so that it compares as unsigned.
 */
public final class Med {

    private Med() {
    }

    /** The only valid value length. */
    public static final int LENGTH = 4;

    /**
     * Reads the metric.
     *
     * @throws BgpDecodeException treat-as-withdraw with Attribute Length Error when the length is not 4 (RFC 7606 §7.4)
     */
    public static long read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        if (length != LENGTH) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "MULTI_EXIT_DISC length " + length + ", expected 4");
        }
        return buf.getUnsignedInt(offset);
    }

    /** Writes a MULTI_EXIT_DISC attribute at the writer index. The caller owns {@code out}. */
    public static void write(ByteBuf out, long med) {
        out.writeByte(AttributeCursor.FLAG_OPTIONAL);
        out.writeByte(AttributeType.MULTI_EXIT_DISC);
        out.writeByte(LENGTH);
        out.writeInt((int) med);
    }
}

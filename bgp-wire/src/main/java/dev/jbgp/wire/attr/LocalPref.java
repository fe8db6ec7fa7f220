package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * LOCAL_PREF (type 5, well-known, only on iBGP sessions, RFC 4271 §5.1.5): an unsigned 32-bit
 * preference, higher preferred (§9.1.1). Held in a {@code long} so that it compares as unsigned.
 *
 * <p>RFC 7606 §7.5: received from an external peer it is discarded whatever it holds; from an
 * internal peer a length other than 4 makes the UPDATE treat-as-withdraw.
 */
public final class LocalPref {

    private LocalPref() {
    }

    /** The only valid value length. */
    public static final int LENGTH = 4;

    /**
     * Reads the preference.
     *
     * @throws BgpDecodeException treat-as-withdraw with Attribute Length Error when the length is not 4
     */
    public static long read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        if (length != LENGTH) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "LOCAL_PREF length " + length + ", expected 4");
        }
        return buf.getUnsignedInt(offset);
    }

    /** Writes a LOCAL_PREF attribute at the writer index. The caller owns {@code out}. */
    public static void write(ByteBuf out, long localPref) {
        out.writeByte(AttributeCursor.FLAG_TRANSITIVE);
        out.writeByte(AttributeType.LOCAL_PREF);
        out.writeByte(LENGTH);
        out.writeInt((int) localPref);
    }
}

package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import io.netty.buffer.ByteBuf;

/**
 * ORIGIN (type 1, well-known mandatory, RFC 4271 §4.3 / §5.1.1): how the route entered BGP. Lower is
 * preferred by the decision process (§9.1.2.2 c), which is the declaration order here.
 */
public enum Origin {
    IGP(0),
    EGP(1),
    INCOMPLETE(2);

    /** The only valid value length. */
    public static final int LENGTH = 1;

    private static final Origin[] VALUES = values();

    private final int code;

    Origin(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The origin for a valid wire value. */
    public static Origin of(int code) {
        if (code < 0 || code > 2) {
            throw new IllegalArgumentException("ORIGIN must be 0..2, got " + code);
        }
        return VALUES[code];
    }

    /**
     * Reads the ORIGIN code from its value in place.
     *
     * @throws BgpDecodeException treat-as-withdraw when the length is not 1 or the value is above 2
     *                            (RFC 7606 §7.1), with Attribute Length Error or Invalid ORIGIN Attribute
     */
    public static int read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        if (length != LENGTH) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "ORIGIN length " + length + ", expected 1");
        }
        int value = buf.getUnsignedByte(offset);
        if (value > 2) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.INVALID_ORIGIN_ATTRIBUTE, null,
                    "ORIGIN value " + value + " is not IGP, EGP or INCOMPLETE");
        }
        return value;
    }

    /** The lower-case name used in text forms ({@code igp}, {@code egp}, {@code incomplete}). */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

/**
 * ATOMIC_AGGREGATE (type 6, well-known discretionary, RFC 4271 §5.1.6): a flag with an empty value
 * saying that a less specific route was chosen over a more specific one.
 */
public final class AtomicAggregate {

    private AtomicAggregate() {
    }

    /**
     * Checks the value length.
     *
     * @throws BgpDecodeException attribute discard with Attribute Length Error when the length is not 0 (RFC 7606 §7.6)
     */
    public static void check(int length) throws BgpDecodeException {
        if (length != 0) {
            throw BgpDecodeException.attributeDiscard(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "ATOMIC_AGGREGATE length " + length + ", expected 0");
        }
    }

    /** Writes an ATOMIC_AGGREGATE attribute at the writer index. The caller owns {@code out}. */
    public static void write(ByteBuf out) {
        out.writeByte(AttributeCursor.FLAG_TRANSITIVE);
        out.writeByte(AttributeType.ATOMIC_AGGREGATE);
        out.writeByte(0);
    }
}

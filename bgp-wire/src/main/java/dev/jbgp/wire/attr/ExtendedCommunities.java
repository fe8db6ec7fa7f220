package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * EXTENDED_COMMUNITIES (type 16, optional transitive, RFC 4360): a list of 8-octet
 * {@link ExtendedCommunity} values, read in place or as a list.
 */
public final class ExtendedCommunities {

    private ExtendedCommunities() {
    }

    /**
     * Checks the value length and returns the number of communities.
     *
     * @throws BgpDecodeException treat-as-withdraw with Attribute Length Error when the length is not a
     *                            non-zero multiple of 8 (RFC 7606 §7.14)
     */
    public static int count(int length) throws BgpDecodeException {
        if (length == 0 || (length & 7) != 0) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "EXTENDED_COMMUNITIES length " + length + " is not a non-zero multiple of 8");
        }
        return length >>> 3;
    }

    /** The community at {@code index} of a validated value, as its 8 octets. */
    public static long get(ByteBuf buf, int offset, int index) {
        return buf.getLong(offset + 8 * index);
    }

    /** Reads every community (allocates). */
    public static List<ExtendedCommunity> read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        int n = count(length);
        List<ExtendedCommunity> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ExtendedCommunity(get(buf, offset, i)));
        }
        return List.copyOf(out);
    }

    /** Writes an EXTENDED_COMMUNITIES attribute. The caller owns {@code out}. */
    public static void write(ByteBuf out, Collection<ExtendedCommunity> communities) {
        AttributeWriter.header(out, AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE,
                AttributeType.EXTENDED_COMMUNITIES, communities.size() * 8);
        for (ExtendedCommunity c : communities) {
            out.writeLong(c.value());
        }
    }
}

package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * COMMUNITIES (type 8, optional transitive, RFC 1997): a list of 4-octet {@link Community} values.
 * Static readers work in place; {@link #read} builds a list for users.
 */
public final class Communities {

    private Communities() {
    }

    /**
     * Checks the value length and returns the number of communities.
     *
     * @throws BgpDecodeException treat-as-withdraw with Attribute Length Error when the length is not a
     *                            non-zero multiple of 4 (RFC 7606 §7.8)
     */
    public static int count(int length) throws BgpDecodeException {
        if (length == 0 || (length & 3) != 0) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "COMMUNITIES length " + length + " is not a non-zero multiple of 4");
        }
        return length >>> 2;
    }

    /** The community value at {@code index} of a validated value. */
    public static int get(ByteBuf buf, int offset, int index) {
        return buf.getInt(offset + 4 * index);
    }

    /** Whether a value holds {@code community} (e.g. NO_EXPORT before export), without allocating. */
    public static boolean contains(ByteBuf buf, int offset, int length, Community community) {
        int v = community.value();
        for (int p = offset; p + 4 <= offset + length; p += 4) {
            if (buf.getInt(p) == v) {
                return true;
            }
        }
        return false;
    }

    /** Reads every community (allocates). */
    public static List<Community> read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        int n = count(length);
        List<Community> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Community(get(buf, offset, i)));
        }
        return List.copyOf(out);
    }

    /** Writes a COMMUNITIES attribute. The caller owns {@code out}. */
    public static void write(ByteBuf out, Collection<Community> communities) {
        AttributeWriter.header(out, AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE,
                AttributeType.COMMUNITIES, communities.size() * 4);
        for (Community c : communities) {
            out.writeInt(c.value());
        }
    }
}

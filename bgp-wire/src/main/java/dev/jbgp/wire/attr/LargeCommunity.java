package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One RFC 8092 large community ({@code 65000:1:2}: global administrator and two local data parts,
 * each unsigned 32-bit), plus the in-place readers of the LARGE_COMMUNITY attribute (type 32,
 * optional transitive). Immutable.
 */
public record LargeCommunity(long globalAdministrator, long localData1, long localData2) {

    public LargeCommunity {
        check(globalAdministrator);
        check(localData1);
        check(localData2);
    }

    private static void check(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("large community parts must be 0..4294967295, got " + v);
        }
    }

    /**
     * Parses {@code a:b:c}.
     *
     * @throws IllegalArgumentException naming the input and the expected form
     */
    public static LargeCommunity parse(String text) {
        String[] p = text.trim().split(":", -1);
        try {
            if (p.length == 3) {
                return new LargeCommunity(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new IllegalArgumentException("bad large community '" + text + "': expected a:b:c, each 0..4294967295");
    }

    /**
     * Checks a LARGE_COMMUNITY value length and returns the number of communities.
     *
     * @throws BgpDecodeException treat-as-withdraw with Attribute Length Error when the length is not a
     *                            non-zero multiple of 12 (RFC 8092 §5)
     */
    public static int count(int length) throws BgpDecodeException {
        if (length == 0 || length % 12 != 0) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "LARGE_COMMUNITY length " + length + " is not a non-zero multiple of 12");
        }
        return length / 12;
    }

    /** The community at {@code index} of a validated value (allocates one value). */
    public static LargeCommunity get(ByteBuf buf, int offset, int index) {
        int p = offset + 12 * index;
        return new LargeCommunity(buf.getUnsignedInt(p), buf.getUnsignedInt(p + 4), buf.getUnsignedInt(p + 8));
    }

    /** Reads every community of a value (allocates). */
    public static List<LargeCommunity> read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        int n = count(length);
        List<LargeCommunity> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(get(buf, offset, i));
        }
        return List.copyOf(out);
    }

    /** Writes a LARGE_COMMUNITY attribute. The caller owns {@code out}. */
    public static void write(ByteBuf out, Collection<LargeCommunity> communities) {
        AttributeWriter.header(out, AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE,
                AttributeType.LARGE_COMMUNITY, communities.size() * 12);
        for (LargeCommunity c : communities) {
            out.writeInt((int) c.globalAdministrator);
            out.writeInt((int) c.localData1);
            out.writeInt((int) c.localData2);
        }
    }

    @Override
    public String toString() {
        return globalAdministrator + ":" + localData1 + ":" + localData2;
    }
}

package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * AS4_PATH (type 17, optional transitive, RFC 6793): the real 4-octet AS path that a 2-octet-only
 * speaker carries beside its AS_PATH (where large ASes read AS_TRANS), and the reconciliation of
 * the two (RFC 6793 §4.2.3).
 *
 * <p>Only a session without the 4-octet AS capability looks at it; a 4-octet session ignores it
 * (RFC 6793 §4.2.2).
 */
public final class As4Path {

    private As4Path() {
    }

    /**
     * Checks an AS4_PATH value (always 4-octet ASes).
     *
     * @throws BgpDecodeException attribute discard with Malformed AS_PATH: a malformed AS4_PATH does
     *                            not touch the route, which keeps its AS_PATH (RFC 6793 §6, RFC 7606 §7.2 does
     *                            not apply to it)
     */
    public static void validate(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        try {
            AsPath.validate(buf, offset, length, true, "AS4_PATH");
        } catch (BgpDecodeException e) {
            throw e.withAction(ErrorAction.ATTRIBUTE_DISCARD);
        }
        if (length == 0) {
            throw BgpDecodeException.attributeDiscard(dev.jbgp.wire.error.Subcodes.Update.ATTRIBUTE_LENGTH_ERROR,
                    null, "AS4_PATH is empty");
        }
    }

    /**
     * Decodes an AS4_PATH value without its confederation segments, which RFC 6793 §6 says to
     * discard (the rest of the attribute is kept).
     *
     * @throws BgpDecodeException as {@link #validate}
     */
    public static AsPath decode(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        validate(buf, offset, length);
        return AsPath.decodeValid(buf, offset, length, true).withoutConfed();
    }

    /**
     * RFC 6793 §4.2.3: merges the AS_PATH received from a 2-octet speaker with its AS4_PATH. When the
     * AS4_PATH has more hops than the AS_PATH it is ignored; otherwise the leading
     * {@code hops(AS_PATH) - hops(AS4_PATH)} hops of the AS_PATH (with any confederation segments
     * among them) are followed by the AS4_PATH. Confederation segments of {@code as4Path} are dropped.
     */
    public static AsPath reconcile(AsPath asPath, AsPath as4Path) {
        AsPath as4 = as4Path.withoutConfed();
        int keep = asPath.hopCount() - as4.hopCount();
        if (keep < 0) {
            return asPath;
        }
        List<AsPathSegment> out = new ArrayList<>();
        for (AsPathSegment s : asPath.segments()) {
            if (s.isConfed()) {
                out.add(s);
                continue;
            }
            if (keep == 0) {
                break;
            }
            if (s.type() == AsPathSegment.AS_SET) {
                out.add(s);
                keep--;
            } else if (s.size() <= keep) {
                out.add(s);
                keep -= s.size();
            } else {
                int[] part = new int[keep];
                System.arraycopy(s.rawAsns(), 0, part, 0, keep);
                out.add(AsPathSegment.ofInts(AsPathSegment.AS_SEQUENCE, part));
                keep = 0;
            }
        }
        return AsPath.of(out).concat(as4);
    }

    /** Writes an AS4_PATH attribute holding {@code path} without confederation segments. The caller owns {@code out}. */
    public static void write(ByteBuf out, AsPath path) {
        AsPath p = path.withoutConfed();
        AttributeWriter.header(out, AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE,
                AttributeType.AS4_PATH, p.valueLength(true));
        p.writeValue(out, true);
    }
}

package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * AS_PATH (type 2, well-known mandatory, RFC 4271 §4.3 / §5.1.2, RFC 6793, RFC 5065): the ASes a route
 * passed, as segments.
 *
 * <p>Two faces. Static readers work in place over {@code (buf, offset, length, fourOctet)} for the hot
 * path ({@link #validate}, {@link #hopCount}, {@link #firstAs}, {@link #contains}) without allocating.
 * Instances are immutable values for users and policy: {@link #decode}, {@link #parse} the text form
 * {@code 65001 65001 {65002,65003} (65010 65011) [65012,65013]}, prepend, and {@link #write} in 2- or
 * 4-octet form.
 *
 * <p>Value layout: a sequence of {@code type (1) count (1) count × ASN (2 or 4 octets each)}.
 */
public final class AsPath {

    /** RFC 6793 §9: the 2-octet stand-in for an AS number above 65535. */
    public static final int AS_TRANS = 23456;

    /** The empty path (routes originated in our AS, on iBGP). */
    public static final AsPath EMPTY = new AsPath(List.of());

    private final List<AsPathSegment> segments;

    private AsPath(List<AsPathSegment> segments) {
        this.segments = segments;
    }

    /** A path of these segments, in order. */
    public static AsPath of(List<AsPathSegment> segments) {
        return segments.isEmpty() ? EMPTY : new AsPath(List.copyOf(segments));
    }

    /** A path that is one AS_SEQUENCE of these ASes (split into 255-AS segments as needed). */
    public static AsPath sequence(long... asns) {
        if (asns.length == 0) {
            return EMPTY;
        }
        int[] a = new int[asns.length];
        for (int i = 0; i < asns.length; i++) {
            a[i] = (int) AsPathSegment.of(AsPathSegment.AS_SEQUENCE, asns[i]).asn(0);
        }
        return new AsPath(splitSequence(AsPathSegment.AS_SEQUENCE, a));
    }

    private static List<AsPathSegment> splitSequence(int type, int[] a) {
        List<AsPathSegment> out = new ArrayList<>();
        for (int i = 0; i < a.length; i += AsPathSegment.MAX_LENGTH) {
            int n = Math.min(AsPathSegment.MAX_LENGTH, a.length - i);
            int[] part = new int[n];
            System.arraycopy(a, i, part, 0, n);
            out.add(AsPathSegment.ofInts(type, part));
        }
        return out;
    }

    /** The segments, in order (unmodifiable). */
    public List<AsPathSegment> segments() {
        return segments;
    }

    /** Whether the path has no segments. */
    public boolean isEmpty() {
        return segments.isEmpty();
    }

    // ---------------------------------------------------------------- in-place readers

    /**
     * Checks the syntax of an AS_PATH value: segment types 1..4, counts 1..255, no segment running
     * past the value, and no AS 0 (RFC 7607 §2).
     *
     * @throws BgpDecodeException treat-as-withdraw with Malformed AS_PATH (RFC 7606 §7.2)
     */
    public static void validate(ByteBuf buf, int offset, int length, boolean fourOctet) throws BgpDecodeException {
        validate(buf, offset, length, fourOctet, "AS_PATH");
    }

    static void validate(ByteBuf buf, int offset, int length, boolean fourOctet, String name) throws BgpDecodeException {
        int width = fourOctet ? 4 : 2;
        int p = offset;
        int end = offset + length;
        while (p < end) {
            if (end - p < 2) {
                throw malformed(name + " ends inside a segment header");
            }
            int type = buf.getUnsignedByte(p);
            int count = buf.getUnsignedByte(p + 1);
            if (type < AsPathSegment.AS_SET || type > AsPathSegment.AS_CONFED_SET) {
                throw malformed(name + " segment type " + type + " is not 1..4");
            }
            if (count == 0) {
                throw malformed(name + " has an empty segment");
            }
            p += 2;
            if (count * width > end - p) {
                throw malformed(name + " segment of " + count + " ASes runs past the attribute");
            }
            for (int i = 0; i < count; i++, p += width) {
                int asn = fourOctet ? buf.getInt(p) : buf.getUnsignedShort(p);
                if (asn == 0) {
                    throw malformed(name + " contains AS 0 (RFC 7607)");
                }
            }
        }
    }

    private static BgpDecodeException malformed(String message) {
        return BgpDecodeException.treatAsWithdraw(Subcodes.Update.MALFORMED_AS_PATH, null, message);
    }

    /**
     * The path length for the decision process (RFC 4271 §9.1.2.2 a): AS_SEQUENCE members count one
     * each, an AS_SET counts 1, confederation segments 0 (RFC 5065 §5.3). The value must be valid.
     */
    public static int hopCount(ByteBuf buf, int offset, int length, boolean fourOctet) {
        int width = fourOctet ? 4 : 2;
        int hops = 0;
        int p = offset;
        int end = offset + length;
        while (p + 2 <= end) {
            int type = buf.getUnsignedByte(p);
            int count = buf.getUnsignedByte(p + 1);
            if (type == AsPathSegment.AS_SEQUENCE) {
                hops += count;
            } else if (type == AsPathSegment.AS_SET) {
                hops++;
            }
            p += 2 + count * width;
        }
        return hops;
    }

    /**
     * The leftmost AS: after any leading confederation segments (RFC 5065 §5.3), the first AS of the
     * first AS_SEQUENCE or AS_SET; 0 when there is none. This is the "neighbour AS" of RFC 4271
     * §9.1.2.2 c for MED comparison and what the RIB checks against the peer AS on eBGP (§6.3).
     * AS 0 is reserved (RFC 7607), so 0 serves as "none". The value must be valid.
     */
    public static long firstAs(ByteBuf buf, int offset, int length, boolean fourOctet) {
        int width = fourOctet ? 4 : 2;
        int p = offset;
        int end = offset + length;
        while (p + 2 + width <= end) {
            int type = buf.getUnsignedByte(p);
            if (type == AsPathSegment.AS_SEQUENCE || type == AsPathSegment.AS_SET) {
                return fourOctet ? buf.getUnsignedInt(p + 2) : buf.getUnsignedShort(p + 2);
            }
            p += 2 + buf.getUnsignedByte(p + 1) * width;
        }
        return 0;
    }

    /** Whether any segment of a valid value holds {@code asn} (loop detection, RFC 4271 §9.1.2). */
    public static boolean contains(ByteBuf buf, int offset, int length, boolean fourOctet, long asn) {
        int width = fourOctet ? 4 : 2;
        int p = offset;
        int end = offset + length;
        while (p + 2 <= end) {
            int count = buf.getUnsignedByte(p + 1);
            p += 2;
            for (int i = 0; i < count && p + width <= end; i++, p += width) {
                long a = fourOctet ? buf.getUnsignedInt(p) : buf.getUnsignedShort(p);
                if (a == asn) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Decodes a value into an immutable path (allocates).
     *
     * @throws BgpDecodeException as {@link #validate}
     */
    public static AsPath decode(ByteBuf buf, int offset, int length, boolean fourOctet) throws BgpDecodeException {
        validate(buf, offset, length, fourOctet);
        return decodeValid(buf, offset, length, fourOctet);
    }

    static AsPath decodeValid(ByteBuf buf, int offset, int length, boolean fourOctet) {
        if (length == 0) {
            return EMPTY;
        }
        int width = fourOctet ? 4 : 2;
        List<AsPathSegment> segs = new ArrayList<>();
        int p = offset;
        int end = offset + length;
        while (p + 2 <= end) {
            int type = buf.getUnsignedByte(p);
            int count = buf.getUnsignedByte(p + 1);
            p += 2;
            int[] asns = new int[count];
            for (int i = 0; i < count; i++, p += width) {
                asns[i] = fourOctet ? buf.getInt(p) : buf.getUnsignedShort(p);
            }
            segs.add(AsPathSegment.ofInts(type, asns));
        }
        return new AsPath(Collections.unmodifiableList(segs));
    }

    // ---------------------------------------------------------------- value operations

    /** The path length for the decision process (see {@link #hopCount(ByteBuf, int, int, boolean)}). */
    public int hopCount() {
        int n = 0;
        for (AsPathSegment s : segments) {
            n += s.hopCount();
        }
        return n;
    }

    /** The number of ASes in confederation segments, an AS_CONFED_SET counting 1. */
    public int confedCount() {
        int n = 0;
        for (AsPathSegment s : segments) {
            if (s.type() == AsPathSegment.AS_CONFED_SEQUENCE) {
                n += s.size();
            } else if (s.type() == AsPathSegment.AS_CONFED_SET) {
                n++;
            }
        }
        return n;
    }

    /** The leftmost AS (see {@link #firstAs(ByteBuf, int, int, boolean)}), or 0 for none. */
    public long firstAs() {
        for (AsPathSegment s : segments) {
            if (!s.isConfed()) {
                return s.asn(0);
            }
        }
        return 0;
    }

    /** Whether any segment holds {@code asn}. */
    public boolean contains(long asn) {
        for (AsPathSegment s : segments) {
            for (int i = 0; i < s.size(); i++) {
                if (s.asn(i) == asn) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether any AS needs 4 octets (and so AS_TRANS plus AS4_PATH towards a 2-octet peer). */
    public boolean hasFourOctetAs() {
        for (AsPathSegment s : segments) {
            for (int i = 0; i < s.size(); i++) {
                if (s.asn(i) > 0xFFFF) {
                    return true;
                }
            }
        }
        return false;
    }

    /** This path without AS_CONFED_SEQUENCE / AS_CONFED_SET segments (leaving a confederation, RFC 5065 §5.1). */
    public AsPath withoutConfed() {
        List<AsPathSegment> out = new ArrayList<>(segments.size());
        for (AsPathSegment s : segments) {
            if (!s.isConfed()) {
                out.add(s);
            }
        }
        return of(out);
    }

    /**
     * {@code asn} prepended {@code count} times (RFC 4271 §5.1.2 when sending to eBGP, or policy
     * prepending): added to the leading AS_SEQUENCE, or in a new one; segments never exceed 255 ASes.
     */
    public AsPath prepend(long asn, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("prepend count must be >= 0, got " + count);
        }
        if (count == 0) {
            return this;
        }
        long[] asns = new long[count];
        java.util.Arrays.fill(asns, asn);
        return sequence(asns).concat(this);
    }

    /** {@code asn} prepended once. */
    public AsPath prepend(long asn) {
        return prepend(asn, 1);
    }

    /**
     * This path followed by {@code tail}: when this ends with an AS_SEQUENCE and {@code tail} starts
     * with one, they are merged (re-split at 255 ASes); other segments stay as they are.
     */
    public AsPath concat(AsPath tail) {
        if (isEmpty()) {
            return tail;
        }
        if (tail.isEmpty()) {
            return this;
        }
        List<AsPathSegment> out = new ArrayList<>(segments.size() + tail.segments.size());
        out.addAll(segments.subList(0, segments.size() - 1));
        AsPathSegment last = segments.get(segments.size() - 1);
        AsPathSegment first = tail.segments.get(0);
        if (last.type() == AsPathSegment.AS_SEQUENCE && first.type() == AsPathSegment.AS_SEQUENCE) {
            int[] merged = new int[last.size() + first.size()];
            System.arraycopy(last.rawAsns(), 0, merged, 0, last.size());
            System.arraycopy(first.rawAsns(), 0, merged, last.size(), first.size());
            out.addAll(splitSequence(AsPathSegment.AS_SEQUENCE, merged));
        } else {
            out.add(last);
            out.add(first);
        }
        out.addAll(tail.segments.subList(1, tail.segments.size()));
        return new AsPath(Collections.unmodifiableList(out));
    }

    // ---------------------------------------------------------------- encoding

    /** The value length in octets for 2- or 4-octet ASes. */
    public int valueLength(boolean fourOctet) {
        int width = fourOctet ? 4 : 2;
        int n = 0;
        for (AsPathSegment s : segments) {
            n += 2 + s.size() * width;
        }
        return n;
    }

    /**
     * Writes the value in 2- or 4-octet form; in 2-octet form ASes above 65535 become AS_TRANS
     * (RFC 6793 §4.2.2). The caller owns {@code out}.
     */
    public void writeValue(ByteBuf out, boolean fourOctet) {
        for (AsPathSegment s : segments) {
            out.writeByte(s.type());
            out.writeByte(s.size());
            for (int i = 0; i < s.size(); i++) {
                long asn = s.asn(i);
                if (fourOctet) {
                    out.writeInt((int) asn);
                } else {
                    out.writeShort(asn > 0xFFFF ? AS_TRANS : (int) asn);
                }
            }
        }
    }

    /** Writes the whole AS_PATH attribute (flags, type, length, value). The caller owns {@code out}. */
    public void write(ByteBuf out, boolean fourOctet) {
        AttributeWriter.header(out, AttributeCursor.FLAG_TRANSITIVE, AttributeType.AS_PATH, valueLength(fourOctet));
        writeValue(out, fourOctet);
    }

    // ---------------------------------------------------------------- text

    /**
     * Parses the text form: ASes separated by spaces; {@code {a,b}} an AS_SET, {@code (a b)} an
     * AS_CONFED_SEQUENCE, {@code [a,b]} an AS_CONFED_SET. Consecutive plain ASes form one AS_SEQUENCE
     * (split at 255). The empty string is the empty path.
     *
     * @throws IllegalArgumentException naming the input and the expected form
     */
    public static AsPath parse(String text) {
        List<AsPathSegment> out = new ArrayList<>();
        List<Long> seq = new ArrayList<>();
        int i = 0;
        int n = text.length();
        try {
            while (i < n) {
                char c = text.charAt(i);
                if (c == ' ') {
                    i++;
                } else if (c == '{' || c == '(' || c == '[') {
                    flushSequence(seq, out);
                    char close = c == '{' ? '}' : c == '(' ? ')' : ']';
                    int j = text.indexOf(close, i);
                    if (j < 0) {
                        throw new IllegalArgumentException("missing '" + close + "'");
                    }
                    String[] parts = text.substring(i + 1, j).trim().split("[ ,]+");
                    long[] asns = new long[parts.length];
                    for (int k = 0; k < parts.length; k++) {
                        asns[k] = parseAsn(parts[k]);
                    }
                    int type = c == '{' ? AsPathSegment.AS_SET
                            : c == '(' ? AsPathSegment.AS_CONFED_SEQUENCE : AsPathSegment.AS_CONFED_SET;
                    out.add(AsPathSegment.of(type, asns));
                    i = j + 1;
                } else {
                    int j = i;
                    while (j < n && text.charAt(j) != ' ' && "{([".indexOf(text.charAt(j)) < 0) {
                        j++;
                    }
                    seq.add(parseAsn(text.substring(i, j)));
                    i = j;
                }
            }
            flushSequence(seq, out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad AS path '" + text
                    + "': expected ASNs separated by spaces, {a,b} sets, (a b) confed sequences, [a,b] confed sets ("
                    + e.getMessage() + ")");
        }
        return of(out);
    }

    private static void flushSequence(List<Long> seq, List<AsPathSegment> out) {
        if (seq.isEmpty()) {
            return;
        }
        int[] a = new int[seq.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = (int) (long) seq.get(k);
        }
        out.addAll(splitSequence(AsPathSegment.AS_SEQUENCE, a));
        seq.clear();
    }

    private static long parseAsn(String s) {
        long v;
        int dot = s.indexOf('.');
        if (dot >= 0) {
            // asdot notation (RFC 5396): high.low
            v = (Long.parseLong(s.substring(0, dot)) << 16) | Long.parseLong(s.substring(dot + 1));
        } else {
            v = Long.parseLong(s);
        }
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("AS number out of range: " + s);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPath && ((AsPath) o).segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    /** The text form, e.g. {@code 65001 65001 {65002,65003} (65010 65011) [65012,65013]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (AsPathSegment s : segments) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            s.appendTo(sb);
        }
        return sb.toString();
    }
}

package dev.jbgp.wire.attr;

import java.util.Arrays;

/**
 * One AS_PATH segment (RFC 4271 §4.3, RFC 5065 §3): a type and 1..255 AS numbers. Immutable; AS
 * numbers are unsigned 32-bit values held in a private {@code int[]}.
 */
public final class AsPathSegment {

    /** Unordered set of ASes (RFC 4271). */
    public static final int AS_SET = 1;
    /** Ordered list of ASes (RFC 4271). */
    public static final int AS_SEQUENCE = 2;
    /** Ordered confederation member ASes (RFC 5065). */
    public static final int AS_CONFED_SEQUENCE = 3;
    /** Unordered confederation member ASes (RFC 5065). */
    public static final int AS_CONFED_SET = 4;
    /** At most this many ASes fit in one segment (the count is one octet). */
    public static final int MAX_LENGTH = 255;

    private final int type;
    private final int[] asns;

    private AsPathSegment(int type, int[] asns) {
        if (type < AS_SET || type > AS_CONFED_SET) {
            throw new IllegalArgumentException("AS_PATH segment type must be 1..4, got " + type);
        }
        if (asns.length == 0 || asns.length > MAX_LENGTH) {
            throw new IllegalArgumentException("AS_PATH segment must hold 1..255 ASes, got " + asns.length);
        }
        this.type = type;
        this.asns = asns;
    }

    /** A segment of {@code type} holding {@code asns} (unsigned 32-bit values in {@code long}s). */
    public static AsPathSegment of(int type, long... asns) {
        int[] a = new int[asns.length];
        for (int i = 0; i < asns.length; i++) {
            if (asns[i] < 0 || asns[i] > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("AS number out of range 0..4294967295: " + asns[i]);
            }
            a[i] = (int) asns[i];
        }
        return new AsPathSegment(type, a);
    }

    /** An AS_SEQUENCE of {@code asns}. */
    public static AsPathSegment sequence(long... asns) {
        return of(AS_SEQUENCE, asns);
    }

    /** An AS_SET of {@code asns}. */
    public static AsPathSegment set(long... asns) {
        return of(AS_SET, asns);
    }

    /**
     * A segment of {@code type} from AS numbers held unsigned in {@code int}s, the compact form
     * tables keep; the array is copied.
     */
    public static AsPathSegment ofUnsigned(int type, int[] asns) {
        return new AsPathSegment(type, asns.clone());
    }

    static AsPathSegment ofInts(int type, int[] asns) {
        return new AsPathSegment(type, asns);
    }

    /** The segment type (1..4). */
    public int type() {
        return type;
    }

    /** The number of ASes. */
    public int size() {
        return asns.length;
    }

    /** The AS at {@code index} as an unsigned value. */
    public long asn(int index) {
        return asns[index] & 0xFFFFFFFFL;
    }

    /** A copy of the AS numbers as unsigned values. */
    public long[] asns() {
        long[] out = new long[asns.length];
        for (int i = 0; i < asns.length; i++) {
            out[i] = asns[i] & 0xFFFFFFFFL;
        }
        return out;
    }

    int rawAsn(int index) {
        return asns[index];
    }

    int[] rawAsns() {
        return asns;
    }

    /** Whether this is an AS_CONFED_SEQUENCE or AS_CONFED_SET. */
    public boolean isConfed() {
        return type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET;
    }

    /** Whether this is an AS_SET or AS_CONFED_SET. */
    public boolean isSet() {
        return type == AS_SET || type == AS_CONFED_SET;
    }

    /**
     * What this segment adds to the path length of the decision process (RFC 4271 §9.1.2.2 a):
     * an AS_SEQUENCE its size, an AS_SET 1, confederation segments 0 (RFC 5065 §5.3).
     */
    public int hopCount() {
        switch (type) {
            case AS_SEQUENCE: return asns.length;
            case AS_SET: return 1;
            default: return 0;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPathSegment && ((AsPathSegment) o).type == type
                && Arrays.equals(((AsPathSegment) o).asns, asns);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(asns);
    }

    /** {@code 1 2 3}, {@code {1,2}}, {@code (1 2)} or {@code [1,2]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    void appendTo(StringBuilder sb) {
        char open = 0;
        char close = 0;
        char sep = ' ';
        switch (type) {
            case AS_SET: open = '{'; close = '}'; sep = ','; break;
            case AS_CONFED_SEQUENCE: open = '('; close = ')'; break;
            case AS_CONFED_SET: open = '['; close = ']'; sep = ','; break;
            default: break;
        }
        if (open != 0) {
            sb.append(open);
        }
        for (int i = 0; i < asns.length; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(asns[i] & 0xFFFFFFFFL);
        }
        if (close != 0) {
            sb.append(close);
        }
    }
}

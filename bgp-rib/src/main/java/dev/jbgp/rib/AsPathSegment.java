package dev.jbgp.rib;

import java.util.Arrays;

/**
 * One AS_PATH segment (RFC 4271 §4.3, RFC 5065 for the confederation types): a type and its AS
 * numbers, 4-octet (RFC 6793) and held unsigned in {@code int}s. Immutable; arrays are copied in and
 * out. The RIB itself keeps AS paths in a packed form inside {@link PathAttributes}; this value is for
 * building and inspecting them.
 */
public final class AsPathSegment {

    /** AS_SET: an unordered set, counts as 1 in the path length (RFC 4271 §9.1.2.2 (a)). */
    public static final int AS_SET = 1;
    /** AS_SEQUENCE: an ordered sequence, each AS counts 1. */
    public static final int AS_SEQUENCE = 2;
    /** AS_CONFED_SEQUENCE (RFC 5065 §3): counts 0 in the path length. */
    public static final int AS_CONFED_SEQUENCE = 3;
    /** AS_CONFED_SET (RFC 5065 §3): counts 0 in the path length. */
    public static final int AS_CONFED_SET = 4;

    /** The most AS numbers one segment can hold: its length is one octet (RFC 4271 §4.3). */
    public static final int MAX_LENGTH = 255;

    private final int type;
    private final int[] asns;

    private AsPathSegment(int type, int[] asns) {
        if (type < AS_SET || type > AS_CONFED_SET) {
            throw new IllegalArgumentException("AS_PATH segment type must be 1..4, got " + type);
        }
        if (asns.length == 0 || asns.length > MAX_LENGTH) {
            throw new IllegalArgumentException("AS_PATH segment must hold 1..255 AS numbers, got " + asns.length);
        }
        this.type = type;
        this.asns = asns;
    }

    /** A segment of the given type; AS numbers are 0..4294967295. */
    public static AsPathSegment of(int type, long... asns) {
        int[] packed = new int[asns.length];
        for (int i = 0; i < asns.length; i++) {
            if (asns[i] < 0 || asns[i] > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("AS number out of range 0..4294967295: " + asns[i]);
            }
            packed[i] = (int) asns[i];
        }
        return new AsPathSegment(type, packed);
    }

    /** An AS_SEQUENCE. */
    public static AsPathSegment sequence(long... asns) {
        return of(AS_SEQUENCE, asns);
    }

    /** An AS_SET. */
    public static AsPathSegment set(long... asns) {
        return of(AS_SET, asns);
    }

    static AsPathSegment ofPacked(int type, int[] asns) {
        return new AsPathSegment(type, asns);
    }

    /** The segment type, one of the constants of this class. */
    public int type() {
        return type;
    }

    /** How many AS numbers the segment holds. */
    public int size() {
        return asns.length;
    }

    /** The i-th AS number. */
    public long asn(int i) {
        return asns[i] & 0xFFFFFFFFL;
    }

    /** A copy of the AS numbers. */
    public long[] asns() {
        long[] out = new long[asns.length];
        for (int i = 0; i < asns.length; i++) {
            out[i] = asns[i] & 0xFFFFFFFFL;
        }
        return out;
    }

    int[] packed() {
        return asns;
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

    /** {@code "1 2 3"} for a sequence, {@code "{1 2}"} for a set, parentheses/brackets for confederation ones. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String open = type == AS_SET ? "{" : type == AS_CONFED_SEQUENCE ? "(" : type == AS_CONFED_SET ? "[" : "";
        String close = type == AS_SET ? "}" : type == AS_CONFED_SEQUENCE ? ")" : type == AS_CONFED_SET ? "]" : "";
        sb.append(open);
        for (int i = 0; i < asns.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(asns[i] & 0xFFFFFFFFL);
        }
        return sb.append(close).toString();
    }
}

package dev.jbgp.bench;

import java.nio.ByteBuffer;

/**
 * The synthetic table of the race ({@code benchmarks/race.sh}) as one pre-encoded stream of BGP-4
 * UPDATE messages (RFC 4271 §4.3), written by hand so that the sender does not depend on the
 * encoder under test. Byte-identical to what {@code benchmarks/race/sender.py} builds:
 *
 * <ul>
 *   <li>{@code n} IPv4 /24s from 11.0.0.0/24 upward, in {@code paths} attribute sets; set k holds the
 *       contiguous prefixes {@code [k*n/paths, (k+1)*n/paths)};</li>
 *   <li>attribute set k: ORIGIN IGP, a 4-octet AS_PATH (RFC 6793) {@code asn, 4200001000+k} plus
 *       {@code k % 3} more private ASes, NEXT_HOP 198.18.0.1 (the benchmark range, RFC 2544), MED
 *       {@code (k % 10) * 10} and one community {@code asn-or-65535:k};</li>
 *   <li>prefixes of one set packed into UPDATEs of at most 4096 octets, then the IPv4 End-of-RIB
 *       (an empty UPDATE, RFC 4724 §2).</li>
 * </ul>
 *
 * <p>Returns heap {@link ByteBuffer}s (no Netty buffers, nothing to release).
 */
final class RaceStream {

    /** The RFC 4271 maximum message size, which the stream keeps to. */
    static final int MAX_MESSAGE = 4096;
    /** The first prefix, 11.0.0.0/24. */
    private static final int BASE = 11 << 24;
    /** The header: 16-octet marker, 2-octet length, 1-octet type (RFC 4271 §4.1). */
    static final int HEADER = 19;
    static final int OPEN = 1;
    static final int UPDATE = 2;
    static final int NOTIFICATION = 3;
    static final int KEEPALIVE = 4;

    private RaceStream() {
    }

    /** The whole UPDATE stream, End-of-RIB included, positioned at 0 and limited to its length. */
    static ByteBuffer build(int n, int paths, long asn) {
        if (n < 0 || paths < 1) {
            throw new IllegalArgumentException("n >= 0 and paths >= 1 are needed");
        }
        byte[][] sets = new byte[paths][];
        long octets = HEADER + 4;
        for (int k = 0; k < paths; k++) {
            sets[k] = attributeSet(asn, k);
            int lo = (int) ((long) k * n / paths);
            int hi = (int) ((long) (k + 1) * n / paths);
            int room = (MAX_MESSAGE - 23 - sets[k].length) / 4;
            int count = hi - lo;
            int messages = (count + room - 1) / room;
            octets += (long) messages * (23 + sets[k].length) + 4L * count;
        }
        if (octets > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("stream too large: " + octets + " octets");
        }
        ByteBuffer out = ByteBuffer.allocate((int) octets);
        for (int k = 0; k < paths; k++) {
            byte[] attrs = sets[k];
            int lo = (int) ((long) k * n / paths);
            int hi = (int) ((long) (k + 1) * n / paths);
            int room = (MAX_MESSAGE - 23 - attrs.length) / 4;
            for (int i = lo; i < hi; ) {
                int count = Math.min(hi - i, room);
                header(out, 23 + attrs.length + 4 * count, UPDATE);
                out.putShort((short) 0);                 // Withdrawn Routes Length
                out.putShort((short) attrs.length);      // Total Path Attribute Length
                out.put(attrs);
                for (int j = i; j < i + count; j++) {
                    int p = BASE + (j << 8);
                    out.put((byte) 24).put((byte) (p >>> 24)).put((byte) (p >>> 16)).put((byte) (p >>> 8));
                }
                i += count;
            }
        }
        header(out, HEADER + 4, UPDATE);                 // End-of-RIB: no withdrawn routes, no attributes
        out.putInt(0);
        return out.flip();
    }

    /** Attribute set k (the javadoc of the class says which attributes). */
    static byte[] attributeSet(long asn, int k) {
        int extra = k % 3;
        long[] path = new long[2 + extra];
        path[0] = asn;
        path[1] = 4_200_001_000L + k;
        for (int h = 0; h < extra; h++) {
            path[2 + h] = 4_200_100_000L + (k * 7L + h) % 1000;
        }
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put((byte) 0x40).put((byte) 1).put((byte) 1).put((byte) 0);                       // ORIGIN IGP
        b.put((byte) 0x40).put((byte) 2).put((byte) (2 + 4 * path.length));                  // AS_PATH
        b.put((byte) 2).put((byte) path.length);                                            // AS_SEQUENCE
        for (long a : path) {
            b.putInt((int) a);
        }
        b.put((byte) 0x40).put((byte) 3).put((byte) 4).put((byte) 198).put((byte) 18).put((byte) 0).put((byte) 1);
        b.put((byte) 0x80).put((byte) 4).put((byte) 4).putInt((k % 10) * 10);               // MED
        b.put((byte) 0xC0).put((byte) 8).put((byte) 4)                                      // COMMUNITIES
                .putShort((short) (asn < 65536 ? asn & 0xFFFF : 65535)).putShort((short) (k % 65536));
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** An OPEN (RFC 4271 §4.2) with IPv4 unicast (RFC 4760), route refresh (RFC 2918) and 4-octet AS (RFC 6793). */
    static ByteBuffer open(long asn, int hold, int routerId) {
        byte[] caps = {1, 4, 0, 1, 0, 1, 2, 0, 65, 4,
                (byte) (asn >>> 24), (byte) (asn >>> 16), (byte) (asn >>> 8), (byte) asn};
        ByteBuffer b = ByteBuffer.allocate(HEADER + 10 + 2 + caps.length);
        header(b, b.capacity(), OPEN);
        b.put((byte) 4).putShort((short) (asn < 65536 ? asn : 23456)).putShort((short) hold).putInt(routerId);
        b.put((byte) (2 + caps.length)).put((byte) 2).put((byte) caps.length).put(caps);
        return b.flip();
    }

    /** A KEEPALIVE (RFC 4271 §4.4). */
    static ByteBuffer keepalive() {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        header(b, HEADER, KEEPALIVE);
        return b.flip();
    }

    private static void header(ByteBuffer b, int length, int type) {
        for (int i = 0; i < 16; i++) {
            b.put((byte) 0xFF);
        }
        b.putShort((short) length).put((byte) type);
    }

    /**
     * The number of IPv4 prefixes in the NLRI field of the UPDATE at {@code b}'s absolute
     * {@code offset} (header included, {@code length} octets); -1 for the End-of-RIB. The stream is
     * trusted (it is ours): no validation beyond the field lengths.
     */
    static int prefixes(ByteBuffer b, int offset, int length) {
        int withdrawn = b.getShort(offset + HEADER) & 0xFFFF;
        int attrsAt = offset + HEADER + 2 + withdrawn;
        int attrs = b.getShort(attrsAt) & 0xFFFF;
        int at = attrsAt + 2 + attrs;
        int end = offset + length;
        if (withdrawn == 0 && attrs == 0 && at == end) {
            return -1;
        }
        int count = 0;
        while (at < end) {
            int bits = b.get(at) & 0xFF;
            at += 1 + (bits + 7) / 8;
            count++;
        }
        return count;
    }
}

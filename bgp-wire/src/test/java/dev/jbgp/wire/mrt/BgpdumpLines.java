package dev.jbgp.wire.mrt;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Test oracle glue: turns what {@link MrtReader} returns into the leading fields of a {@code bgpdump -m}
 * line ({@code TYPE|time|A/W/B/STATE|peer_ip|peer_as|prefix|[path_id|]as_path}), and cuts bgpdump's
 * own lines down to the same fields, so the two can be compared line by line.
 *
 * <p>Reading prefixes out of BGP4MP UPDATEs and AS_PATH out of attribute blocks is the job of the
 * message and attribute decoders, which live elsewhere; this class carries a deliberately minimal,
 * private walker for exactly the fields compared, lenient the way bgpdump is (a truncated trailing
 * prefix ends the list rather than failing).
 */
final class BgpdumpLines {

    private static final int AS_SET = 1;
    private static final int AS_SEQUENCE = 2;
    private static final int AS_CONFED_SEQUENCE = 3;
    private static final int AS_CONFED_SET = 4;

    private BgpdumpLines() {
    }

    /** bgpdump's line cut to the compared fields. */
    static String project(String line) {
        int kind = nth(line, 2) + 1; // start of the A/W/B/STATE field
        boolean ap = line.lastIndexOf("_AP", kind) > 0;
        int keep;
        switch (line.charAt(kind)) {
            case 'S': keep = 7; break;
            case 'W': keep = ap ? 7 : 6; break;
            default: keep = ap ? 8 : 7; break;
        }
        int cut = nth(line, keep);
        return cut < 0 ? line : line.substring(0, cut);
    }

    /** Index of the n-th '|' (1-based), or -1. */
    private static int nth(String line, int n) {
        int at = -1;
        for (int k = 0; k < n; k++) {
            at = line.indexOf('|', at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }

    /**
     * The projected lines bgpdump prints for one record, in no particular order.
     *
     * @param maskNlri whether bgpdump cleared host bits past an UPDATE prefix's length (the versions
     *                 that made {@code bgpdump/expected} do; Debian's 1.6.2, which decoded the other files,
     *                 prints them as recorded)
     */
    static List<String> of(MrtRecord record, boolean maskNlri) {
        List<String> out = new ArrayList<>();
        if (record instanceof RibRecord rib) {
            String type = rib.addPath() ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
            for (int i = 0; i < rib.entryCount(); i++) {
                MrtPeer peer = rib.peer(i);
                out.add(type + "|" + rib.timestamp() + "|B|" + address(peer.address()) + "|" + peer.asn() + "|"
                        + prefix(rib.prefix()) + (rib.addPath() ? "|" + rib.pathId(i) : "") + "|"
                        + asPath(rib.attributes(i), true));
            }
        } else if (record instanceof TableDumpRecord td) {
            out.add("TABLE_DUMP|" + td.timestamp() + "|B|" + address(td.peerAddress()) + "|" + td.peerAs() + "|"
                    + prefix(td.prefix()) + "|" + asPath(td.attributes(), false));
        } else if (record instanceof Bgp4mpStateChange sc) {
            out.add(label(sc.type(), false) + "|" + time(sc) + "|STATE|" + address(sc.peerAddress()) + "|"
                    + sc.peerAs() + "|" + sc.oldState() + "|" + sc.newState());
        } else if (record instanceof Bgp4mpMessage m && m.messageType() == 2) {
            String head = label(m.type(), m.addPath()) + "|" + time(m) + "|";
            String peer = "|" + address(m.peerAddress()) + "|" + m.peerAs() + "|";
            update(m.message(), m.fourOctetAs(), m.addPath(), maskNlri, head, peer, out);
        }
        return out;
    }

    private static String label(int type, boolean addPath) {
        return (type == MrtTypes.BGP4MP_ET ? "BGP4MP_ET" : "BGP4MP") + (addPath ? "_AP" : "");
    }

    private static String time(MrtRecord r) {
        if (r.type() != MrtTypes.BGP4MP_ET) {
            return Long.toString(r.timestamp());
        }
        String micros = Integer.toString(r.microseconds());
        return r.timestamp() + "." + "000000".substring(micros.length()) + micros;
    }

    static String prefix(Prefix p) {
        if (p instanceof Ipv4Prefix v4) {
            return v4.toString();
        }
        Ipv6Prefix v6 = (Ipv6Prefix) p;
        return ntop6(v6.high(), v6.low()) + "/" + v6.length();
    }

    /** An IPv4 NLRI prefix with host bits cleared, without making a value first. */
    private static String ipv4(ByteBuf msg, int index, int bits) {
        int octets = (bits + 7) / 8;
        int address = 0;
        for (int k = 0; k < 4; k++) {
            address = (address << 8) | (k < octets ? msg.getUnsignedByte(index + k) : 0);
        }
        address &= Ipv4Prefix.mask(bits);
        return new StringBuilder(18).append(address >>> 24).append('.').append((address >>> 16) & 0xFF).append('.')
                .append((address >>> 8) & 0xFF).append('.').append(address & 0xFF).append('/').append(bits).toString();
    }

    /** A prefix from its NLRI octets, host bits as recorded. */
    private static String raw(ByteBuf msg, int index, int afi, int bits) {
        byte[] b = new byte[afi == 1 ? 4 : 16];
        msg.getBytes(index, b, 0, (bits + 7) / 8);
        try {
            return address(InetAddress.getByAddress(b)) + "/" + bits;
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static String address(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (b[i] & 0xFF);
            low = (low << 8) | (b[i + 8] & 0xFF);
        }
        if (high == 0 && (low >>> 32) == 0xFFFFL) { // inet_ntop prints IPv4-mapped addresses dotted
            return "::ffff:" + Ipv4Prefix.format((int) low);
        }
        return ntop6(high, low);
    }

    /**
     * IPv6 text as bgpdump's own inet_ntop writes it: like RFC 5952, except that a lone zero group is
     * compressed to "::" too (the first longest run of zero groups).
     */
    static String ntop6(long high, long low) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((high >>> (48 - 16 * i)) & 0xFFFF);
            g[i + 4] = (int) ((low >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Walks an UPDATE the lenient way bgpdump does and adds its W and A lines. */
    private static void update(ByteBuf msg, boolean as4, boolean addPath, boolean mask, String head, String peer, List<String> out) {
        int end = Math.min(msg.readableBytes(), msg.getUnsignedShort(16));
        int i = 19;
        int withdrawnLength = msg.getUnsignedShort(i);
        i += 2;
        for (String p : prefixes(msg, i, Math.min(end, i + withdrawnLength), 1, addPath, mask)) {
            out.add(head + "W" + peer + p);
        }
        i += withdrawnLength;
        int attrLength = msg.getUnsignedShort(i);
        i += 2;
        int attrEnd = i + attrLength;
        List<String> announced = new ArrayList<>();
        int a = i;
        while (a + 3 <= attrEnd) {
            int flags = msg.getUnsignedByte(a);
            int code = msg.getUnsignedByte(a + 1);
            boolean extended = (flags & 0x10) != 0;
            int len = extended ? msg.getUnsignedShort(a + 2) : msg.getUnsignedByte(a + 2);
            int v = a + (extended ? 4 : 3);
            int vEnd = Math.min(v + len, attrEnd);
            if (code == 14) { // MP_REACH_NLRI, RFC 4760 §3
                int afi = msg.getUnsignedShort(v);
                int nhLength = msg.getUnsignedByte(v + 3);
                announced.addAll(prefixes(msg, v + 5 + nhLength, vEnd, afi, addPath, mask));
            } else if (code == 15) { // MP_UNREACH_NLRI, RFC 4760 §4
                int afi = msg.getUnsignedShort(v);
                for (String p : prefixes(msg, v + 3, vEnd, afi, addPath, mask)) {
                    out.add(head + "W" + peer + p);
                }
            }
            a = v + len;
        }
        announced.addAll(prefixes(msg, attrEnd, end, 1, addPath, mask));
        if (!announced.isEmpty()) {
            String path = asPath(msg.slice(i, attrLength), as4);
            for (String p : announced) {
                out.add(head + "A" + peer + p + "|" + path);
            }
        }
    }

    /** Prefixes ("10.0.0.0/8" or "10.0.0.0/8|7" with a path id) until the end or a truncated one. */
    private static List<String> prefixes(ByteBuf msg, int from, int end, int afi, boolean addPath, boolean mask) {
        List<String> out = new ArrayList<>();
        int i = from;
        int max = afi == 1 ? 32 : 128;
        while (i < end) {
            long pathId = 0;
            if (addPath) {
                if (i + 4 > end) {
                    break;
                }
                pathId = msg.getUnsignedInt(i);
                i += 4;
            }
            if (i >= end) {
                break;
            }
            int bits = msg.getUnsignedByte(i);
            int octets = (bits + 7) / 8;
            if (bits > max || i + 1 + octets > end) {
                break;
            }
            String prefix = mask && afi == 1 ? ipv4(msg, i + 1, bits)
                    : mask ? prefix(MrtFields.prefix(msg, i + 1, afi, bits)) : raw(msg, i + 1, afi, bits);
            out.add(addPath ? prefix + "|" + pathId : prefix);
            i += 1 + octets;
        }
        return out;
    }

    /**
     * AS_PATH (type 2) as bgpdump prints it: sequences space-separated, AS_SET as {a,b}; with 2-octet
     * AS numbers, AS4_PATH (type 17) is merged in as RFC 6793 §4.2.3 says.
     */
    static String asPath(ByteBuf attrs, boolean as4) {
        List<long[]> path = null;
        List<long[]> as4Path = null;
        int a = 0;
        int end = attrs.readableBytes();
        int base = attrs.readerIndex();
        while (a + 3 <= end) {
            int flags = attrs.getUnsignedByte(base + a);
            int code = attrs.getUnsignedByte(base + a + 1);
            boolean extended = (flags & 0x10) != 0;
            int len = extended ? attrs.getUnsignedShort(base + a + 2) : attrs.getUnsignedByte(base + a + 2);
            int v = a + (extended ? 4 : 3);
            if (v + len > end) {
                break;
            }
            if (code == 2) {
                path = segments(attrs, base + v, len, as4 ? 4 : 2);
            } else if (code == 17 && !as4) {
                as4Path = segments(attrs, base + v, len, 4);
            }
            a = v + len;
        }
        if (path == null) {
            return "";
        }
        if (as4Path != null) {
            path = merge(path, as4Path);
        }
        StringBuilder sb = new StringBuilder();
        for (long[] seg : path) {
            int kind = (int) seg[0];
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String open = kind == AS_SET ? "{" : kind == AS_CONFED_SEQUENCE ? "(" : kind == AS_CONFED_SET ? "[" : "";
            String sep = kind == AS_SET || kind == AS_CONFED_SET ? "," : " ";
            String close = kind == AS_SET ? "}" : kind == AS_CONFED_SEQUENCE ? ")" : kind == AS_CONFED_SET ? "]" : "";
            sb.append(open);
            for (int k = 1; k < seg.length; k++) {
                if (k > 1) {
                    sb.append(sep);
                }
                sb.append(seg[k]);
            }
            sb.append(close);
        }
        return sb.toString();
    }

    /** Segments as {type, as1, as2, ...}; a malformed tail is dropped. */
    private static List<long[]> segments(ByteBuf b, int from, int len, int asSize) {
        List<long[]> out = new ArrayList<>();
        int i = from;
        int end = from + len;
        while (i + 2 <= end) {
            int type = b.getUnsignedByte(i);
            int count = b.getUnsignedByte(i + 1);
            if (i + 2 + count * asSize > end) {
                break;
            }
            long[] seg = new long[count + 1];
            seg[0] = type;
            for (int k = 0; k < count; k++) {
                int at = i + 2 + k * asSize;
                seg[k + 1] = asSize == 4 ? b.getUnsignedInt(at) : b.getUnsignedShort(at);
            }
            out.add(seg);
            i += 2 + count * asSize;
        }
        return out;
    }

    /** RFC 6793 §4.2.3: keep the leading ASes of AS_PATH that AS4_PATH does not cover. */
    private static List<long[]> merge(List<long[]> path, List<long[]> as4Path) {
        int n = count(path);
        int m = count(as4Path);
        if (n < m) {
            return path;
        }
        List<long[]> out = new ArrayList<>();
        int keep = n - m;
        for (long[] seg : path) {
            if (keep == 0) {
                break;
            }
            int weight = segmentCount(seg);
            if (weight <= keep) {
                out.add(seg);
                keep -= weight;
            } else {
                long[] part = java.util.Arrays.copyOf(seg, keep + 1);
                out.add(part);
                keep = 0;
            }
        }
        out.addAll(as4Path);
        return out;
    }

    private static int count(List<long[]> path) {
        int n = 0;
        for (long[] seg : path) {
            n += segmentCount(seg);
        }
        return n;
    }

    private static int segmentCount(long[] seg) {
        int kind = (int) seg[0];
        return kind == AS_SEQUENCE ? seg.length - 1 : kind == AS_SET ? 1 : 0;
    }
}

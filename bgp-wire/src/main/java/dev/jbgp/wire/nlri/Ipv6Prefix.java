package dev.jbgp.wire.nlri;

import dev.jbgp.wire.iana.Afi;

/**
 * An IPv6 prefix: a 128-bit address as two {@code long}s (network order: {@code high} holds the
 * first 8 octets) and a length 0..128, with no host bits set. Printed in the RFC 5952 form.
 */
public record Ipv6Prefix(long high, long low, int length) implements Prefix, Comparable<Ipv6Prefix> {

    public Ipv6Prefix {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("IPv6 prefix length must be 0..128, got " + length);
        }
        if ((high & ~highMask(length)) != 0 || (low & ~lowMask(length)) != 0) {
            throw new IllegalArgumentException("host bits set past /" + length + " in "
                    + format(high, low) + "/" + length);
        }
    }

    /** A prefix from an address and length, validating that no host bits are set. */
    public static Ipv6Prefix of(long high, long low, int length) {
        return new Ipv6Prefix(high, low, length);
    }

    /** The mask of the first 64 bits for a prefix of {@code length} bits. */
    public static long highMask(int length) {
        return length >= 64 ? -1L : length == 0 ? 0L : -1L << (64 - length);
    }

    /** The mask of the last 64 bits for a prefix of {@code length} bits. */
    public static long lowMask(int length) {
        return length <= 64 ? 0L : length == 128 ? -1L : -1L << (128 - length);
    }

    @Override
    public int afi() {
        return Afi.IPV6;
    }

    /**
     * Parses {@code "2001:db8::/32"} or a bare address (a /128).
     *
     * @throws IllegalArgumentException naming the input and the expected form
     */
    public static Ipv6Prefix parse(String text) {
        int slash = text.indexOf('/');
        int length = 128;
        String addr = text;
        if (slash >= 0) {
            addr = text.substring(0, slash);
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad IPv6 prefix '" + text + "': expected addr/len with len 0..128");
            }
        }
        long[] hl = parseAddress(addr);
        return new Ipv6Prefix(hl[0], hl[1], length);
    }

    /**
     * Parses an IPv6 address in any RFC 4291 §2.2 text form (including {@code ::} and a trailing
     * dotted quad) into {@code {high, low}}.
     */
    public static long[] parseAddress(String addr) {
        String bad = "bad IPv6 address '" + addr + "': expected RFC 4291 text form such as 2001:db8::1";
        int[] groups = new int[8];
        String head = addr;
        String tail = "";
        int dc = addr.indexOf("::");
        if (dc >= 0) {
            if (addr.indexOf("::", dc + 1) >= 0) {
                throw new IllegalArgumentException(bad);
            }
            head = addr.substring(0, dc);
            tail = addr.substring(dc + 2);
        }
        int[] h = groups(head, bad);
        int[] t = groups(tail, bad);
        if (dc < 0 && h.length != 8 || dc >= 0 && h.length + t.length > 7) {
            throw new IllegalArgumentException(bad);
        }
        System.arraycopy(h, 0, groups, 0, h.length);
        System.arraycopy(t, 0, groups, 8 - t.length, t.length);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return new long[] {high, low};
    }

    private static int[] groups(String s, String bad) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        boolean dotted = parts[parts.length - 1].indexOf('.') >= 0;
        int[] out = new int[parts.length + (dotted ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (dotted && i == parts.length - 1) {
                int v4 = Ipv4Prefix.parseAddress(p);
                out[i] = v4 >>> 16;
                out[i + 1] = v4 & 0xFFFF;
                break;
            }
            if (p.isEmpty() || p.length() > 4) {
                throw new IllegalArgumentException(bad);
            }
            try {
                out[i] = Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(bad);
            }
        }
        return out;
    }

    /** Formats an address in the RFC 5952 canonical text form. */
    public static String format(long high, long low) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((high >>> (48 - 16 * i)) & 0xFFFF);
            g[i + 4] = (int) ((low >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public int compareTo(Ipv6Prefix o) {
        int c = Long.compareUnsigned(high, o.high);
        if (c == 0) {
            c = Long.compareUnsigned(low, o.low);
        }
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return format(high, low) + "/" + length;
    }
}

package dev.jbgp.wire.message;

import dev.jbgp.wire.nlri.Ipv6Prefix;

/**
 * The next hop of an IPv6 unicast MP_REACH_NLRI (RFC 2545 §3): a global address and, when the peer
 * shares a link, a link-local one. Addresses are two {@code long}s each, network order. Immutable.
 */
public record Ipv6NextHop(long high, long low, boolean hasLinkLocal, long linkLocalHigh, long linkLocalLow) {

    /** A global next hop only (16 octets on the wire). */
    public static Ipv6NextHop of(long high, long low) {
        return new Ipv6NextHop(high, low, false, 0, 0);
    }

    /** Global plus link-local (32 octets on the wire). */
    public static Ipv6NextHop withLinkLocal(long high, long low, long llHigh, long llLow) {
        return new Ipv6NextHop(high, low, true, llHigh, llLow);
    }

    /** Parses {@code "2001:db8::1"} or {@code "2001:db8::1,fe80::1"} (global, link-local). */
    public static Ipv6NextHop parse(String text) {
        int comma = text.indexOf(',');
        long[] g = Ipv6Prefix.parseAddress(comma < 0 ? text.trim() : text.substring(0, comma).trim());
        if (comma < 0) {
            return of(g[0], g[1]);
        }
        long[] ll = Ipv6Prefix.parseAddress(text.substring(comma + 1).trim());
        return withLinkLocal(g[0], g[1], ll[0], ll[1]);
    }

    /** Octets on the wire. */
    public int length() {
        return hasLinkLocal ? 32 : 16;
    }

    @Override
    public String toString() {
        return Ipv6Prefix.format(high, low) + (hasLinkLocal ? "," + Ipv6Prefix.format(linkLocalHigh, linkLocalLow) : "");
    }
}

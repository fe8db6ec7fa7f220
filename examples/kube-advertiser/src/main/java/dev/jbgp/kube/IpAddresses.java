package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Literal IP address parsing that never touches DNS ({@link InetAddress#getByName} would resolve a
 * name), and host routes for addresses. Stateless helpers.
 */
final class IpAddresses {

    /** The form accepted, for error messages. */
    static final String EXPECTED = "an IPv4 address (a.b.c.d) or an IPv6 address (such as 2001:db8::1)";

    private IpAddresses() {
    }

    /**
     * Parses an IPv4 or IPv6 literal.
     *
     * @throws IllegalArgumentException when the text is not an address literal
     */
    static InetAddress parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        byte[] bytes;
        if (t.indexOf(':') >= 0) {
            long[] hl = Ipv6Prefix.parseAddress(t);
            bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (hl[0] >>> (56 - 8 * i));
                bytes[8 + i] = (byte) (hl[1] >>> (56 - 8 * i));
            }
        } else {
            int v = Ipv4Prefix.parseAddress(t);
            bytes = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + text, e);
        }
    }

    /** Parses an IPv4 literal only. */
    static Inet4Address parseV4(String text) {
        if (text.indexOf(':') >= 0 || !(parse(text) instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return v4;
    }

    /** The /32 or /128 host route for an address. */
    static Prefix hostRoute(InetAddress a) {
        String s = a.getHostAddress();
        int zone = s.indexOf('%');
        return Prefix.parse(zone >= 0 ? s.substring(0, zone) : s);
    }

    /** The address as text, IPv6 in the RFC 5952 canonical form ({@code ::7f00:b}, not {@code 0:0:0:0:0:0:7f00:b}). */
    static String text(InetAddress a) {
        String p = hostRoute(a).toString();
        int slash = p.indexOf('/');
        return slash >= 0 ? p.substring(0, slash) : p;
    }

    /** Whether the prefix and the address are of the same family. */
    static boolean sameFamily(Prefix p, InetAddress a) {
        return p instanceof Ipv4Prefix ? a instanceof Inet4Address : a instanceof Inet6Address;
    }
}

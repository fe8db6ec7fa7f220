package dev.jbgp.testkit.daemon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Address checks shared by the config types. Literals are parsed without any name lookup, and the
 * launcher only ever binds or peers with 127.0.0.0/8, the project's rule for every test.
 */
final class Addresses {

    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private Addresses() {
    }

    /** True for a dotted-quad IPv4 literal. */
    static boolean isIpv4(String s) {
        return s != null && DOTTED_QUAD.matcher(s).matches();
    }

    /** Parses an IPv4 or IPv6 literal without DNS; rejects anything else. */
    static InetAddress literal(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        boolean v6 = s.indexOf(':') >= 0;
        if (v6 ? !IPV6_CHARS.matcher(s).matches() : !isIpv4(s)) {
            throw new IllegalArgumentException(what + " is not an IP address literal: " + s);
        }
        try {
            return InetAddress.getByName(s); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + " is not an IP address literal: " + s, e);
        }
    }

    /**
     * Requires an IPv4 loopback literal. Tests must never touch another address: no daemon may bind
     * or connect anywhere but 127.0.0.0/8.
     */
    static String requireLoopback(String s, String what) {
        if (!isIpv4(s) || !s.startsWith("127.")) {
            throw new IllegalArgumentException(what + " must be an IPv4 address in 127.0.0.0/8"
                    + " (interop tests never use another address), got: " + s);
        }
        return s;
    }

    /** Validates {@code prefix} as {@code address/length} and returns it unchanged. */
    static String requirePrefix(String prefix) {
        int slash = prefix == null ? -1 : prefix.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a prefix (address/length): " + prefix);
        }
        InetAddress address = literal(prefix.substring(0, slash), "prefix " + prefix);
        int max = address.getAddress().length * 8;
        int length;
        try {
            length = Integer.parseInt(prefix.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + prefix, e);
        }
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length out of range in " + prefix);
        }
        return prefix;
    }

    /** Requires a 16-bit port number. */
    static int requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " out of range: " + port);
        }
        return port;
    }

    /** Requires a 4-octet AS number (RFC 6793), 1..4294967295. */
    static long requireAsn(long asn, String what) {
        if (asn < 1 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " out of range: " + asn);
        }
        return asn;
    }
}

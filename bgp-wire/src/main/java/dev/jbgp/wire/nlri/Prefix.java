package dev.jbgp.wire.nlri;

/**
 * An IP prefix as carried in NLRI: an address and a length, with no bits set past the length.
 * Immutable values; the hot paths read prefixes through {@link NlriCursor} without creating these.
 */
public sealed interface Prefix permits Ipv4Prefix, Ipv6Prefix {

    /** The address family ({@code Afi.IPV4} or {@code Afi.IPV6}). */
    int afi();

    /** The prefix length in bits. */
    int length();

    /**
     * Parses {@code "10.0.0.0/8"} or {@code "2001:db8::/32"}; a bare address is a host route.
     *
     * @throws IllegalArgumentException naming the input and the expected form
     */
    static Prefix parse(String text) {
        return text.indexOf(':') >= 0 ? Ipv6Prefix.parse(text) : Ipv4Prefix.parse(text);
    }
}

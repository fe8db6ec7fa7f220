package dev.jbgp.wire.iana;

/**
 * Address Family Identifiers, from the IANA registry
 * <a href="https://www.iana.org/assignments/address-family-numbers/">Address Family Numbers</a>.
 * Only the families jbgp routes have names; any other value is kept as a number wherever it is read.
 */
public final class Afi {

    private Afi() {
    }

    public static final int IPV4 = 1;
    public static final int IPV6 = 2;
    public static final int L2VPN = 25;
    public static final int BGP_LS = 16388;

    /** A readable name ({@code "ipv4"}, {@code "ipv6"}) or {@code "afi-N"}. */
    public static String name(int afi) {
        switch (afi) {
            case IPV4: return "ipv4";
            case IPV6: return "ipv6";
            case L2VPN: return "l2vpn";
            case BGP_LS: return "bgp-ls";
            default: return "afi-" + afi;
        }
    }
}

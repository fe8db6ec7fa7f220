package dev.jbgp.wire.iana;

/**
 * Subsequent Address Family Identifiers, from the IANA registry
 * <a href="https://www.iana.org/assignments/safi-namespace/">SAFI Values</a>.
 */
public final class Safi {

    private Safi() {
    }

    public static final int UNICAST = 1;
    public static final int MULTICAST = 2;
    public static final int LABELED_UNICAST = 4;
    public static final int EVPN = 70;
    public static final int MPLS_VPN = 128;
    public static final int FLOWSPEC = 133;

    /** A readable name ({@code "unicast"}) or {@code "safi-N"}. */
    public static String name(int safi) {
        switch (safi) {
            case UNICAST: return "unicast";
            case MULTICAST: return "multicast";
            case LABELED_UNICAST: return "labeled-unicast";
            case EVPN: return "evpn";
            case MPLS_VPN: return "mpls-vpn";
            case FLOWSPEC: return "flowspec";
            default: return "safi-" + safi;
        }
    }
}

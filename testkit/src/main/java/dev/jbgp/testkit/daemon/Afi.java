package dev.jbgp.testkit.daemon;

/** The two address families the launcher configures and reads back (unicast SAFI only). */
public enum Afi {
    IPV4,
    IPV6;

    /** The family of an address or prefix literal: IPv6 when it contains a colon. */
    public static Afi of(String addressOrPrefix) {
        return addressOrPrefix.indexOf(':') >= 0 ? IPV6 : IPV4;
    }
}

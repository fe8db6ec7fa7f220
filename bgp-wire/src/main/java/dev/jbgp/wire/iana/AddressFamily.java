package dev.jbgp.wire.iana;

/**
 * An AFI/SAFI pair, the unit in which multiprotocol capabilities, ADD-PATH, graceful restart and
 * End-of-RIB are negotiated (RFC 4760). Immutable; the two unicast families are shared constants.
 */
public record AddressFamily(int afi, int safi) {

    public static final AddressFamily IPV4_UNICAST = new AddressFamily(Afi.IPV4, Safi.UNICAST);
    public static final AddressFamily IPV6_UNICAST = new AddressFamily(Afi.IPV6, Safi.UNICAST);

    public AddressFamily {
        if (afi < 0 || afi > 0xFFFF) {
            throw new IllegalArgumentException("AFI out of range 0..65535: " + afi);
        }
        if (safi < 0 || safi > 0xFF) {
            throw new IllegalArgumentException("SAFI out of range 0..255: " + safi);
        }
    }

    /** The shared constant for the unicast families, a new value otherwise. */
    public static AddressFamily of(int afi, int safi) {
        if (safi == Safi.UNICAST) {
            if (afi == Afi.IPV4) {
                return IPV4_UNICAST;
            }
            if (afi == Afi.IPV6) {
                return IPV6_UNICAST;
            }
        }
        return new AddressFamily(afi, safi);
    }

    @Override
    public String toString() {
        return Afi.name(afi) + "-" + Safi.name(safi);
    }
}

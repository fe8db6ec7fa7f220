package dev.jbgp.testkit.daemon;

/**
 * Capabilities a daemon reports as negotiated with a neighbour (advertised by both sides), as far as
 * its CLI shows them. Names follow the IANA capability registry.
 */
public enum Capability {
    /** RFC 4760 multiprotocol, IPv4 unicast. */
    MULTIPROTOCOL_IPV4_UNICAST,
    /** RFC 4760 multiprotocol, IPv6 unicast. */
    MULTIPROTOCOL_IPV6_UNICAST,
    /** RFC 2918 route refresh. */
    ROUTE_REFRESH,
    /** RFC 7313 enhanced route refresh. */
    ENHANCED_ROUTE_REFRESH,
    /** RFC 6793 4-octet AS numbers. */
    FOUR_OCTET_AS,
    /** RFC 4724 graceful restart. */
    GRACEFUL_RESTART,
    /** RFC 9494 long-lived graceful restart. */
    LONG_LIVED_GRACEFUL_RESTART,
    /** RFC 7911 ADD-PATH (any direction, any family). */
    ADD_PATH,
    /** RFC 8654 extended messages. */
    EXTENDED_MESSAGE
}

package dev.jbgp.fsm;

import dev.jbgp.wire.iana.AddressFamily;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What an OPEN announces through capabilities (RFC 5492), reduced to what session negotiation
 * needs. Used both for what we offer and for what a peer offered; unknown capabilities do not
 * affect negotiation and are not kept here.
 *
 * @param multiprotocol        families of the Multiprotocol capabilities (RFC 4760); empty when none was
 *                             sent, which per RFC 4760 §8 means IPv4 unicast only
 * @param fourOctetAs          the AS of the 4-octet AS capability (RFC 6793), if sent
 * @param addPath              ADD-PATH entries per family (RFC 7911)
 * @param extendedMessage      the Extended Message capability (RFC 8654)
 * @param routeRefresh         the Route Refresh capability (RFC 2918, code 2 or the old 128)
 * @param enhancedRouteRefresh the Enhanced Route Refresh capability (RFC 7313)
 * @param gracefulRestart      the Graceful Restart capability (RFC 4724)
 */
public record Capabilities(Set<AddressFamily> multiprotocol, OptionalLong fourOctetAs,
                           Map<AddressFamily, AddPathMode> addPath, boolean extendedMessage,
                           boolean routeRefresh, boolean enhancedRouteRefresh,
                           Optional<GracefulRestart> gracefulRestart) {

    /** An OPEN without any capability (an RFC 4271-only speaker). */
    public static final Capabilities NONE = new Capabilities(Set.of(), OptionalLong.empty(), Map.of(), false,
            false, false, Optional.empty());

    public Capabilities {
        multiprotocol = Set.copyOf(Objects.requireNonNull(multiprotocol, "multiprotocol"));
        Objects.requireNonNull(fourOctetAs, "fourOctetAs");
        addPath = Map.copyOf(Objects.requireNonNull(addPath, "addPath"));
        Objects.requireNonNull(gracefulRestart, "gracefulRestart");
    }

    /** The families this side can carry: the multiprotocol ones, or IPv4 unicast when none was announced. */
    public Set<AddressFamily> families() {
        return multiprotocol.isEmpty() ? Set.of(AddressFamily.IPV4_UNICAST) : multiprotocol;
    }

    /** A copy with the given multiprotocol families. */
    public Capabilities withMultiprotocol(Set<AddressFamily> value) {
        return new Capabilities(value, fourOctetAs, addPath, extendedMessage, routeRefresh, enhancedRouteRefresh, gracefulRestart);
    }

    /** A copy with the given 4-octet AS capability. */
    public Capabilities withFourOctetAs(OptionalLong value) {
        return new Capabilities(multiprotocol, value, addPath, extendedMessage, routeRefresh, enhancedRouteRefresh, gracefulRestart);
    }

    /** A copy with the given ADD-PATH entries. */
    public Capabilities withAddPath(Map<AddressFamily, AddPathMode> value) {
        return new Capabilities(multiprotocol, fourOctetAs, value, extendedMessage, routeRefresh, enhancedRouteRefresh, gracefulRestart);
    }

    /** A copy with or without the extended message capability. */
    public Capabilities withExtendedMessage(boolean value) {
        return new Capabilities(multiprotocol, fourOctetAs, addPath, value, routeRefresh, enhancedRouteRefresh, gracefulRestart);
    }

    /** A copy with or without route refresh and enhanced route refresh. */
    public Capabilities withRouteRefresh(boolean plain, boolean enhanced) {
        return new Capabilities(multiprotocol, fourOctetAs, addPath, extendedMessage, plain, enhanced, gracefulRestart);
    }

    /** A copy with the given graceful restart capability. */
    public Capabilities withGracefulRestart(Optional<GracefulRestart> value) {
        return new Capabilities(multiprotocol, fourOctetAs, addPath, extendedMessage, routeRefresh, enhancedRouteRefresh, value);
    }
}

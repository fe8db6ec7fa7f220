package dev.jbgp.fsm;

import dev.jbgp.wire.capability.AddPath;
import dev.jbgp.wire.capability.Capability;
import dev.jbgp.wire.capability.EnhancedRouteRefresh;
import dev.jbgp.wire.capability.ExtendedMessage;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.capability.Multiprotocol;
import dev.jbgp.wire.capability.RouteRefresh;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.OpenMessage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What one OPEN's capabilities say, folded into the facts negotiation compares (RFC 5492 §4: when a
 * capability appears more than once, the multiprotocol and ADD-PATH ones add up, for the others the
 * first one counts).
 */
record CapabilityView(Set<AddressFamily> multiprotocol, OptionalLong fourOctetAs, Map<AddressFamily, AddPath.Entry> addPath,
                      boolean extendedMessage, boolean routeRefresh, boolean enhancedRouteRefresh,
                      Optional<GracefulRestart> gracefulRestart) {

    static CapabilityView of(OpenMessage open) {
        Set<AddressFamily> families = new HashSet<>();
        OptionalLong fourOctetAs = OptionalLong.empty();
        Map<AddressFamily, AddPath.Entry> addPath = new HashMap<>();
        boolean extended = false;
        boolean refresh = false;
        boolean enhanced = false;
        Optional<GracefulRestart> gr = Optional.empty();
        for (Capability c : open.capabilities()) {
            if (c instanceof Multiprotocol mp) {
                families.add(mp.family());
            } else if (c instanceof FourOctetAs f) {
                if (fourOctetAs.isEmpty()) {
                    fourOctetAs = OptionalLong.of(f.asNumber());
                }
            } else if (c instanceof AddPath ap) {
                for (AddPath.Entry e : ap.entries()) {
                    addPath.putIfAbsent(e.family(), e);
                }
            } else if (c instanceof ExtendedMessage) {
                extended = true;
            } else if (c instanceof RouteRefresh) {
                refresh = true; // code 2 or Cisco's 128: the same message either way
            } else if (c instanceof EnhancedRouteRefresh) {
                enhanced = true;
            } else if (c instanceof GracefulRestart g && gr.isEmpty()) {
                gr = Optional.of(g);
            }
        }
        return new CapabilityView(Set.copyOf(families), fourOctetAs, Map.copyOf(addPath), extended, refresh, enhanced, gr);
    }

    /** The families this side can carry: the multiprotocol ones, or IPv4 unicast when none was announced (RFC 4760 §8). */
    Set<AddressFamily> families() {
        return multiprotocol.isEmpty() ? Set.of(AddressFamily.IPV4_UNICAST) : multiprotocol;
    }
}

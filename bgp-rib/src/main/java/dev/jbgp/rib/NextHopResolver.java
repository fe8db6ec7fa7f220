package dev.jbgp.rib;

import java.net.InetAddress;

/**
 * Tells the RIB whether a next hop is reachable and at what interior cost (RFC 4271 §9.1.2 and
 * §9.1.2.2 (e)). Called on the RIB's thread when a route arrives and on {@link Rib#nextHopsChanged()};
 * must not call back into the RIB.
 */
@FunctionalInterface
public interface NextHopResolver {

    /** Every next hop reachable at cost 0 (a speaker that does not consult an IGP). */
    NextHopResolver ALWAYS_REACHABLE = nextHop -> 0;

    /** The IGP cost to {@code nextHop} (>= 0), or {@link Route#UNREACHABLE}. */
    int igpCost(InetAddress nextHop);
}

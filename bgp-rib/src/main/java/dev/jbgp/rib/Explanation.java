package dev.jbgp.rib;

import dev.jbgp.rib.decision.DecisionStep;

/**
 * Why a route is not the best: the step at which it lost and the route it lost to (the best route, or,
 * under deterministic MED, the best route from its own neighbouring AS). Immutable.
 */
public record Explanation(Route route, DecisionStep lostAt, Route lostTo) {

    /** E.g. {@code "from 127.0.0.2 AS65002 eBGP lost to 127.0.0.1 AS65001 eBGP: lower MED (RFC 4271 §9.1.2.2 (c))"}. */
    @Override
    public String toString() {
        return "from " + route.peer() + (route.pathId() != 0 ? " path-id " + route.pathId() : "")
                + " lost to " + lostTo.peer() + (lostTo.pathId() != 0 ? " path-id " + lostTo.pathId() : "")
                + ": " + lostAt.description() + " (" + lostAt.reference() + ")";
    }
}

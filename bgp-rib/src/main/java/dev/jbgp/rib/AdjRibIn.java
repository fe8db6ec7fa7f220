package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.List;
import java.util.Optional;

/**
 * A view of one peer's Adj-RIB-In. The post-policy routes live in the Loc-RIB destinations (each
 * destination holds every peer's path, best first), so this view reads them there instead of keeping a
 * second table per peer; the pre-policy routes are kept only with soft reconfiguration. Valid while
 * the peer is known to the {@link Rib}; confined to the RIB's thread.
 */
public final class AdjRibIn {

    private final Rib rib;
    private final PeerState state;

    AdjRibIn(Rib rib, PeerState state) {
        this.rib = rib;
        this.state = state;
    }

    /** The peer. */
    public PeerId peer() {
        return state.peer;
    }

    /** The post-policy route for {@code prefix} and ADD-PATH {@code pathId}, if present. */
    public Optional<Route> route(Prefix prefix, int pathId) {
        return rib.routeOf(state.peer, prefix, pathId);
    }

    /** The pre-policy attributes (soft reconfiguration only), if present. */
    public Optional<PathAttributes> prePolicy(Prefix prefix, int pathId) {
        return Optional.ofNullable(state.getPrePolicy(prefix, pathId));
    }

    /** How many post-policy routes the peer has in the RIB. */
    public int size() {
        return state.routes;
    }

    /** How many of them are stale (graceful restart). */
    public int staleCount() {
        return state.stale;
    }

    /** Every post-policy route of the peer (walks the Loc-RIB; for status and tests). */
    public List<Route> routes() {
        return rib.routesOf(state.peer);
    }
}

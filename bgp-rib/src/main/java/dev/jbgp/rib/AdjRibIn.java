package dev.jbgp.rib;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
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

    /**
     * Applies one received UPDATE, read in place through {@code view}: withdrawn routes and
     * MP_UNREACH_NLRI first, then the NLRI of the body and of MP_REACH_NLRI (RFC 4271 §9, RFC 4760),
     * through the import policy into the Loc-RIB. The attribute block is looked up by its bytes, so a
     * block seen before is neither decoded nor allocated again. End-of-RIB markers sweep stale routes
     * (RFC 4724). {@code verdict} is {@link UpdateValidator}'s judgement of the same UPDATE and is
     * honoured (RFC 7606): treat-as-withdraw withdraws every announced prefix, attribute discard leaves
     * the discarded attributes out, session reset applies nothing (the caller resets the session).
     *
     * <p>The view's buffer is owned by the caller, who releases it after this returns; nothing here
     * retains it or keeps references into it.
     *
     * @throws BgpDecodeException when the NLRI cannot be read (the validator would have said session reset)
     * @throws IllegalStateException when the peer is not established
     */
    public UpdateOutcome apply(UpdateView view, UpdateVerdict verdict) throws BgpDecodeException {
        return rib.apply(state, view, verdict);
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

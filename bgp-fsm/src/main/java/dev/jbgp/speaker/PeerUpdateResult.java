package dev.jbgp.speaker;

import java.util.List;

/**
 * What {@link BgpSpeaker#updatePeer} did. A change of policies, prefix limit or description is
 * applied to the running session ({@link #sessionReset()} false: an import policy is re-applied to the
 * kept pre-policy routes where {@link Neighbor#softReconfiguration()} is on, else to the routes the
 * neighbour sends again after a route refresh; a prefix limit is checked again). Any other change (see
 * {@link Neighbor#sessionChanges}) can only take effect in a new session: the session was stopped and
 * started again, and {@link #reasons()} names what forced it. Immutable and thread-safe.
 *
 * @param sessionReset whether the neighbour's session was restarted
 * @param reasons      the changed settings that needed a new session (empty when none)
 */
public record PeerUpdateResult(boolean sessionReset, List<String> reasons) {

    public PeerUpdateResult {
        reasons = List.copyOf(reasons);
    }
}

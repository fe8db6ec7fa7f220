package dev.jbgp.testkit.daemon;

import java.util.Set;

/**
 * What a daemon says about one neighbour: its session state, the capabilities both sides advertised
 * (empty when the session is not up or the daemon does not show them) and the daemon's raw output,
 * kept for failure messages and for details this record does not model.
 *
 * @param address    the neighbour's address
 * @param state      the session state
 * @param negotiated capabilities advertised by both the daemon and the neighbour
 * @param raw        the CLI output this was parsed from (text or JSON)
 */
public record NeighbourInfo(String address, SessionState state, Set<Capability> negotiated, String raw) {

    public NeighbourInfo {
        negotiated = Set.copyOf(negotiated);
    }
}

package dev.jbgp.kube;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the BGP speaker reports back: its neighbours, the routes it is advertising, and UPDATE counters
 * when it keeps them. Immutable snapshot returned by {@link BgpControl#status()}.
 *
 * @param neighbors every configured neighbour
 * @param advertised the routes currently offered for export
 * @param updatesSent UPDATE messages sent over all sessions, if counted
 * @param updatesReceived UPDATE messages received over all sessions, if counted
 */
public record BgpStatus(List<NeighborStatus> neighbors, List<AdvertisedRoute> advertised,
                        OptionalLong updatesSent, OptionalLong updatesReceived) {

    public BgpStatus {
        neighbors = List.copyOf(neighbors);
        advertised = List.copyOf(advertised);
        Objects.requireNonNull(updatesSent, "updatesSent");
        Objects.requireNonNull(updatesReceived, "updatesReceived");
    }

    /** How many sessions are Established. */
    public long sessionsUp() {
        return neighbors.stream().filter(NeighborStatus::up).count();
    }
}

package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Prefix;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the BGP speaker reports back: its neighbours, the routes it is advertising with their age, and
 * UPDATE message counters when it keeps them. Immutable snapshot returned by {@link BgpControl#status()}.
 *
 * @param neighbors every configured neighbour
 * @param advertised the routes currently offered for export
 * @param ages how long ago each advertised prefix was last advertised or changed (the Age column)
 * @param updatesSent UPDATE messages (not prefixes) sent over all sessions since the agent started, if counted
 * @param updatesReceived UPDATE messages received over all sessions since the agent started, if counted
 */
public record BgpStatus(List<NeighborStatus> neighbors, List<AdvertisedRoute> advertised, Map<Prefix, Duration> ages,
                        OptionalLong updatesSent, OptionalLong updatesReceived) {

    public BgpStatus {
        neighbors = List.copyOf(neighbors);
        advertised = List.copyOf(advertised);
        ages = Map.copyOf(ages);
        Objects.requireNonNull(updatesSent, "updatesSent");
        Objects.requireNonNull(updatesReceived, "updatesReceived");
    }

    /** A snapshot without route ages. */
    public BgpStatus(List<NeighborStatus> neighbors, List<AdvertisedRoute> advertised,
                     OptionalLong updatesSent, OptionalLong updatesReceived) {
        this(neighbors, advertised, Map.of(), updatesSent, updatesReceived);
    }

    /** The age of {@code prefix}'s advertisement; zero when not known. */
    public Duration age(Prefix prefix) {
        return ages.getOrDefault(prefix, Duration.ZERO);
    }

    /** How many sessions are Established. */
    public long sessionsUp() {
        return neighbors.stream().filter(NeighborStatus::up).count();
    }
}

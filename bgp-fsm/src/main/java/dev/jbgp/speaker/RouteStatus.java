package dev.jbgp.speaker;

import dev.jbgp.rib.Route;
import dev.jbgp.wire.nlri.Prefix;

import java.time.Instant;
import java.util.Objects;

/**
 * One path in a {@link SpeakerStatus}: the prefix, the route (peer, attributes) and whether it is the
 * best path or in the ECMP set. Immutable and thread-safe.
 *
 * @param lastChanged when this path was received or last changed (the route's own time,
 *                    {@link Route#receivedAt()}: a re-announcement with the same attributes keeps it,
 *                    a changed one renews it, a graceful-restart stale copy keeps it); the Age column of
 *                    {@link SpeakerStatus#render()} counts from it, per path like BIRD's and FRR's.
 */
public record RouteStatus(Prefix prefix, Route route, boolean best, boolean multipath, Instant lastChanged) {

    public RouteStatus {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(lastChanged, "lastChanged");
    }

    /** {@code *>} best, {@code *=} another member of the ECMP set, {@code * } any other path. */
    public String mark() {
        return best ? "*>" : multipath ? "*=" : "* ";
    }
}

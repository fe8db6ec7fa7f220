package dev.jbgp.speaker;

import dev.jbgp.rib.Route;
import dev.jbgp.wire.nlri.Prefix;

import java.time.Instant;
import java.util.Objects;

/**
 * One path in a {@link SpeakerStatus}: the prefix, the route (peer, attributes) and whether it is the
 * best path or in the ECMP set. Immutable and thread-safe.
 *
 * @param firstSeen when the speaker first saw this route object (a changed route is a new object)
 */
public record RouteStatus(Prefix prefix, Route route, boolean best, boolean multipath, Instant firstSeen) {

    public RouteStatus {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(firstSeen, "firstSeen");
    }

    /** {@code *>} best, {@code *=} another member of the ECMP set, {@code * } any other path. */
    public String mark() {
        return best ? "*>" : multipath ? "*=" : "* ";
    }
}

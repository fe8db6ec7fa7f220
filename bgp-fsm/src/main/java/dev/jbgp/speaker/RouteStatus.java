package dev.jbgp.speaker;

import dev.jbgp.rib.Route;
import dev.jbgp.wire.nlri.Prefix;

import java.time.Instant;
import java.util.Objects;

/**
 * One path in a {@link SpeakerStatus}: the prefix, the route (peer, attributes) and whether it is the
 * best path or in the ECMP set. Immutable and thread-safe.
 *
 * @param lastChanged when the prefix's Loc-RIB selection (best path or ECMP set) last changed, to the
 *                    second; the Age column of {@link SpeakerStatus#render()} counts from it. Every path
 *                    to one prefix has the same value (see the speaker's cost note on why).
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

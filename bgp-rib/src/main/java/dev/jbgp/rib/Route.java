package dev.jbgp.rib;

import java.time.Duration;
import java.time.Instant;

/**
 * One path to a destination: who sent it ({@link #peer()}, plus the ADD-PATH path identifier,
 * RFC 7911), its interned attributes, and what the RIB worked out when it arrived (arrival order,
 * IGP cost to the next hop, eligibility). Immutable: when anything changes, the RIB replaces the route,
 * so a {@code Route} seen in an event or snapshot stays valid and can be shared.
 *
 * <p>Small on purpose: attributes are shared, the prefix is the table key, and the prefixes that one
 * UPDATE announces together (without ADD-PATH) share one {@code Route}, since every field is the same
 * for them. A route is therefore not tied to one prefix (the table, snapshot or event it comes from
 * says which prefix it is for).
 *
 * <p><b>Age:</b> {@link #arrival()} is also the moment the path was received, so each route knows its
 * own age ({@link #age()}, {@link #receivedAt()}) without a table beside the RIB, like the per-route
 * age of BIRD and FRR. A re-announcement with the same attributes keeps the route (and its time); a
 * changed one (an implicit withdraw, RFC 4271 §3.1) makes a new route with a new time. Routes the local
 * speaker announces are timed when announced. A route marked stale by a graceful restart
 * (RFC 4724 §4.2) or given a new IGP cost keeps its original time: the path itself did not change.
 */
public final class Route {

    /** {@link #igpCost()} of a route whose next hop the resolver cannot reach. */
    public static final int UNREACHABLE = -1;

    private static final byte STALE = 1;
    private static final byte LOOP = 2;

    private final PeerId peer;
    private final PathAttributes attributes;
    private final int pathId;
    private final int igpCost;
    private final long arrival;
    private final byte flags;

    Route(PeerId peer, int pathId, PathAttributes attributes, long arrival, int igpCost, boolean loop, boolean stale) {
        this.peer = peer;
        this.pathId = pathId;
        this.attributes = attributes;
        this.arrival = arrival;
        this.igpCost = igpCost;
        this.flags = (byte) ((stale ? STALE : 0) | (loop ? LOOP : 0));
    }

    /**
     * A route for tests and tools that compare paths outside a {@link Rib}; the RIB creates its own.
     *
     * @param arrival a monotonically increasing arrival number (lower is older, RFC 5004); also the
     *                {@link System#nanoTime()} reading the route's {@link #age()} counts from
     * @param igpCost IGP cost to the next hop, or {@link #UNREACHABLE}
     * @param loop    true when the route loops back to us (RFC 4271 §9, RFC 4456 §8)
     */
    public static Route of(PeerId peer, int pathId, PathAttributes attributes, long arrival, int igpCost, boolean loop) {
        return new Route(peer, pathId, attributes, arrival, igpCost, loop, false);
    }

    /** The peer the route was learned from, or the local speaker. */
    public PeerId peer() {
        return peer;
    }

    /** The ADD-PATH path identifier (RFC 7911 §3), 0 when ADD-PATH is not in use. */
    public int pathId() {
        return pathId;
    }

    /** The interned attribute set (post import policy). */
    public PathAttributes attributes() {
        return attributes;
    }

    /**
     * Arrival order: lower arrived earlier (RFC 5004). Counted per UPDATE and attribute set, not per
     * prefix: the prefixes one UPDATE carries arrived at the same moment. In a {@link Rib} it is the
     * {@link System#nanoTime()} reading when the route was made, raised by one where the clock did not
     * move, so it is both unique per route and a time stamp (only comparable within one JVM).
     */
    public long arrival() {
        return arrival;
    }

    /**
     * How long ago this path was received or last changed (see the class comment): the time since
     * {@link #arrival()} on the {@link System#nanoTime()} clock, never negative.
     */
    public Duration age() {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - arrival));
    }

    /** When this path was received or last changed, on the wall clock: now minus {@link #age()}. */
    public Instant receivedAt() {
        return Instant.now().minus(age());
    }

    /** IGP cost to the next hop as the resolver reported it, or {@link #UNREACHABLE}. */
    public int igpCost() {
        return igpCost;
    }

    /** True when the route is kept only because its peer is restarting gracefully (RFC 4724 §4.2). */
    public boolean isStale() {
        return (flags & STALE) != 0;
    }

    /** True when the route loops: our AS in the path more often than allowas-in permits (RFC 4271 §9), or our ORIGINATOR_ID / cluster id in it (RFC 4456 §8). */
    public boolean hasLoop() {
        return (flags & LOOP) != 0;
    }

    /**
     * True when the route may be selected at all (RFC 4271 §9.1.2): no AS loop and a reachable next
     * hop. Ineligible routes are kept (and shown) but never best.
     */
    public boolean isEligible() {
        return (flags & LOOP) == 0 && igpCost != UNREACHABLE;
    }

    Route asStale() {
        return new Route(peer, pathId, attributes, arrival, igpCost, hasLoop(), true);
    }

    Route withIgpCost(int cost) {
        return new Route(peer, pathId, attributes, arrival, cost, hasLoop(), isStale());
    }

    @Override
    public String toString() {
        return "from " + peer + (pathId != 0 ? " path-id " + pathId : "") + " " + attributes
                + (isStale() ? " stale" : "") + (hasLoop() ? " loop" : "")
                + (igpCost == UNREACHABLE ? " unreachable" : "");
    }
}

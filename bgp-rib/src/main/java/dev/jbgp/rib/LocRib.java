package dev.jbgp.rib;

import dev.jbgp.rib.internal.DecisionSorter;
import dev.jbgp.rib.internal.Destination;
import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Loc-RIB of one {@link Rib}: the prefix table with every peer's post-policy paths per prefix,
 * best first, and the one place a path is installed or removed. Each change re-runs the decision
 * process (RFC 4271 §9.1.2) for its prefix, keeps the table's storage shape and publishes the result
 * to the listeners and the update groups.
 *
 * <p>Storage shape: per prefix either the one {@link Route} to it (the common case: no
 * {@link Destination} and no array for a prefix with a single path) or a {@link Destination} with two
 * or more paths. {@link #decided} keeps that shape.
 *
 * <p>IPv4 prefixes may be given by {@link Ipv4Prefix#key()} alone ({@code prefix} null), and IPv6 ones
 * by the primitives in the RIB's {@link Ipv6Key} ({@code prefix} null, {@code v4Key} {@link Ipv6Key#HELD}),
 * so the UPDATE path makes no prefix object. Holds no {@code ByteBuf}; owned by its {@link Rib},
 * confined to its thread.
 */
final class LocRib {

    private final RibConfig config;
    private final DecisionSorter sorter;
    private final AttributeInterner interner;
    private final List<RibListener> listeners;
    private final UpdateGroups groups;
    private final PrefixTable<Object> table;
    /** The IPv6 prefix a {@code (null, Ipv6Key.HELD)} pair stands for (written by {@link UpdateIngest}). */
    private final Ipv6Key v6Key;
    /** The last {@link Route#arrival()} handed out ({@link #nextArrival()}). */
    private long arrivals = Long.MIN_VALUE;
    /**
     * The NLRI of one UPDATE share one attribute set: between {@link #beginUpdate} and
     * {@link #endUpdate}, its IGP cost and loop verdict are worked out for the first route and reused
     * for the rest, and so is the route itself.
     */
    private boolean applying;
    private PathAttributes memoAttributes;
    private PeerId memoPeer;
    private int memoCost;
    private boolean memoLoop;
    /** The route the prefixes of the UPDATE being applied share (path id 0, {@link #memoAttributes}). */
    private Route memoRoute;

    LocRib(RibConfig config, DecisionSorter sorter, AttributeInterner interner, List<RibListener> listeners,
            UpdateGroups groups, PrefixTable<Object> table, Ipv6Key v6Key) {
        this.config = config;
        this.sorter = sorter;
        this.interner = interner;
        this.listeners = listeners;
        this.groups = groups;
        this.table = table;
        this.v6Key = v6Key;
    }

    /** The holder of the IPv6 prefix the UPDATE path hands on by primitives. */
    Ipv6Key v6Key() {
        return v6Key;
    }

    /** The table itself, for the walks over every prefix. */
    PrefixTable<Object> table() {
        return table;
    }

    DecisionSorter sorter() {
        return sorter;
    }

    /** The routes installed from now until {@link #endUpdate} come from one UPDATE and may share one {@link Route}. */
    void beginUpdate() {
        applying = true;
    }

    void endUpdate() {
        applying = false;
        memoAttributes = null;
        memoRoute = null;
    }

    // ---------------------------------------------------------------- values

    /** A Loc-RIB value as a {@link Destination} (a single route is copied into a new one); null stays null. */
    static Destination view(Object v) {
        return v == null || v instanceof Destination ? (Destination) v : Destination.of((Route) v);
    }

    /** The best route of a Loc-RIB value, or null. */
    static Route bestOf(Object v) {
        if (v instanceof Route) {
            Route r = (Route) v;
            return r.isEligible() ? r : null;
        }
        return v == null ? null : ((Destination) v).best();
    }

    /** Every prefix of a table, IPv4 first (a copy, so the caller may change the table while it walks it). */
    static List<Prefix> prefixes(PrefixTable<?> table) {
        List<Prefix> out = new ArrayList<>(table.size());
        table.addPrefixesTo(out);
        return out;
    }

    /** The paths to {@code prefix} as a {@link Destination} (a copy when there is one route), or null. */
    Destination destination(Prefix prefix) {
        return view(table.get(prefix));
    }

    /** The best route to {@code prefix}, or null. */
    Route best(Prefix prefix) {
        return bestOf(table.get(prefix));
    }

    /** 0 when the prefix is absent, 1 when its single route is stored directly, 2 when a {@link Destination} holds its paths. */
    int storageShape(Prefix prefix) {
        Object v = table.get(prefix);
        return v == null ? 0 : v instanceof Route ? 1 : 2;
    }

    private void store(Prefix prefix, long v4Key, Object value) {
        if (prefix != null) {
            table.put(prefix, value);
        } else if (v4Key == Ipv6Key.HELD) {
            table.putV6(v6Key.high(), v6Key.low(), v6Key.length(), value);
        } else {
            table.putV4(v4Key, value);
        }
    }

    /** Replaces the value of a present prefix ({@code prefix} null: in {@code slot} of its family's table). */
    private void replace(Prefix prefix, long v4Key, int slot, Object value) {
        if (prefix != null) {
            table.put(prefix, value);
        } else if (v4Key == Ipv6Key.HELD) {
            table.v6SetAt(slot, value);
        } else {
            table.v4SetAt(slot, value);
        }
    }

    private void drop(Prefix prefix, long v4Key) {
        if (prefix != null) {
            table.remove(prefix);
        } else if (v4Key == Ipv6Key.HELD) {
            table.removeV6(v6Key.high(), v6Key.low(), v6Key.length());
        } else {
            table.removeV4(v4Key);
        }
    }

    // ---------------------------------------------------------------- routes

    private Route newRoute(PeerState ps, int pathId, PathAttributes canonical) {
        if (canonical != memoAttributes || ps.peer != memoPeer) {
            memoCost = resolve(ps.peer, canonical);
            memoLoop = loops(ps.peer, canonical);
            // Only inside one UPDATE: between UPDATEs the resolver's answer may change.
            memoAttributes = applying ? canonical : null;
            memoPeer = ps.peer;
            memoRoute = null;
        }
        if (!applying || pathId != 0) {
            return new Route(ps.peer, pathId, canonical, nextArrival(), memoCost, memoLoop, false);
        }
        // The prefixes of one UPDATE without ADD-PATH arrive together with the same attributes, so
        // their routes are equal in every field and share one immutable Route (see Route#arrival): a
        // full table costs one Route per UPDATE instead of one per prefix. Without a path id a peer
        // has at most one route per prefix, so a shared arrival number never ties two paths that the
        // decision compares.
        Route r = memoRoute;
        if (r == null) {
            r = new Route(ps.peer, 0, canonical, nextArrival(), memoCost, memoLoop, false);
            memoRoute = r;
        }
        return r;
    }

    /**
     * A new route's arrival: the {@link System#nanoTime()} reading, so it says when the route was
     * made, raised to one past the last where the clock did not move, so arrivals stay unique and
     * increasing (RFC 5004's "older" and the decision's tie-breaks rely on that).
     */
    private long nextArrival() {
        long now = System.nanoTime();
        arrivals = now > arrivals ? now : arrivals + 1;
        return arrivals;
    }

    /** Installs a route; {@code canonical} carries one interner reference handed over to the RIB. */
    void install(PeerState ps, Prefix prefix, long v4Key, int pathId, PathAttributes canonical) {
        // By key: one probe finds the prefix or the slot for it.
        boolean v6 = Ipv6Key.held(prefix, v4Key);
        int slot = prefix != null ? 0 : v6 ? table.probeV6(v6Key.high(), v6Key.low(), v6Key.length()) : table.probeV4(v4Key);
        Object v = prefix != null ? table.get(prefix) : slot < 0 ? null : v6 ? table.v6ValueAt(slot) : table.v4ValueAt(slot);
        if (v == null) {
            // A new prefix: its one route is stored as the table value (no Destination).
            ps.routes++;
            Route r = newRoute(ps, pathId, canonical);
            if (prefix != null) {
                table.put(prefix, r);
            } else if (v6) {
                table.insertV6At(~slot, v6Key.high(), v6Key.low(), v6Key.length(), r);
            } else {
                table.insertAt(~slot, v4Key, r);
            }
            published(prefix, v4Key, null, null, r.isEligible() ? r : null, null);
            return;
        }
        Destination d;
        if (v instanceof Route) {
            Route old = (Route) v;
            if (old.pathId() == pathId && old.peer().equals(ps.peer)) {
                // The implicit withdraw of the only route (RFC 4271 §3.1): replaced in place.
                if (old.attributes() == canonical && !old.isStale()) {
                    interner.release(canonical);
                    return;
                }
                interner.release(old.attributes());
                if (old.isStale()) {
                    ps.stale--;
                }
                Route r = newRoute(ps, pathId, canonical);
                replace(prefix, v4Key, slot, r);
                published(prefix, v4Key, old.isEligible() ? old : null, null, r.isEligible() ? r : null, null);
                return;
            }
            // A second path: the prefix gets a Destination.
            d = Destination.of(old);
            replace(prefix, v4Key, slot, d);
        } else {
            d = (Destination) v;
        }
        Route oldBest = d.best();
        Route[] oldMp = d.multipathRaw();
        int idx = d.find(ps.peer, pathId);
        if (idx >= 0) {
            Route old = d.get(idx);
            if (old.attributes() == canonical && !old.isStale()) {
                interner.release(canonical);
                return;
            }
            d.removeAt(idx);
            interner.release(old.attributes());
            if (old.isStale()) {
                ps.stale--;
            }
        } else {
            ps.routes++;
        }
        sorter.add(d, newRoute(ps, pathId, canonical));
        decided(prefix, v4Key, d, oldBest, oldMp);
    }

    /** Removes one path ({@code prefix} null: by {@code v4Key}, see {@link Ipv6Key}). Returns true when there was one. */
    boolean remove(PeerState ps, Prefix prefix, long v4Key, int pathId) {
        boolean v6 = Ipv6Key.held(prefix, v4Key);
        int slot = prefix != null ? 0 : v6 ? table.findV6(v6Key.high(), v6Key.low(), v6Key.length()) : table.findV4(v4Key);
        Object v = prefix != null ? table.get(prefix) : slot < 0 ? null : v6 ? table.v6ValueAt(slot) : table.v4ValueAt(slot);
        if (v == null) {
            return false;
        }
        if (v instanceof Route) {
            Route old = (Route) v;
            if (old.pathId() != pathId || !old.peer().equals(ps.peer)) {
                return false;
            }
            if (prefix != null) {
                table.remove(prefix);
            } else if (v6) {
                table.removeV6At(slot);
            } else {
                table.removeAt(slot);
            }
            interner.release(old.attributes());
            ps.routes--;
            if (old.isStale()) {
                ps.stale--;
            }
            published(prefix, v4Key, old.isEligible() ? old : null, null, null, null);
            return true;
        }
        Destination d = (Destination) v;
        int idx = d.find(ps.peer, pathId);
        if (idx < 0) {
            return false;
        }
        Route oldBest = d.best();
        Route[] oldMp = d.multipathRaw();
        Route old = d.removeAt(idx);
        interner.release(old.attributes());
        ps.routes--;
        if (old.isStale()) {
            ps.stale--;
        }
        decided(prefix, v4Key, d, oldBest, oldMp);
        return true;
    }

    /**
     * Asks the resolver again for every route's next hop (the IGP changed) and re-runs the decision
     * where a cost or reachability changed.
     */
    void nextHopsChanged() {
        for (Prefix p : prefixes(table)) {
            Destination d = view(table.get(p));
            Route oldBest = d.best();
            Route[] oldMp = d.multipathRaw();
            if (refreshCosts(d)) {
                // The costs changed in place, behind the sorter's back: rank the paths again
                // (RFC 4271 §9.1.2.2 (e)) before the decision reads the order.
                sorter.rerank(d);
                // A single route was copied into a new Destination by view(); decided() stores it back.
                decided(p, 0, d, oldBest, oldMp);
            }
        }
    }

    private boolean refreshCosts(Destination d) {
        boolean any = false;
        for (int i = 0; i < d.size(); i++) {
            Route r = d.get(i);
            int cost = resolve(r.peer(), r.attributes());
            if (cost != r.igpCost()) {
                d.set(i, r.withIgpCost(cost));
                any = true;
            }
        }
        return any;
    }

    /**
     * Re-runs the decision for a changed destination, keeps the table's shape (no paths: the prefix is
     * removed; one path: the route itself is stored in place of the destination) and publishes.
     */
    void decided(Prefix prefix, long v4Key, Destination d, Route oldBest, Route[] oldMp) {
        sorter.decide(d);
        if (d.size() == 0) {
            drop(prefix, v4Key);
        } else if (d.size() == 1) {
            store(prefix, v4Key, d.get(0));
        }
        published(prefix, v4Key, oldBest, oldMp, d.best(), d.multipathRaw());
    }

    /** Tells the listeners of a Loc-RIB change and exports a new best route to the update groups. */
    private void published(Prefix prefix, long v4Key, Route oldBest, Route[] oldMp, Route best, Route[] mp) {
        boolean bestChanged = best != oldBest;
        if ((bestChanged || mp != oldMp) && !listeners.isEmpty()) {
            // Made before any listener runs: one that applied another UPDATE would overwrite v6Key.
            prefix = v6Key.materialize(prefix, v4Key);
            LocRibChange c = new LocRibChange(prefix, Optional.ofNullable(oldBest), Optional.ofNullable(best),
                    multipathList(oldBest, oldMp), multipathList(best, mp));
            for (int i = 0; i < listeners.size(); i++) {
                listeners.get(i).locRibChanged(c);
            }
        }
        groups.changed(prefix, v4Key, bestChanged, best);
    }

    private static List<Route> multipathList(Route best, Route[] mp) {
        if (best == null) {
            return List.of();
        }
        return mp == null ? List.of(best) : List.of(mp);
    }

    // ---------------------------------------------------------------- per-route decision inputs

    private int resolve(PeerId peer, PathAttributes a) {
        if (peer.isLocal()) {
            return 0;
        }
        InetAddress nh = a.nextHopOrNull();
        return nh != null ? config.resolver().igpCost(nh) : Route.UNREACHABLE;
    }

    private boolean loops(PeerId peer, PathAttributes a) {
        if (peer.isLocal()) {
            return false;
        }
        if (a.countAs(config.localAs()) > config.allowAsIn()) {
            return true;
        }
        if (peer.isInternal()) {
            // RFC 4456 §8: our own ORIGINATOR_ID or CLUSTER_ID means the route came back to us.
            if (a.hasOriginatorId() && a.originatorId(0) == config.routerId()) {
                return true;
            }
            return config.clusterId().isPresent() && a.clusterListContains(config.clusterId().get());
        }
        return false;
    }
}

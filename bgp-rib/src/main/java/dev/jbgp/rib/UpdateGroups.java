package dev.jbgp.rib;

import dev.jbgp.rib.internal.Destination;
import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The update groups of one {@link Rib} and the export of Loc-RIB changes into their Adj-RIB-Outs:
 * peers with equal export settings ({@link ExportKey}) share one {@link AdjRibOut}; a new best route
 * (or, for a group sent several paths per prefix, RFC 7911, any change of a prefix's paths) goes through
 * the group's export rules and policy, and the exported set is interned and stored there.
 *
 * <p>Reads the Loc-RIB table, never changes it. Holds no {@code ByteBuf}; owned by its {@link Rib},
 * confined to its thread.
 */
final class UpdateGroups {

    private final RibConfig config;
    private final AttributeInterner interner;
    private final List<RibListener> listeners;
    /** The Loc-RIB (see {@link LocRib} for the shape of its values). */
    private final PrefixTable<Object> locRib;
    /** The IPv6 prefix a {@code (null, Ipv6Key.HELD)} pair stands for. */
    private final Ipv6Key v6Key;
    private final List<AdjRibOut> groups = new ArrayList<>();
    /** How many groups are sent several paths per prefix (RFC 7911): with none, only best changes export. */
    private int multiPathGroups;
    /** Scratch for {@link #exportPaths}: the selected routes and their exported, interned sets. */
    private Route[] pickRoutes = new Route[4];
    private PathAttributes[] pickSets = new PathAttributes[4];

    UpdateGroups(RibConfig config, AttributeInterner interner, List<RibListener> listeners, PrefixTable<Object> locRib,
            Ipv6Key v6Key) {
        this.config = config;
        this.v6Key = v6Key;
        this.interner = interner;
        this.listeners = listeners;
        this.locRib = locRib;
    }

    /** The groups, in creation order (a copy). */
    List<AdjRibOut> list() {
        return List.copyOf(groups);
    }

    /**
     * A prefix's Loc-RIB entry changed ({@code prefix} null: by {@code v4Key}, see {@link Ipv6Key}):
     * exports a new best route, and re-selects the paths of groups sent several paths.
     */
    void changed(Prefix prefix, long v4Key, boolean bestChanged, Route best) {
        if (bestChanged || multiPathGroups > 0) {
            int afi = prefix != null ? prefix.afi() : v4Key == Ipv6Key.HELD ? Afi.IPV6 : Afi.IPV4;
            if (!listeners.isEmpty() && afi == Afi.IPV6) {
                // Listeners get the object anyway; made before the first of them runs (one that applied
                // another UPDATE would overwrite v6Key before the next group read it).
                prefix = v6Key.materialize(prefix, v4Key);
            }
            for (int i = 0; i < groups.size(); i++) {
                AdjRibOut g = groups.get(i);
                if (g.addPaths != null && g.multiPath(afi)) {
                    // Any path of the prefix may be one this group is sent (RFC 7911).
                    exportPaths(g, prefix, v4Key);
                } else if (bestChanged) {
                    exportTo(g, prefix, v4Key, best);
                }
            }
        }
    }

    /** The peer joins (or founds) the group of its export settings; a new group is filled from the Loc-RIB at once. */
    void join(PeerState ps) {
        ExportKey key = ExportKey.of(ps.peer, ps.settings);
        for (AdjRibOut g : groups) {
            if (g.key.equals(key)) {
                g.members.add(ps.peer);
                ps.group = g;
                // The group's Adj-RIB-Out is now also this peer's: each route is an announcement to it.
                membershipChanged(g, ps.peer, true);
                return;
            }
        }
        AdjRibOut g = new AdjRibOut(key, config);
        g.members.add(ps.peer);
        ps.group = g;
        groups.add(g);
        if (g.addPaths != null) {
            multiPathGroups++;
        }
        if (g.silent) {
            return;
        }
        boolean multi4 = g.addPaths != null && g.multiPath(null);
        for (int i = 0; i < locRib.v4Slots(); i++) {
            if (locRib.v4Used(i)) {
                if (multi4) {
                    exportPaths(g, null, locRib.v4KeyAt(i));
                    continue;
                }
                Route best = LocRib.bestOf(locRib.v4ValueAt(i));
                if (best != null) {
                    exportTo(g, null, locRib.v4KeyAt(i), best);
                }
            }
        }
        // exportPaths only reads the Loc-RIB, so walking its slots meanwhile is safe.
        boolean multi6 = g.addPaths != null && g.multiPath(Afi.IPV6);
        for (int i = 0; i < locRib.v6Slots(); i++) {
            if (locRib.v6Used(i)) {
                if (multi6) {
                    exportPaths(g, locRib.v6PrefixAt(i), 0);
                    continue;
                }
                Route best = LocRib.bestOf(locRib.v6ValueAt(i));
                if (best != null) {
                    exportTo(g, locRib.v6PrefixAt(i), 0, best);
                }
            }
        }
    }

    /** The peer leaves its group; the last member's leaving drops the group and its references. */
    void leave(PeerState ps) {
        AdjRibOut g = ps.group;
        if (g == null) {
            return;
        }
        // What the group announces is no longer announced to this peer: each route is a withdrawal.
        membershipChanged(g, ps.peer, false);
        g.members.remove(ps.peer);
        ps.group = null;
        if (g.members.isEmpty()) {
            g.clear(interner);
            groups.remove(g);
            if (g.addPaths != null) {
                multiPathGroups--;
            }
        }
    }

    /**
     * Tells the listeners that {@code peer}'s Adj-RIB-Out gained ({@code joined}) or lost every path the
     * group announces, one {@link AdjRibOutChange} per prefix and path identifier. A group founded by a
     * peer needs none of this: its member is present while it is filled, so the fill's own events are
     * the peer's. Nothing is made without listeners.
     */
    private void membershipChanged(AdjRibOut g, PeerId peer, boolean joined) {
        if (listeners.isEmpty() || g.silent) {
            return;
        }
        for (UpdateBatch b : g.fullTable()) {
            Optional<PathAttributes> attributes = Optional.of(b.attributes());
            List<Prefix> prefixes = b.prefixes();
            for (int p = 0; p < prefixes.size(); p++) {
                AdjRibOutChange c = joined
                        ? new AdjRibOutChange(peer, prefixes.get(p), b.pathId(p), Optional.empty(), attributes)
                        : new AdjRibOutChange(peer, prefixes.get(p), b.pathId(p), attributes, Optional.empty());
                for (int i = 0; i < listeners.size(); i++) {
                    listeners.get(i).adjRibOutChanged(c);
                }
            }
        }
    }

    /** Exports a new best route ({@code prefix} null: by {@code v4Key}, see {@link Ipv6Key}) to one group. */
    private void exportTo(AdjRibOut g, Prefix prefix, long v4Key, Route best) {
        if (g.silent) {
            return;
        }
        PathAttributes out = best == null ? null : g.export(config, best, prefix, v4Key, v6Key, interner.size());
        PathAttributes previous = Ipv6Key.held(prefix, v4Key) ? g.currentV6(v6Key.high(), v6Key.low(), v6Key.length())
                : g.current(prefix, v4Key);
        if (out == null && previous == null) {
            return;
        }
        PathAttributes canonical = out == null ? null : interner.intern(out);
        if (previous == canonical) {
            interner.release(canonical);
            return;
        }
        prefix = v6Key.materialize(prefix, v4Key);
        g.set(prefix, canonical);
        if (previous != null) {
            interner.release(previous);
        }
        if (!listeners.isEmpty()) {
            for (int m = 0; m < g.members.size(); m++) {
                AdjRibOutChange c = new AdjRibOutChange(g.members.get(m), prefix, Optional.ofNullable(previous),
                        Optional.ofNullable(canonical));
                for (int i = 0; i < listeners.size(); i++) {
                    listeners.get(i).adjRibOutChanged(c);
                }
            }
        }
    }

    /**
     * Re-selects the paths of one prefix ({@code prefix} null: by {@code v4Key}, see {@link Ipv6Key}) for a group sent
     * several paths (RFC 7911): eligible paths in decision order, narrowed by the group's
     * {@link AddPathSend} mode, each through the export rules and policy on its own; a path the group
     * may not receive is skipped (so {@code bestN} takes the next one), and a path whose exported set
     * equals one already taken is skipped too (the receiver could not tell the two apart).
     */
    private void exportPaths(AdjRibOut g, Prefix prefix, long v4Key) {
        if (g.silent) {
            return;
        }
        Prefix p = v6Key.materialize(prefix, v4Key);
        Object v = prefix != null || v4Key == Ipv6Key.HELD ? locRib.get(p) : locRib.getV4(v4Key);
        AddPathSend sel = g.addPathSend();
        Route[] candidates;
        int size;
        if (v == null) {
            candidates = null;
            size = 0;
        } else if (v instanceof Route) {
            pickRoutes[0] = (Route) v;
            candidates = pickRoutes;
            size = 1;
        } else {
            Destination d = (Destination) v;
            if (sel.mode() == AddPathSend.Mode.MULTIPATH) {
                candidates = d.multipath();
                size = candidates.length;
            } else {
                size = sel.mode() == AddPathSend.Mode.BEST ? Math.min(1, d.size()) : d.size();
                candidates = new Route[size];
                for (int i = 0; i < size; i++) {
                    candidates[i] = d.get(i);
                }
            }
        }
        int n = 0;
        if (pickSets.length < size) {
            pickSets = new PathAttributes[size];
            pickRoutes = new Route[size];
        }
        for (int i = 0; i < size && n < sel.count(); i++) {
            Route r = candidates[i];
            if (!r.isEligible()) {
                break; // ineligible paths sort last: none after this one is eligible either
            }
            PathAttributes out = g.export(config, r, p, 0, v6Key, interner.size());
            if (out == null) {
                continue;
            }
            PathAttributes canonical = interner.intern(out);
            boolean duplicate = false;
            for (int j = 0; j < n; j++) {
                if (pickSets[j] == canonical) {
                    duplicate = true;
                    break;
                }
            }
            if (duplicate) {
                interner.release(canonical);
                continue;
            }
            pickRoutes[n] = r;
            pickSets[n] = canonical;
            n++;
        }
        List<AdvertisedPaths.Change> changes = g.addPaths.reconcile(p, pickRoutes, pickSets, n, interner);
        Arrays.fill(pickRoutes, null);
        Arrays.fill(pickSets, null);
        if (!listeners.isEmpty()) {
            for (AdvertisedPaths.Change ch : changes) {
                for (int m = 0; m < g.members.size(); m++) {
                    AdjRibOutChange c = new AdjRibOutChange(g.members.get(m), p, ch.pathId(),
                            Optional.ofNullable(ch.previous()), Optional.ofNullable(ch.current()));
                    for (int i = 0; i < listeners.size(); i++) {
                        listeners.get(i).adjRibOutChanged(c);
                    }
                }
            }
        }
    }
}

package dev.jbgp.rib;

import dev.jbgp.rib.internal.Destination;
import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;

/**
 * The walks over the whole Loc-RIB for one peer's routes: graceful restart's stale marking when the
 * session drops and its sweep at End-of-RIB or when the restart timer expires (RFC 4724 §4.2), and the
 * withdrawal of every route of a peer that went down for good. Each touched prefix is re-decided
 * through {@link LocRib#decided}.
 *
 * <p>Holds no {@code ByteBuf}; owned by its {@link Rib}, confined to its thread.
 */
final class PeerRoutes {

    private final LocRib locRib;
    private final AttributeInterner interner;

    PeerRoutes(LocRib locRib, AttributeInterner interner) {
        this.locRib = locRib;
        this.interner = interner;
    }

    /**
     * End-of-RIB for {@code family} (RFC 4724 §2): the peer's stale routes in that family that were
     * not refreshed are withdrawn. Returns how many.
     */
    int endOfRib(PeerState ps, AddressFamily family) {
        int afi = family.afi() == Afi.IPV4 ? 4 : family.afi() == Afi.IPV6 ? 6 : -1;
        return afi < 0 ? 0 : remove(ps, afi, true);
    }

    /**
     * Removes every route of a peer ({@code staleOnly}: only stale ones) in a family (4, 6, or 0 for
     * both), re-deciding each touched prefix. Returns how many were removed.
     */
    int remove(PeerState ps, int family, boolean staleOnly) {
        if (staleOnly ? ps.stale == 0 : ps.routes == 0) {
            // Nothing to find (the counters are kept exact): the End-of-RIB that closes every initial
            // table (RFC 4724 §2) would otherwise walk the whole Loc-RIB once per family.
            return 0;
        }
        PrefixTable<Object> table = locRib.table();
        int removed = 0;
        List<Prefix> touched = new ArrayList<>();
        if (family != 6) {
            for (int i = 0; i < table.v4Slots(); i++) {
                if (table.v4Used(i) && holds(table.v4ValueAt(i), ps.peer, staleOnly)) {
                    touched.add(table.v4PrefixAt(i));
                }
            }
        }
        if (family != 4) {
            for (int i = 0; i < table.v6Slots(); i++) {
                if (table.v6Used(i) && holds(table.v6ValueAt(i), ps.peer, staleOnly)) {
                    touched.add(table.v6PrefixAt(i));
                }
            }
        }
        for (Prefix p : touched) {
            // A single route is copied into a new Destination; decided() drops or stores the result.
            Destination d = locRib.destination(p);
            Route oldBest = d.best();
            Route[] oldMp = d.multipathRaw();
            for (int i = d.size() - 1; i >= 0; i--) {
                Route r = d.get(i);
                if (r.peer().equals(ps.peer) && (!staleOnly || r.isStale())) {
                    d.removeAt(i);
                    interner.release(r.attributes());
                    ps.routes--;
                    if (r.isStale()) {
                        ps.stale--;
                    }
                    removed++;
                }
            }
            locRib.decided(p, 0, d, oldBest, oldMp);
        }
        return removed;
    }

    private static boolean holds(Object v, PeerId peer, boolean staleOnly) {
        if (v instanceof Route) {
            Route r = (Route) v;
            return r.peer().equals(peer) && (!staleOnly || r.isStale());
        }
        Destination d = (Destination) v;
        for (int i = 0; i < d.size(); i++) {
            Route r = d.get(i);
            if (r.peer().equals(peer) && (!staleOnly || r.isStale())) {
                return true;
            }
        }
        return false;
    }

    /** Marks every route of the peer stale (RFC 4724 §4.2); they keep their rank in the decision. */
    void markStale(PeerState ps) {
        PrefixTable<Object> table = locRib.table();
        for (int i = 0; i < table.v4Slots(); i++) {
            if (table.v4Used(i)) {
                Object v = table.v4ValueAt(i);
                if (v instanceof Route) {
                    Route r = (Route) v;
                    if (r.peer().equals(ps.peer) && !r.isStale()) {
                        table.v4SetAt(i, r.asStale());
                        ps.stale++;
                    }
                } else {
                    markStale((Destination) v, ps);
                }
            }
        }
        for (int i = 0; i < table.v6Slots(); i++) {
            if (table.v6Used(i)) {
                Object v = table.v6ValueAt(i);
                if (v instanceof Route) {
                    Route r = (Route) v;
                    if (r.peer().equals(ps.peer) && !r.isStale()) {
                        table.v6SetAt(i, r.asStale());
                        ps.stale++;
                    }
                } else {
                    markStale((Destination) v, ps);
                }
            }
        }
    }

    private void markStale(Destination d, PeerState ps) {
        for (int i = 0; i < d.size(); i++) {
            Route r = d.get(i);
            if (r.peer().equals(ps.peer) && !r.isStale()) {
                // Same attributes and rank; the best path and ECMP set do not change (RFC 4724 §4.2).
                d.set(i, r.asStale());
                ps.stale++;
            }
        }
        // Refresh the ECMP array so it holds the stale instances; the ranking is unchanged.
        locRib.sorter().decide(d);
    }

    /** Drops the peer's pre-policy copies (soft reconfiguration) and their interner references. */
    void clearPrePolicy(PeerState ps) {
        PrefixTable<PeerState.PrePolicy> pre = ps.prePolicy;
        for (int i = 0; i < pre.v4Slots(); i++) {
            if (pre.v4Used(i)) {
                for (PeerState.PrePolicy p = pre.v4ValueAt(i); p != null; p = p.next) {
                    interner.release(p.attributes);
                }
            }
        }
        for (int i = 0; i < pre.v6Slots(); i++) {
            if (pre.v6Used(i)) {
                for (PeerState.PrePolicy p = pre.v6ValueAt(i); p != null; p = p.next) {
                    interner.release(p.attributes);
                }
            }
        }
        pre.clear();
    }
}

package dev.jbgp.rib;

import dev.jbgp.rib.decision.PathComparator;
import dev.jbgp.rib.decision.Verdict;
import dev.jbgp.rib.internal.DecisionSorter;
import dev.jbgp.rib.internal.Destination;
import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing tables of one speaker: every peer's Adj-RIB-In, the Loc-RIB with the decision process
 * and ECMP multipath, and the Adj-RIB-Outs (one per update group) with export rules and policy, for
 * IPv4 and IPv6 unicast with ADD-PATH path identifiers.
 *
 * <p><b>Threading:</b> single-threaded by contract. Every method must be called from one thread (the
 * speaker's event loop); the RIB starts no threads and takes no locks. {@link RibSnapshot}s and the
 * values it hands out ({@link Route}, {@link PathAttributes}, events) are immutable and may be shared.
 *
 * <p><b>Storage:</b> one destination per prefix holds all peers' post-policy paths, best first; IPv4
 * destinations are keyed by {@link Ipv4Prefix#key()} in a primitive map; attribute sets are interned
 * with reference counts ({@link #interner()}).
 *
 * <p><b>Time:</b> the RIB reads {@link System#nanoTime()} once per new {@link Route} (once per UPDATE on
 * the wire path) to stamp its {@link Route#arrival() arrival}, which gives every route its
 * {@link Route#age() age}; it keeps no timers. Graceful-restart stale routes are swept when the caller
 * reports End-of-RIB ({@link #endOfRib}) or its restart timer expires ({@link #sweepStale}).
 *
 * <pre>{@code
 * Rib rib = Rib.create(RibConfig.builder(65000, routerId)
 *         .decision(DecisionOptions.builder(65000).maxPathsEbgp(4).asPathMultipathRelax(true).build())
 *         .build());
 * rib.addListener(listener);                                 // Loc-RIB and Adj-RIB-Out changes, in order
 * rib.peerUp(peer, PeerSettings.builder().importPolicy(in).exportPolicy(out).localAddress(local).build());
 * rib.adjRibIn(peer).apply(view, validator.validate(view));  // per received UPDATE, read in place
 * OutboundUpdates todo = rib.adjRibOut(peer).drainPending(); // per update group, for the encoder
 * rib.peerDownGraceful(peer);                                // or peerDown(peer)
 * }</pre>
 *
 * <p><b>Parts:</b> this class is the API and the peer lifecycle; the work is done by {@link LocRib}
 * (the table, install and remove, the decision, publication), {@link UpdateIngest} (UPDATEs and the
 * import policy), {@link UpdateGroups} (export to the Adj-RIB-Outs), {@link PeerRoutes} (graceful
 * restart and the withdrawal of a peer's routes) and {@link Explainer} (explanations, snapshots).
 */
public final class Rib {

    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);

    private final RibConfig config;
    private final PeerId self;
    private final PathComparator comparator;
    private final AttributeInterner interner = new AttributeInterner();
    private final Map<PeerId, PeerState> peers = new HashMap<>();
    private final List<RibListener> listeners = new ArrayList<>();
    private final PeerState selfState;
    private final UpdateGroups groups;
    private final LocRib locRib;
    private final PeerRoutes peerRoutes;
    private final UpdateIngest ingest;
    private final Explainer explainer;

    private Rib(RibConfig config) {
        this.config = config;
        this.self = PeerId.local(config.localAs(), config.routerId());
        this.comparator = new PathComparator(config.decision());
        PrefixTable<Object> table = new PrefixTable<>();
        Ipv6Key v6Key = new Ipv6Key();
        this.groups = new UpdateGroups(config, interner, listeners, table, v6Key);
        this.locRib = new LocRib(config, new DecisionSorter(comparator), interner, listeners, groups, table, v6Key);
        this.peerRoutes = new PeerRoutes(locRib, interner);
        this.ingest = new UpdateIngest(config, interner, locRib, peerRoutes);
        this.explainer = new Explainer(comparator, config.decision());
        this.selfState = new PeerState(self, PeerSettings.builder().importPolicy(Policy.acceptAll()).build());
        selfState.up = true;
        peers.put(self, selfState);
    }

    /** A new, empty RIB. */
    public static Rib create(RibConfig config) {
        return new Rib(config);
    }

    /** The configuration. */
    public RibConfig config() {
        return config;
    }

    /** The source of locally originated routes. */
    public PeerId self() {
        return self;
    }

    /** The comparator the decision process uses (to compare two routes and get a {@link Verdict}). */
    public PathComparator comparator() {
        return comparator;
    }

    /** The attribute interner (for reference-count inspection). */
    public AttributeInterner interner() {
        return interner;
    }

    /** Adds a listener; listeners are called in the order added. */
    public void addListener(RibListener listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- peers

    /**
     * A session reached Established. If the peer was restarting gracefully (same {@code PeerId}), its
     * stale routes stay until replaced, End-of-RIB or {@link #sweepStale}. The peer joins (or founds) the
     * update group of its export settings; a new group is filled from the Loc-RIB at once. The caller
     * sends a joining peer the whole table ({@link AdjRibOut#byAttributes()}) and afterwards what
     * {@link AdjRibOut#drainPending()} returns to every member of the group.
     *
     * @throws IllegalStateException when the peer is already up
     */
    public void peerUp(PeerId peer, PeerSettings settings) {
        PeerState ps = peers.get(peer);
        if (ps != null && ps.up) {
            throw new IllegalStateException("peer " + peer + " is already up");
        }
        if (ps == null) {
            ps = new PeerState(peer, settings);
            peers.put(peer, ps);
        } else {
            ps.settings = settings;
        }
        ps.up = true;
        groups.join(ps);
        LOG.debug("peer {} up, update group of {} peers", peer, ps.group.members.size());
    }

    /** The session ended without graceful restart: every route of the peer is withdrawn. */
    public void peerDown(PeerId peer) {
        PeerState ps = requireRemote(peer);
        groups.leave(ps);
        ps.up = false;
        peerRoutes.remove(ps, 0, false);
        peerRoutes.clearPrePolicy(ps);
        peers.remove(peer);
        LOG.debug("peer {} down, routes withdrawn", peer);
    }

    /**
     * The session ended and the peer can restart gracefully (RFC 4724 §4.2): its routes are kept but
     * marked stale (they still take part in the decision), and it leaves its update group.
     */
    public void peerDownGraceful(PeerId peer) {
        PeerState ps = requireRemote(peer);
        groups.leave(ps);
        ps.up = false;
        // The pre-policy copies are rebuilt as the peer re-sends; stale routes are in the Loc-RIB.
        peerRoutes.clearPrePolicy(ps);
        peerRoutes.markStale(ps);
        LOG.debug("peer {} restarting, {} routes stale", peer, ps.stale);
    }

    /**
     * End-of-RIB received for {@code family} (RFC 4724 §2): stale routes of the peer in that family that
     * were not refreshed are withdrawn. Returns how many.
     */
    public int endOfRib(PeerId peer, AddressFamily family) {
        return peerRoutes.endOfRib(requireKnown(peer), family);
    }

    /**
     * The restart timer (or stale-path timer) of the peer expired: every stale route is withdrawn; a peer
     * that is still down is forgotten. Returns how many routes were withdrawn.
     */
    public int sweepStale(PeerId peer) {
        PeerState ps = requireKnown(peer);
        int n = peerRoutes.remove(ps, 0, true);
        if (!ps.up && ps.routes == 0) {
            peerRoutes.clearPrePolicy(ps);
            peers.remove(peer);
        }
        return n;
    }

    /**
     * Sets a peer's import policy for the routes it sends from now on, leaving the routes it sent
     * before as they are: for a peer without soft reconfiguration, whose routes before the policy are
     * not kept. Its speaker then asks it for a route refresh (RFC 2918 §3): every route sent again
     * passes the new policy, and one the new policy rejects is removed as it arrives.
     */
    public void setImportPolicy(PeerId peer, Policy importPolicy) {
        PeerState ps = requireUp(peer);
        ps.settings = ps.settings.toBuilder().importPolicy(importPolicy).build();
    }

    /**
     * Replaces a peer's import policy and re-applies it to the pre-policy Adj-RIB-In (soft
     * reconfiguration, which must be on for the peer).
     */
    public void reapplyImport(PeerId peer, Policy importPolicy) {
        PeerState ps = requireUp(peer);
        if (!ps.settings.softReconfiguration()) {
            throw new IllegalStateException("soft reconfiguration is off for " + peer + "; ask the peer for a route refresh");
        }
        ps.settings = ps.settings.toBuilder().importPolicy(importPolicy).build();
        for (Prefix p : LocRib.prefixes(ps.prePolicy)) {
            for (PeerState.PrePolicy e = ps.prePolicy.get(p); e != null; e = e.next) {
                ingest.importRoute(ps, p, 0, e.pathId, e.attributes);
            }
        }
    }

    // ---------------------------------------------------------------- routes

    /**
     * A route from {@code peer} (RFC 4271 §9.1: an UPDATE's NLRI, implicitly withdrawing any earlier
     * route with the same prefix and path id). The import policy runs; a rejected route withdraws the
     * earlier one. Returns true when a route was installed.
     *
     * @param pathId the ADD-PATH path identifier (RFC 7911), 0 without ADD-PATH
     */
    public boolean announce(PeerId peer, Prefix prefix, int pathId, PathAttributes attributes) {
        PeerState ps = requireUp(peer);
        if (peer.isExternal() && attributes.hasLocalPref()) {
            // RFC 4271 §5.1.5: LOCAL_PREF received from an external peer is ignored (policy may set one).
            attributes = attributes.toBuilder().clearLocalPref().build();
        }
        return ingest.announce(ps, prefix, 0, pathId, attributes);
    }

    /** A withdrawal from {@code peer}. Returns true when a route was removed. */
    public boolean withdraw(PeerId peer, Prefix prefix, int pathId) {
        return ingest.withdraw(requireUp(peer), prefix, 0, pathId);
    }

    /** Originates a route locally (a network statement or redistribution); no import policy applies. */
    public void originate(Prefix prefix, PathAttributes attributes) {
        locRib.install(selfState, prefix, 0, 0, interner.intern(attributes));
    }

    /** Withdraws a locally originated route. Returns true when there was one. */
    public boolean withdrawOriginated(Prefix prefix) {
        return locRib.remove(selfState, prefix, 0, 0);
    }

    /**
     * Asks the resolver again for every route's next hop (the IGP changed) and re-runs the decision
     * where a cost or reachability changed.
     */
    public void nextHopsChanged() {
        locRib.nextHopsChanged();
    }

    // ---------------------------------------------------------------- queries

    /** The best route to {@code prefix}, if any eligible route exists. */
    public Optional<Route> bestPath(Prefix prefix) {
        return Optional.ofNullable(locRib.best(prefix));
    }

    /** Every route to {@code prefix}, best first (ineligible ones last). */
    public List<Route> paths(Prefix prefix) {
        Destination d = locRib.destination(prefix);
        if (d == null) {
            return List.of();
        }
        Route[] out = new Route[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.get(i);
        }
        return List.of(out);
    }

    /** The ECMP set for {@code prefix}, best first; empty when there is no best. */
    public List<Route> multipath(Prefix prefix) {
        Destination d = locRib.destination(prefix);
        return d == null ? List.of() : List.of(d.multipath());
    }

    /** For each route to {@code prefix} other than the best: the step it lost at and the route it lost to. */
    public List<Explanation> explain(Prefix prefix) {
        Destination d = locRib.destination(prefix);
        return d == null ? List.of() : explainer.explain(d);
    }

    /** The number of prefixes in the Loc-RIB (with at least one path, eligible or not). */
    public int size() {
        return locRib.table().size();
    }

    /** The Adj-RIB-In of a known peer. */
    public AdjRibIn adjRibIn(PeerId peer) {
        return new AdjRibIn(this, requireKnown(peer));
    }

    /** The Adj-RIB-Out (update group) of an established peer. */
    public AdjRibOut adjRibOut(PeerId peer) {
        return requireUp(peer).group;
    }

    /** The update groups, in creation order. */
    public List<AdjRibOut> updateGroups() {
        return groups.list();
    }

    /** An immutable copy of the Loc-RIB with best, ECMP set and explanations per prefix. */
    public RibSnapshot snapshot() {
        return explainer.snapshot(locRib.table());
    }

    Optional<Route> routeOf(PeerId peer, Prefix prefix, int pathId) {
        Destination d = locRib.destination(prefix);
        if (d == null) {
            return Optional.empty();
        }
        int i = d.find(peer, pathId);
        return i < 0 ? Optional.empty() : Optional.of(d.get(i));
    }

    List<Route> routesOf(PeerId peer) {
        PrefixTable<Object> table = locRib.table();
        List<Route> out = new ArrayList<>();
        for (int i = 0; i < table.v4Slots(); i++) {
            if (table.v4Used(i)) {
                collect(LocRib.view(table.v4ValueAt(i)), peer, out);
            }
        }
        for (int i = 0; i < table.v6Slots(); i++) {
            if (table.v6Used(i)) {
                collect(LocRib.view(table.v6ValueAt(i)), peer, out);
            }
        }
        return out;
    }

    private static void collect(Destination d, PeerId peer, List<Route> out) {
        for (int i = 0; i < d.size(); i++) {
            if (d.get(i).peer().equals(peer)) {
                out.add(d.get(i));
            }
        }
    }

    /**
     * Applies one validated UPDATE from an established peer in place (see {@link AdjRibIn#apply}).
     * IPv4 prefixes go by their key; no prefix object is made unless a policy, listener, update group or
     * soft reconfiguration needs one.
     */
    UpdateOutcome apply(PeerState ps, UpdateView view, UpdateVerdict verdict) throws BgpDecodeException {
        return ingest.apply(ps, view, verdict);
    }

    AttributeBlockInterner blocks() {
        return ingest.blocks();
    }

    /**
     * For tests of the storage shape: 0 when the prefix is absent, 1 when its single route is stored
     * directly, 2 when a {@link Destination} holds its paths.
     */
    int storageShape(Prefix prefix) {
        return locRib.storageShape(prefix);
    }

    private PeerState requireKnown(PeerId peer) {
        PeerState ps = peers.get(peer);
        if (ps == null) {
            throw new IllegalArgumentException("unknown peer " + peer);
        }
        return ps;
    }

    private PeerState requireRemote(PeerId peer) {
        if (peer.isLocal()) {
            throw new IllegalArgumentException("the local speaker has no session; use withdrawOriginated");
        }
        return requireKnown(peer);
    }

    private PeerState requireUp(PeerId peer) {
        PeerState ps = requireKnown(peer);
        if (!ps.up) {
            throw new IllegalStateException("peer " + peer + " is not established");
        }
        return ps;
    }

    @Override
    public String toString() {
        return "rib AS" + config.localAs() + " (" + locRib.table().size() + " prefixes, " + (peers.size() - 1) + " peers, "
                + interner.size() + " attribute sets)";
    }
}

package dev.jbgp.rib;

import dev.jbgp.rib.decision.PathComparator;
import dev.jbgp.rib.decision.Verdict;
import dev.jbgp.rib.internal.DecisionSorter;
import dev.jbgp.rib.internal.Destination;
import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.rib.policy.Disposition;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.NlriCursor;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
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
 */
public final class Rib {

    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);

    private final RibConfig config;
    private final PeerId self;
    private final PathComparator comparator;
    private final DecisionSorter sorter;
    private final AttributeInterner interner = new AttributeInterner();
    /**
     * The Loc-RIB: per prefix either the one {@link Route} to it (the common case: no
     * {@link Destination} and no array for a prefix with a single path) or a {@link Destination} with
     * two or more paths. {@link #decided} keeps that shape.
     */
    private final PrefixTable<Object> locRib = new PrefixTable<>();
    private final Map<PeerId, PeerState> peers = new HashMap<>();
    private final List<AdjRibOut> groups = new ArrayList<>();
    /** How many groups are sent several paths per prefix (RFC 7911): with none, only best changes export. */
    private int multiPathGroups;
    /** Scratch for {@link #exportPaths}: the selected routes and their exported, interned sets. */
    private Route[] pickRoutes = new Route[4];
    private PathAttributes[] pickSets = new PathAttributes[4];
    private final List<RibListener> listeners = new ArrayList<>();
    private final PeerState selfState;
    private final AttributeBlockInterner blocks = new AttributeBlockInterner(interner);
    private final NlriCursor nlri = new NlriCursor();
    /** The last {@link Route#arrival()} handed out ({@link #nextArrival()}). */
    private long arrivals = Long.MIN_VALUE;
    /**
     * The NLRI of one UPDATE share one attribute set: while {@link #apply} runs, its IGP cost and loop
     * verdict are worked out for the first route and reused for the rest, and so is the route itself.
     */
    private boolean applying;
    private PathAttributes memoAttributes;
    private PeerId memoPeer;
    private int memoCost;
    private boolean memoLoop;
    /** The route the prefixes of the UPDATE being applied share (path id 0, {@link #memoAttributes}). */
    private Route memoRoute;

    private Rib(RibConfig config) {
        this.config = config;
        this.self = PeerId.local(config.localAs(), config.routerId());
        this.comparator = new PathComparator(config.decision());
        this.sorter = new DecisionSorter(comparator);
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
        joinGroup(ps);
        LOG.debug("peer {} up, update group of {} peers", peer, ps.group.members.size());
    }

    /** The session ended without graceful restart: every route of the peer is withdrawn. */
    public void peerDown(PeerId peer) {
        PeerState ps = requireRemote(peer);
        leaveGroup(ps);
        ps.up = false;
        removeRoutes(ps, 0, false);
        clearPrePolicy(ps);
        peers.remove(peer);
        LOG.debug("peer {} down, routes withdrawn", peer);
    }

    /**
     * The session ended and the peer can restart gracefully (RFC 4724 §4.2): its routes are kept but
     * marked stale (they still take part in the decision), and it leaves its update group.
     */
    public void peerDownGraceful(PeerId peer) {
        PeerState ps = requireRemote(peer);
        leaveGroup(ps);
        ps.up = false;
        // The pre-policy copies are rebuilt as the peer re-sends; stale routes are in the Loc-RIB.
        clearPrePolicy(ps);
        markStale(ps);
        LOG.debug("peer {} restarting, {} routes stale", peer, ps.stale);
    }

    /**
     * End-of-RIB received for {@code family} (RFC 4724 §2): stale routes of the peer in that family that
     * were not refreshed are withdrawn. Returns how many.
     */
    public int endOfRib(PeerId peer, AddressFamily family) {
        PeerState ps = requireKnown(peer);
        int afi = family.afi() == Afi.IPV4 ? 4 : family.afi() == Afi.IPV6 ? 6 : -1;
        return afi < 0 ? 0 : removeRoutes(ps, afi, true);
    }

    /**
     * The restart timer (or stale-path timer) of the peer expired: every stale route is withdrawn; a peer
     * that is still down is forgotten. Returns how many routes were withdrawn.
     */
    public int sweepStale(PeerId peer) {
        PeerState ps = requireKnown(peer);
        int n = removeRoutes(ps, 0, true);
        if (!ps.up && ps.routes == 0) {
            clearPrePolicy(ps);
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
        List<Prefix> prefixes = new ArrayList<>();
        addPrefixes(ps.prePolicy, prefixes);
        for (Prefix p : prefixes) {
            for (PeerState.PrePolicy e = ps.prePolicy.get(p); e != null; e = e.next) {
                importRoute(ps, p, 0, e.pathId, e.attributes);
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
        if (ps.settings.softReconfiguration()) {
            PathAttributes pre = interner.intern(attributes);
            PathAttributes old = ps.putPrePolicy(prefix, pathId, pre);
            if (old != null) {
                interner.release(old);
            }
        }
        return importRoute(ps, prefix, 0, pathId, attributes);
    }

    /** A withdrawal from {@code peer}. Returns true when a route was removed. */
    public boolean withdraw(PeerId peer, Prefix prefix, int pathId) {
        PeerState ps = requireUp(peer);
        if (ps.settings.softReconfiguration()) {
            PathAttributes old = ps.removePrePolicy(prefix, pathId);
            if (old != null) {
                interner.release(old);
            }
        }
        return removeRoute(ps, prefix, 0, pathId);
    }

    /** Originates a route locally (a network statement or redistribution); no import policy applies. */
    public void originate(Prefix prefix, PathAttributes attributes) {
        install(selfState, prefix, 0, 0, interner.intern(attributes));
    }

    /** Withdraws a locally originated route. Returns true when there was one. */
    public boolean withdrawOriginated(Prefix prefix) {
        return removeRoute(selfState, prefix, 0, 0);
    }

    /**
     * Asks the resolver again for every route's next hop (the IGP changed) and re-runs the decision
     * where a cost or reachability changed.
     */
    public void nextHopsChanged() {
        List<Prefix> prefixes = new ArrayList<>();
        addPrefixes(locRib, prefixes);
        for (Prefix p : prefixes) {
            Destination d = view(locRib.get(p));
            Route oldBest = d.best();
            Route[] oldMp = d.multipathRaw();
            if (refreshCosts(d)) {
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

    // ---------------------------------------------------------------- queries

    /** The best route to {@code prefix}, if any eligible route exists. */
    public Optional<Route> bestPath(Prefix prefix) {
        return Optional.ofNullable(bestOf(locRib.get(prefix)));
    }

    /** Every route to {@code prefix}, best first (ineligible ones last). */
    public List<Route> paths(Prefix prefix) {
        Destination d = view(locRib.get(prefix));
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
        Destination d = view(locRib.get(prefix));
        return d == null ? List.of() : List.of(d.multipath());
    }

    /** For each route to {@code prefix} other than the best: the step it lost at and the route it lost to. */
    public List<Explanation> explain(Prefix prefix) {
        Destination d = view(locRib.get(prefix));
        return d == null ? List.of() : explain(d);
    }

    /** The number of prefixes in the Loc-RIB (with at least one path, eligible or not). */
    public int size() {
        return locRib.size();
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
        return List.copyOf(groups);
    }

    /** An immutable copy of the Loc-RIB with best, ECMP set and explanations per prefix. */
    public RibSnapshot snapshot() {
        List<DestinationSnapshot> out = new ArrayList<>(locRib.size());
        for (int i = 0; i < locRib.v4Slots(); i++) {
            if (locRib.v4Used(i)) {
                out.add(snapshot(locRib.v4PrefixAt(i), view(locRib.v4ValueAt(i))));
            }
        }
        for (Map.Entry<Ipv6Prefix, Object> e : locRib.v6().entrySet()) {
            out.add(snapshot(e.getKey(), view(e.getValue())));
        }
        return new RibSnapshot(out);
    }

    private DestinationSnapshot snapshot(Prefix p, Destination d) {
        Route[] paths = new Route[d.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = d.get(i);
        }
        return new DestinationSnapshot(p, Arrays.asList(paths), Optional.ofNullable(d.best()),
                Arrays.asList(d.multipath()), explain(d));
    }

    Optional<Route> routeOf(PeerId peer, Prefix prefix, int pathId) {
        Destination d = view(locRib.get(prefix));
        if (d == null) {
            return Optional.empty();
        }
        int i = d.find(peer, pathId);
        return i < 0 ? Optional.empty() : Optional.of(d.get(i));
    }

    List<Route> routesOf(PeerId peer) {
        List<Route> out = new ArrayList<>();
        for (int i = 0; i < locRib.v4Slots(); i++) {
            if (locRib.v4Used(i)) {
                collect(view(locRib.v4ValueAt(i)), peer, out);
            }
        }
        for (Object v : locRib.v6().values()) {
            collect(view(v), peer, out);
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

    // ---------------------------------------------------------------- UPDATE glue

    /**
     * Applies one validated UPDATE from an established peer in place (see {@link AdjRibIn#apply}).
     * IPv4 prefixes go by their {@link Ipv4Prefix#key()}; no prefix object is made unless a policy,
     * listener, update group or soft reconfiguration needs one.
     */
    UpdateOutcome apply(PeerState ps, UpdateView view, UpdateVerdict verdict) throws BgpDecodeException {
        applying = true;
        try {
            return applyUpdate(ps, view, verdict);
        } finally {
            applying = false;
            memoAttributes = null;
            memoRoute = null;
        }
    }

    private UpdateOutcome applyUpdate(PeerState ps, UpdateView view, UpdateVerdict verdict) throws BgpDecodeException {
        if (!ps.up) {
            throw new IllegalStateException("peer " + ps.peer + " is not established");
        }
        if (verdict.isSessionReset()) {
            return new UpdateOutcome(0, 0, Optional.empty(), verdict.action());
        }
        if (view.isEndOfRib()) {
            AddressFamily family = view.endOfRibFamily();
            endOfRib(ps.peer, family);
            return new UpdateOutcome(0, 0, Optional.of(family), verdict.action());
        }
        int withdrawn = 0;
        int announced = 0;
        view.withdrawn(nlri);
        while (nlri.next()) {
            withdrawCurrent(ps);
            withdrawn++;
        }
        if (view.mpUnreachNlri(nlri)) {
            while (nlri.next()) {
                withdrawCurrent(ps);
                withdrawn++;
            }
        }
        // RFC 7606 §2 treat-as-withdraw: the announced prefixes are withdrawn instead. The semantic
        // checks that need our state are made here (bgp-wire's validator leaves them to the RIB).
        boolean asWithdraw = verdict.isTreatAsWithdraw();
        boolean semantic = false;
        if (!asWithdraw && view.hasReachableNlri() && ps.peer.isExternal() && ps.settings.enforceFirstAs()
                && view.asPathFirstAs() != ps.peer.asn()) {
            // RFC 4271 §6.3: the leftmost AS of an eBGP route must be the peer's; else a malformed
            // AS_PATH, which RFC 7606 §7.2 handles as treat-as-withdraw.
            asWithdraw = true;
            semantic = true;
        }
        for (int part = 0; part < 2; part++) {
            boolean mp = part == 1;
            if (mp) {
                if (!view.mpReachNlri(nlri)) {
                    break;
                }
            } else {
                view.nlri(nlri);
            }
            // RFC 4271 §6.3: a NEXT_HOP that is our own address is semantically incorrect; the routes
            // are ignored (withdrawn here so an earlier copy does not linger).
            boolean ownNextHop = !mp && view.hasNextHop() && ownAddress(ps, view.nextHop());
            semantic |= ownNextHop && view.nlriLength() > 0;
            PathAttributes attributes = null;
            while (nlri.next()) {
                if (asWithdraw || ownNextHop) {
                    withdrawCurrent(ps);
                    withdrawn++;
                    continue;
                }
                if (attributes == null) {
                    attributes = blocks.lookup(view, verdict, mp);
                }
                announceCurrent(ps, attributes);
                announced++;
            }
        }
        Optional<ErrorAction> action = verdict.action();
        if (semantic && !verdict.isTreatAsWithdraw()) {
            action = Optional.of(ErrorAction.TREAT_AS_WITHDRAW);
        }
        return new UpdateOutcome(announced, withdrawn, Optional.empty(), action);
    }

    private static boolean ownAddress(PeerState ps, int nextHop) {
        Optional<InetAddress> local = ps.settings.localAddress();
        if (local.isEmpty() || !(local.get() instanceof java.net.Inet4Address)) {
            return false;
        }
        byte[] b = local.get().getAddress();
        return ((b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF)) == nextHop;
    }

    private void withdrawCurrent(PeerState ps) {
        Prefix prefix = nlri.afi() == Afi.IPV4 ? null : Ipv6Prefix.of(nlri.ipv6High(), nlri.ipv6Low(), nlri.length());
        long key = v4Key();
        if (ps.settings.softReconfiguration()) {
            PathAttributes old = ps.removePrePolicy(materialize(prefix, key), nlri.pathId());
            if (old != null) {
                interner.release(old);
            }
        }
        removeRoute(ps, prefix, key, nlri.pathId());
    }

    private void announceCurrent(PeerState ps, PathAttributes attributes) {
        Prefix prefix = nlri.afi() == Afi.IPV4 ? null : Ipv6Prefix.of(nlri.ipv6High(), nlri.ipv6Low(), nlri.length());
        long key = v4Key();
        if (ps.settings.softReconfiguration()) {
            PathAttributes old = ps.putPrePolicy(materialize(prefix, key), nlri.pathId(), interner.intern(attributes));
            if (old != null) {
                interner.release(old);
            }
        }
        importRoute(ps, prefix, key, nlri.pathId(), attributes);
    }

    /** The current IPv4 NLRI entry as {@link Ipv4Prefix#key()} (0 for IPv6 entries). */
    private long v4Key() {
        return nlri.afi() == Afi.IPV4 ? ((nlri.ipv4Address() & 0xFFFFFFFFL) << 8) | nlri.length() : 0;
    }

    AttributeBlockInterner blocks() {
        return blocks;
    }

    /**
     * For tests of the storage shape: 0 when the prefix is absent, 1 when its single route is stored
     * directly, 2 when a {@link Destination} holds its paths.
     */
    int storageShape(Prefix prefix) {
        Object v = locRib.get(prefix);
        return v == null ? 0 : v instanceof Route ? 1 : 2;
    }

    // ---------------------------------------------------------------- internals

    private List<Explanation> explain(Destination d) {
        if (d.size() < 2) {
            return List.of();
        }
        List<Explanation> out = new ArrayList<>(d.size() - 1);
        boolean grouped = config.decision().deterministicMed() || config.decision().alwaysCompareMed();
        Route top = d.get(0);
        for (int i = 1; i < d.size(); i++) {
            Route r = d.get(i);
            Route winner = top;
            if (grouped) {
                // Under deterministic MED a route first lost inside its neighbouring AS, to that AS's best.
                long g = comparator.medGroup(r);
                for (int j = 0; j < i; j++) {
                    if (comparator.medGroup(d.get(j)) == g) {
                        winner = d.get(j);
                        break;
                    }
                }
            }
            out.add(new Explanation(r, comparator.compare(winner, r).step(), winner));
        }
        return out;
    }

    /**
     * Runs the import policy and installs or removes the route. {@code prefix} may be null for an IPv4
     * prefix given by {@code v4Key} alone (the UPDATE path), so no prefix object is made unless needed.
     */
    boolean importRoute(PeerState ps, Prefix prefix, long v4Key, int pathId, PathAttributes attributes) {
        PeerId peer = ps.peer;
        PathAttributes post = attributes;
        Optional<Policy> policy = ps.settings.importPolicy();
        if (policy.isPresent()) {
            Policy pol = policy.get();
            if (!(pol.terms().isEmpty() && pol.otherwise() == Disposition.ACCEPT)) {
                Optional<PathAttributes> r = pol.apply(materialize(prefix, v4Key), attributes, peer, config.localAs());
                if (r.isEmpty()) {
                    removeRoute(ps, prefix, v4Key, pathId);
                    return false;
                }
                post = r.get();
            }
        } else if (config.rfc8212() && peer.isExternal()) {
            // RFC 8212 §2: no import policy on an eBGP session, nothing accepted.
            removeRoute(ps, prefix, v4Key, pathId);
            return false;
        }
        install(ps, prefix, v4Key, pathId, interner.intern(post));
        return true;
    }

    private static Prefix materialize(Prefix prefix, long v4Key) {
        return prefix != null ? prefix : Ipv4Prefix.fromKey(v4Key);
    }

    // ---------------------------------------------------------------- Loc-RIB values

    /** A Loc-RIB value as a {@link Destination} (a single route is copied into a new one); null stays null. */
    private static Destination view(Object v) {
        return v == null || v instanceof Destination ? (Destination) v : Destination.of((Route) v);
    }

    /** The best route of a Loc-RIB value, or null. */
    private static Route bestOf(Object v) {
        if (v instanceof Route) {
            Route r = (Route) v;
            return r.isEligible() ? r : null;
        }
        return v == null ? null : ((Destination) v).best();
    }

    private void store(Prefix prefix, long v4Key, Object value) {
        if (prefix != null) {
            locRib.put(prefix, value);
        } else {
            locRib.putV4(v4Key, value);
        }
    }

    /** Replaces the value of a present prefix ({@code prefix} null: IPv4 in {@code slot}). */
    private void replace(Prefix prefix, int slot, Object value) {
        if (prefix != null) {
            locRib.put(prefix, value);
        } else {
            locRib.v4SetAt(slot, value);
        }
    }

    private void drop(Prefix prefix, long v4Key) {
        if (prefix != null) {
            locRib.remove(prefix);
        } else {
            locRib.removeV4(v4Key);
        }
    }

    private static void addPrefixes(PrefixTable<?> table, List<Prefix> out) {
        for (int i = 0; i < table.v4Slots(); i++) {
            if (table.v4Used(i)) {
                out.add(table.v4PrefixAt(i));
            }
        }
        out.addAll(table.v6().keySet());
    }

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
    private void install(PeerState ps, Prefix prefix, long v4Key, int pathId, PathAttributes canonical) {
        // IPv4 by key: one probe finds the prefix or the slot for it.
        int slot = prefix == null ? locRib.probeV4(v4Key) : 0;
        Object v = prefix != null ? locRib.get(prefix) : slot >= 0 ? locRib.v4ValueAt(slot) : null;
        if (v == null) {
            // A new prefix: its one route is stored as the table value (no Destination).
            ps.routes++;
            Route r = newRoute(ps, pathId, canonical);
            if (prefix == null) {
                locRib.insertAt(~slot, v4Key, r);
            } else {
                locRib.put(prefix, r);
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
                replace(prefix, slot, r);
                published(prefix, v4Key, old.isEligible() ? old : null, null, r.isEligible() ? r : null, null);
                return;
            }
            // A second path: the prefix gets a Destination.
            d = Destination.of(old);
            replace(prefix, slot, d);
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

    /** Removes one path ({@code prefix} null: IPv4 by {@code v4Key}). */
    boolean removeRoute(PeerState ps, Prefix prefix, long v4Key, int pathId) {
        int slot = prefix == null ? locRib.findV4(v4Key) : 0;
        Object v = prefix != null ? locRib.get(prefix) : slot >= 0 ? locRib.v4ValueAt(slot) : null;
        if (v == null) {
            return false;
        }
        if (v instanceof Route) {
            Route old = (Route) v;
            if (old.pathId() != pathId || !old.peer().equals(ps.peer)) {
                return false;
            }
            if (prefix == null) {
                locRib.removeAt(slot);
            } else {
                locRib.remove(prefix);
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
     * Removes every route of a peer ({@code staleOnly}: only stale ones) in a family (4, 6, or 0 for
     * both), re-deciding each touched prefix. Returns how many were removed.
     */
    private int removeRoutes(PeerState ps, int family, boolean staleOnly) {
        if (staleOnly ? ps.stale == 0 : ps.routes == 0) {
            // Nothing to find (the counters are kept exact): the End-of-RIB that closes every initial
            // table (RFC 4724 §2) would otherwise walk the whole Loc-RIB once per family.
            return 0;
        }
        int removed = 0;
        List<Prefix> touched = new ArrayList<>();
        if (family != 6) {
            for (int i = 0; i < locRib.v4Slots(); i++) {
                if (locRib.v4Used(i) && holds(locRib.v4ValueAt(i), ps.peer, staleOnly)) {
                    touched.add(locRib.v4PrefixAt(i));
                }
            }
        }
        if (family != 4) {
            for (Map.Entry<Ipv6Prefix, Object> e : locRib.v6().entrySet()) {
                if (holds(e.getValue(), ps.peer, staleOnly)) {
                    touched.add(e.getKey());
                }
            }
        }
        for (Prefix p : touched) {
            // A single route is copied into a new Destination; decided() drops or stores the result.
            Destination d = view(locRib.get(p));
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
            decided(p, 0, d, oldBest, oldMp);
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

    private void markStale(PeerState ps) {
        for (int i = 0; i < locRib.v4Slots(); i++) {
            if (locRib.v4Used(i)) {
                Object v = locRib.v4ValueAt(i);
                if (v instanceof Route) {
                    Route r = (Route) v;
                    if (r.peer().equals(ps.peer) && !r.isStale()) {
                        locRib.v4SetAt(i, r.asStale());
                        ps.stale++;
                    }
                } else {
                    markStale((Destination) v, ps);
                }
            }
        }
        for (Map.Entry<Ipv6Prefix, Object> e : locRib.v6().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Route) {
                Route r = (Route) v;
                if (r.peer().equals(ps.peer) && !r.isStale()) {
                    e.setValue(r.asStale());
                    ps.stale++;
                }
            } else {
                markStale((Destination) v, ps);
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
        sorter.decide(d);
    }

    private void clearPrePolicy(PeerState ps) {
        PrefixTable<PeerState.PrePolicy> pre = ps.prePolicy;
        for (int i = 0; i < pre.v4Slots(); i++) {
            if (pre.v4Used(i)) {
                for (PeerState.PrePolicy p = pre.v4ValueAt(i); p != null; p = p.next) {
                    interner.release(p.attributes);
                }
            }
        }
        for (PeerState.PrePolicy head : pre.v6().values()) {
            for (PeerState.PrePolicy p = head; p != null; p = p.next) {
                interner.release(p.attributes);
            }
        }
        pre.clear();
    }

    /**
     * Re-runs the decision for a changed destination, keeps the table's shape (no paths: the prefix is
     * removed; one path: the route itself is stored in place of the destination) and publishes.
     */
    private void decided(Prefix prefix, long v4Key, Destination d, Route oldBest, Route[] oldMp) {
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
            prefix = materialize(prefix, v4Key);
            LocRibChange c = new LocRibChange(prefix, Optional.ofNullable(oldBest), Optional.ofNullable(best),
                    multipathList(oldBest, oldMp), multipathList(best, mp));
            for (int i = 0; i < listeners.size(); i++) {
                listeners.get(i).locRibChanged(c);
            }
        }
        if (bestChanged || multiPathGroups > 0) {
            for (int i = 0; i < groups.size(); i++) {
                AdjRibOut g = groups.get(i);
                if (g.addPaths != null && g.multiPath(prefix)) {
                    // Any path of the prefix may be one this group is sent (RFC 7911).
                    exportPaths(g, prefix, v4Key);
                } else if (bestChanged) {
                    exportTo(g, prefix, v4Key, best);
                }
            }
        }
    }
    private static List<Route> multipathList(Route best, Route[] mp) {
        if (best == null) {
            return List.of();
        }
        return mp == null ? List.of(best) : List.of(mp);
    }

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

    // ---------------------------------------------------------------- export

    private void joinGroup(PeerState ps) {
        ExportKey key = ExportKey.of(ps.peer, ps.settings);
        for (AdjRibOut g : groups) {
            if (g.key.equals(key)) {
                g.members.add(ps.peer);
                ps.group = g;
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
                Route best = bestOf(locRib.v4ValueAt(i));
                if (best != null) {
                    exportTo(g, null, locRib.v4KeyAt(i), best);
                }
            }
        }
        // exportPaths only reads the Loc-RIB, so iterating it meanwhile is safe.
        for (Map.Entry<Ipv6Prefix, Object> e : locRib.v6().entrySet()) {
            if (g.addPaths != null && g.multiPath(e.getKey())) {
                exportPaths(g, e.getKey(), 0);
                continue;
            }
            Route best = bestOf(e.getValue());
            if (best != null) {
                exportTo(g, e.getKey(), 0, best);
            }
        }
    }

    private void leaveGroup(PeerState ps) {
        AdjRibOut g = ps.group;
        if (g == null) {
            return;
        }
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

    /** Exports a new best route ({@code prefix} null: IPv4 by {@code v4Key}) to one group. */
    private void exportTo(AdjRibOut g, Prefix prefix, long v4Key, Route best) {
        if (g.silent) {
            return;
        }
        PathAttributes out = best == null ? null : g.export(config, best, prefix, v4Key, interner.size());
        PathAttributes previous = g.current(prefix, v4Key);
        if (out == null && previous == null) {
            return;
        }
        PathAttributes canonical = out == null ? null : interner.intern(out);
        if (previous == canonical) {
            interner.release(canonical);
            return;
        }
        prefix = materialize(prefix, v4Key);
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
     * Re-selects the paths of one prefix ({@code prefix} null: IPv4 by {@code v4Key}) for a group sent
     * several paths (RFC 7911): eligible paths in decision order, narrowed by the group's
     * {@link AddPathSend} mode, each through the export rules and policy on its own; a path the group
     * may not receive is skipped (so {@code bestN} takes the next one), and a path whose exported set
     * equals one already taken is skipped too (the receiver could not tell the two apart).
     */
    private void exportPaths(AdjRibOut g, Prefix prefix, long v4Key) {
        if (g.silent) {
            return;
        }
        Object v = prefix != null ? locRib.get(prefix) : locRib.getV4(v4Key);
        Prefix p = materialize(prefix, v4Key);
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
            PathAttributes out = g.export(config, r, p, 0, interner.size());
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
        return "rib AS" + config.localAs() + " (" + locRib.size() + " prefixes, " + (peers.size() - 1) + " peers, "
                + interner.size() + " attribute sets)";
    }
}

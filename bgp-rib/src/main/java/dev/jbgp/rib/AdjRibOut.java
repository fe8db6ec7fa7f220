package dev.jbgp.rib;

import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What we announce to the peers of one update group: per prefix the exported (interned) attribute set,
 * plus the prefixes changed since the encoder last drained them. Peers whose export settings agree
 * ({@link PeerSettings}, same policy instance, same kind and AS) share one {@code AdjRibOut}, so export
 * work is done once for all of them.
 *
 * <p>For the encoder: {@link #drainPending()} groups the changes by attribute set so one UPDATE carries
 * many NLRI; {@link #byAttributes()} does the same for the whole table (initial dump, route refresh),
 * and {@link #ipv4Announcements(CodecContext)} gives the IPv4 part of it in primitive form. Each
 * distinct set the group announces has an {@link ExportedSet} with an id; by id the group counts the
 * set's IPv4 prefixes and caches its encoded Path Attributes field, so a table dump encodes each set
 * once, not once per UPDATE or per peer.
 * Owned by the {@link Rib} and confined to its thread. Holds no {@code ByteBuf}s.
 *
 * <p><b>ADD-PATH (RFC 7911).</b> A group whose peers negotiated ADD-PATH send and asked for more than
 * the best path ({@link PeerSettings#addPathSend()}) keeps, in those families, several paths per prefix,
 * keyed by (prefix, path identifier); see {@link #paths(Prefix)}. Its pending changes and full table
 * then carry path identifiers ({@link UpdateBatch#pathIds()}, {@link OutboundUpdates#withdrawnPathIds()}),
 * and a prefix may appear in several batches; the encoder takes its whole table from {@link #fullTable()}.
 * Other groups hold no ADD-PATH state at all.
 */
public final class AdjRibOut {

    final ExportKey key;
    final List<PeerId> members = new ArrayList<>();
    /** Per IPv4 prefix the id of the set it is announced with (an index into {@link #byId}). */
    private final Ipv4SetTable v4 = new Ipv4SetTable();
    /** Per IPv6 prefix the set it is announced with (found by primitive key, see {@link #currentV6}). */
    private final PrefixTable<ExportedSet> v6 = new PrefixTable<>();
    /** The group's sets by their (interned) attributes: one per distinct set announced. */
    private final IdentityHashMap<PathAttributes, ExportedSet> sets = new IdentityHashMap<>();
    /** The group's sets by id; null where an id is free. */
    private ExportedSet[] byId = new ExportedSet[16];
    // What a table dump reads per set, by id, in small arrays that stay in cache:
    /** The number of IPv4 prefixes announced with each set. */
    private int[] ipv4Counts = new int[16];
    /** Whether each set's next hop is IPv4, as IPv4 unicast needs (NEXT_HOP, RFC 4271 §5.1.3). */
    private boolean[] ipv4NextHop = new boolean[16];
    /**
     * Each set's Path Attributes field encoded for 4-octet-AS and for 2-octet-AS sessions (RFC 6793;
     * nothing else in the context changes it), made by the first dump that needs it and then copied
     * into every UPDATE: a set is encoded once per group, not per UPDATE or per peer. An interned set
     * never changes, so an entry is never stale; it goes with its set.
     */
    private byte[][] wire4 = new byte[16][];
    private byte[][] wire2 = new byte[16][];
    /** Ids of dropped sets, reused before new ones; {@link #nextId} ids were ever handed out. */
    private int[] freeIds = new int[16];
    private int freeCount;
    private int nextId;
    /** The set last announced: the routes of one UPDATE share one, so most lookups stop here. */
    private ExportedSet lastSet;
    private final PrefixTable<Prefix> pending = new PrefixTable<>();
    /**
     * Export results by source attribute set (identity) and source kind, for groups whose export does
     * not depend on the prefix: the same best-path attributes are rewritten once, not once per prefix.
     */
    private final IdentityHashMap<PathAttributes, PathAttributes[]> exportCache = new IdentityHashMap<>();
    private static final PathAttributes NOT_EXPORTED = PathAttributes.builder().build();

    /**
     * True when this group can never be sent anything: an eBGP group without an export policy while
     * RFC 8212 is on (§2). The RIB skips it on every Loc-RIB change instead of asking per route.
     */
    final boolean silent;
    /** The multi-path part (RFC 7911), or null for a group sent only best paths. */
    final AdvertisedPaths addPaths;
    private final boolean multiV4;
    private final boolean multiV6;

    AdjRibOut(ExportKey key, RibConfig config) {
        this.key = key;
        this.silent = !key.internal() && config.rfc8212() && key.exportPolicy().isEmpty();
        boolean multi = key.multiPath();
        this.addPaths = multi ? new AdvertisedPaths() : null;
        this.multiV4 = multi && key.addPathFamilies().contains(AddressFamily.IPV4_UNICAST);
        this.multiV6 = multi && key.addPathFamilies().contains(AddressFamily.IPV6_UNICAST);
    }

    /** True when the prefix ({@code prefix} null: IPv4) is in a family where this group gets several paths. */
    boolean multiPath(Prefix prefix) {
        return prefix == null || prefix.afi() == Afi.IPV4 ? multiV4 : multiV6;
    }

    /** True when this group gets several paths per prefix for the family {@code afi} ({@link Afi#IPV4} or {@link Afi#IPV6}). */
    boolean multiPath(int afi) {
        return afi == Afi.IPV4 ? multiV4 : multiV6;
    }

    /** Which paths this group is sent where ADD-PATH send was negotiated; best only for other groups. */
    public AddPathSend addPathSend() {
        return key.addPathSend();
    }

    /** True when this group is sent several paths per prefix in some family (its table then comes from {@link #fullTable()}). */
    public boolean sendsSeveralPaths() {
        return addPaths != null;
    }

    /** The peers sharing this Adj-RIB-Out. */
    public List<PeerId> members() {
        return Collections.unmodifiableList(new ArrayList<>(members));
    }

    /**
     * The attribute set announced for {@code prefix}, if any; where several paths are sent, the
     * best-ranked one's.
     */
    public Optional<PathAttributes> get(Prefix prefix) {
        if (addPaths != null && multiPath(prefix)) {
            AdvertisedPaths.Entry[] e = addPaths.get(prefix);
            return e.length == 0 ? Optional.empty() : Optional.of(e[0].attributes());
        }
        return Optional.ofNullable(bestOnly(prefix));
    }

    /**
     * Every path announced for {@code prefix}, best-ranked first, with its path identifier (0 where no
     * path identifiers are sent). Empty when nothing is announced.
     */
    public List<AdvertisedPath> paths(Prefix prefix) {
        if (addPaths != null && multiPath(prefix)) {
            AdvertisedPaths.Entry[] es = addPaths.get(prefix);
            AdvertisedPath[] out = new AdvertisedPath[es.length];
            for (int i = 0; i < es.length; i++) {
                out[i] = new AdvertisedPath(es[i].pathId(), es[i].attributes());
            }
            return List.of(out);
        }
        PathAttributes a = bestOnly(prefix);
        return a == null ? List.of() : List.of(new AdvertisedPath(0, a));
    }

    /** True when {@code prefix} is announced with path identifier {@code pathId} (0: without ADD-PATH). */
    public boolean announces(Prefix prefix, int pathId) {
        if (addPaths != null && multiPath(prefix)) {
            return addPaths.find(prefix, pathId) != null;
        }
        return pathId == 0 && bestOnly(prefix) != null;
    }

    /** The number of prefixes announced. */
    public int size() {
        return addPaths == null ? bestOnlySize() : bestOnlySize() + addPaths.table.size();
    }

    /** The number of paths announced: {@link #size()} unless several paths per prefix are sent. */
    public int pathCount() {
        return addPaths == null ? bestOnlySize() : bestOnlySize() + addPaths.pathCount();
    }

    /** The prefixes announced with one path (all of them unless several paths per prefix are sent). */
    private int bestOnlySize() {
        return v4.size() + v6.size();
    }

    /** The set announced for {@code prefix} in the one-path tables, or null. */
    private PathAttributes bestOnly(Prefix prefix) {
        ExportedSet e = lookup(prefix);
        return e == null ? null : e.attributes;
    }

    /** True when changes wait for {@link #drainPending()}. */
    public boolean hasPending() {
        return pending.size() > 0 || addPaths != null && addPaths.pending.size() > 0;
    }

    /**
     * The whole table grouped by attribute set, prefixes sorted: what a full announcement sends. Where
     * several paths per prefix are sent, a prefix is listed under the set of each of its paths (use
     * {@link #fullTable()} to get their path identifiers). The encoder uses
     * {@link #ipv4Announcements(CodecContext)} for IPv4, which makes no prefix objects.
     */
    public Map<PathAttributes, List<Prefix>> byAttributes() {
        if (addPaths != null) {
            Map<PathAttributes, List<Prefix>> out = new LinkedHashMap<>();
            for (UpdateBatch b : fullTable()) {
                out.computeIfAbsent(b.attributes(), k -> new ArrayList<>()).addAll(b.prefixes());
            }
            for (Map.Entry<PathAttributes, List<Prefix>> e : out.entrySet()) {
                e.setValue(List.copyOf(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        List<Prefix> all = new ArrayList<>(size());
        addBestOnlyPrefixes(all);
        all.sort(RibSnapshot.PREFIX_ORDER);
        Map<PathAttributes, List<Prefix>> out = new LinkedHashMap<>();
        for (Prefix p : all) {
            out.computeIfAbsent(lookup(p).attributes, k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<PathAttributes, List<Prefix>> e : out.entrySet()) {
            e.setValue(List.copyOf(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The whole table as announcements grouped by attribute set, in prefix order, with path
     * identifiers where this group is sent several paths: what a joining peer or a route refresh gets
     * (groups without ADD-PATH are dumped faster by {@link #ipv4Announcements(CodecContext)} and
     * {@link #ipv6Announcements()}).
     */
    public List<UpdateBatch> fullTable() {
        if (addPaths == null) {
            List<UpdateBatch> out = new ArrayList<>();
            for (Map.Entry<PathAttributes, List<Prefix>> e : byAttributes().entrySet()) {
                out.add(new UpdateBatch(e.getKey(), e.getValue()));
            }
            return out;
        }
        List<Prefix> all = new ArrayList<>(size());
        addBestOnlyPrefixes(all);
        addPaths.table.addPrefixesTo(all);
        all.sort(RibSnapshot.PREFIX_ORDER);
        Batches batches = new Batches();
        for (Prefix p : all) {
            if (multiPath(p)) {
                for (AdvertisedPaths.Entry e : addPaths.get(p)) {
                    batches.add(e.attributes(), p, e.pathId());
                }
            } else {
                batches.add(bestOnly(p), p, 0);
            }
        }
        return batches.build();
    }

    private void addBestOnlyPrefixes(List<Prefix> out) {
        for (long slot : v4.slots()) {
            if (slot != 0) {
                out.add(Ipv4Prefix.fromKey(Ipv4SetTable.keyOf(slot)));
            }
        }
        v6.addPrefixesTo(out);
    }

    /** Announcements grouped by attribute set in first-seen order, with a path identifier per prefix. */
    private static final class Batches {
        private final Map<PathAttributes, List<Prefix>> prefixes = new LinkedHashMap<>();
        private final Map<PathAttributes, int[]> ids = new IdentityHashMap<>();

        void add(PathAttributes a, Prefix p, int pathId) {
            List<Prefix> ps = prefixes.computeIfAbsent(a, k -> new ArrayList<>());
            int[] is = ids.get(a);
            if (is == null || is.length == ps.size()) {
                is = Arrays.copyOf(is == null ? new int[0] : is, Math.max(4, ps.size() * 2));
                ids.put(a, is);
            }
            is[ps.size()] = pathId;
            ps.add(p);
        }

        List<UpdateBatch> build() {
            List<UpdateBatch> out = new ArrayList<>(prefixes.size());
            for (Map.Entry<PathAttributes, List<Prefix>> e : prefixes.entrySet()) {
                // Interned sets: equal sets are the same object, so identity finds the ids of the key.
                out.add(new UpdateBatch(e.getKey(), e.getValue(), Arrays.copyOf(ids.get(e.getKey()), e.getValue().size())));
            }
            return out;
        }
    }

    /**
     * The IPv6 unicast part of the whole table grouped by attribute set, prefixes sorted: with
     * {@link #ipv4Announcements(CodecContext)}, what a full announcement sends.
     */
    public List<UpdateBatch> ipv6Announcements() {
        List<Prefix> all = new ArrayList<>(v6.size());
        v6.addPrefixesTo(all);
        all.sort(RibSnapshot.PREFIX_ORDER);
        Map<PathAttributes, List<Prefix>> groups = new LinkedHashMap<>();
        for (Prefix p : all) {
            groups.computeIfAbsent(v6.get(p).attributes, k -> new ArrayList<>()).add(p);
        }
        List<UpdateBatch> out = new ArrayList<>(groups.size());
        for (Map.Entry<PathAttributes, List<Prefix>> e : groups.entrySet()) {
            out.add(new UpdateBatch(e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * The IPv4 unicast part of the whole table, grouped by attribute set in primitive form: what a
     * full announcement (a peer joining, a route refresh) sends, ready for
     * {@link Ipv4Announcements#writeUpdate}. One walk over the table's one {@code long[]} in slot order
     * puts each prefix key straight into its set's run of the result (a counting sort: the sizes of the
     * runs are kept up to date as prefixes come and go, so no counting pass is needed). No prefix
     * objects, no map lookups, no object touched per prefix or per set. Sets come in id order, and a
     * set's prefixes in table order, not sorted: the /24s of one /20 sit in consecutive slots and so
     * stay together, and sorting the runs cost more than all the rest of the walk. Each set's Path
     * Attributes field for sessions like {@code ctx} (only its AS number size matters) comes from the
     * group's cache, encoded now where this is the first dump to need it.
     */
    public Ipv4Announcements ipv4Announcements(CodecContext ctx) {
        // Runs in set id order: ids are handed out as sets appear, and the cached blocks are made in
        // the first dump's order, so the packing reads them (and the by-id arrays) in memory order.
        int ids = nextId;
        int[] counts = ipv4Counts;
        int[] next = new int[ids]; // per set id where its next prefix goes
        int used = 0;
        int offset = 0;
        for (int id = 0; id < ids; id++) {
            next[id] = offset;
            if (counts[id] > 0) {
                offset += counts[id];
                used++;
            }
        }
        long[] keys = new long[offset];
        for (long slot : v4.slots()) {
            if (slot != 0) {
                keys[next[Ipv4SetTable.idOf(slot)]++] = Ipv4SetTable.keyOf(slot);
            }
        }
        boolean four = ctx.fourOctetAs();
        byte[][] wire = four ? wire4 : wire2;
        ExportedSet[] dumped = new ExportedSet[used];
        byte[][] blocks = new byte[used][];
        boolean[] nextHop4 = new boolean[used];
        int[] ends = new int[used];
        for (int id = 0, s = 0; id < ids; id++) {
            if (counts[id] == 0) {
                continue;
            }
            dumped[s] = byId[id];
            nextHop4[s] = ipv4NextHop[id];
            ends[s] = next[id]; // the walk moved it to the end of the run
            byte[] block = wire[id];
            if (block == null) {
                block = wire[id] = WireAttributes.encode(byId[id].attributes, ctx);
            }
            blocks[s++] = block;
        }
        return new Ipv4Announcements(dumped, blocks, nextHop4, four, ends, keys);
    }

    /**
     * Takes the changes since the last drain: withdrawals and announcements grouped by attribute set
     * (the current state of each changed prefix, or with ADD-PATH of each changed (prefix, path
     * identifier); intermediate states are coalesced).
     */
    public OutboundUpdates drainPending() {
        if (addPaths != null) {
            return drainWithPathIds();
        }
        List<Prefix> changed = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.v4Slots(); i++) {
            if (pending.v4Used(i)) {
                changed.add(pending.v4ValueAt(i));
            }
        }
        for (int i = 0; i < pending.v6Slots(); i++) {
            if (pending.v6Used(i)) {
                changed.add(pending.v6ValueAt(i));
            }
        }
        pending.clear();
        changed.sort(RibSnapshot.PREFIX_ORDER);
        List<Prefix> withdrawn = new ArrayList<>();
        Map<PathAttributes, List<Prefix>> groups = new LinkedHashMap<>();
        for (Prefix p : changed) {
            ExportedSet e = lookup(p);
            if (e == null) {
                withdrawn.add(p);
            } else {
                groups.computeIfAbsent(e.attributes, k -> new ArrayList<>()).add(p);
            }
        }
        List<UpdateBatch> batches = new ArrayList<>(groups.size());
        for (Map.Entry<PathAttributes, List<Prefix>> e : groups.entrySet()) {
            batches.add(new UpdateBatch(e.getKey(), e.getValue()));
        }
        return new OutboundUpdates(withdrawn, batches);
    }

    /** {@link #drainPending()} for a group with several paths per prefix in some family. */
    private OutboundUpdates drainWithPathIds() {
        List<Prefix> changed = new ArrayList<>(pending.size() + addPaths.pending.size());
        pending.addPrefixesTo(changed);
        addPaths.pending.addPrefixesTo(changed);
        changed.sort(RibSnapshot.PREFIX_ORDER);
        List<Prefix> withdrawn = new ArrayList<>();
        int[] withdrawnIds = new int[8];
        Batches batches = new Batches();
        for (Prefix p : changed) {
            if (multiPath(p)) {
                for (int id : addPaths.pending.get(p)) {
                    AdvertisedPaths.Entry e = addPaths.find(p, id);
                    if (e != null) {
                        batches.add(e.attributes(), p, id);
                    } else {
                        if (withdrawn.size() == withdrawnIds.length) {
                            withdrawnIds = Arrays.copyOf(withdrawnIds, withdrawnIds.length * 2);
                        }
                        withdrawnIds[withdrawn.size()] = id;
                        withdrawn.add(p);
                    }
                }
            } else {
                PathAttributes a = bestOnly(p);
                if (a != null) {
                    batches.add(a, p, 0);
                } else {
                    if (withdrawn.size() == withdrawnIds.length) {
                        withdrawnIds = Arrays.copyOf(withdrawnIds, withdrawnIds.length * 2);
                    }
                    withdrawnIds[withdrawn.size()] = 0;
                    withdrawn.add(p);
                }
            }
        }
        pending.clear();
        addPaths.pending.clear();
        return new OutboundUpdates(withdrawn, batches.build(), Arrays.copyOf(withdrawnIds, withdrawn.size()));
    }

    /**
     * The exported (not interned) set for {@code best}, or null when it is not announced; computed by
     * {@link ExportRules} and remembered when the result cannot depend on the prefix. {@code prefix} may
     * be null for a prefix given by {@code v4Key} alone (see {@link Ipv6Key}): it is made only when a policy needs it.
     */
    PathAttributes export(RibConfig config, Route best, Prefix prefix, long v4Key, Ipv6Key v6Key, int internedSets) {
        if (!key.internal() && best.attributes().containsAs(key.peerAs())) {
            // Never back into the AS it came from (RFC 4271 §9: the receiver would drop it as a loop);
            // in particular never back to the peer that sent it. Checked before the cache: it is cheaper.
            return null;
        }
        PeerId source = best.peer();
        if (key.only().isPresent() && key.only().get().equals(source)) {
            return null; // never back to the peer it came from (a group of one, see ExportKey)
        }
        boolean cacheable = (key.exportPolicy().isEmpty() || key.exportPolicy().get().terms().isEmpty())
                // A reflected route without ORIGINATOR_ID gets its source's BGP Identifier.
                && !(key.internal() && source.isInternal() && !source.isLocal() && config.clusterId().isPresent()
                && !best.attributes().hasOriginatorId());
        if (!cacheable) {
            return ExportRules.export(config, best, v6Key.materialize(prefix, v4Key), key);
        }
        int kind = source.isLocal() ? 0 : source.isExternal() ? 1 : source.isRouteReflectorClient() ? 2 : 3;
        PathAttributes[] byKind = exportCache.get(best.attributes());
        if (byKind != null && byKind[kind] != null) {
            return byKind[kind] == NOT_EXPORTED ? null : byKind[kind];
        }
        PathAttributes out = ExportRules.export(config, best, v6Key.materialize(prefix, v4Key), key);
        if (byKind == null) {
            if (exportCache.size() > Math.max(1024, 2 * internedSets)) {
                exportCache.clear();
            }
            byKind = new PathAttributes[4];
            exportCache.put(best.attributes(), byKind);
        }
        byKind[kind] = out == null ? NOT_EXPORTED : out;
        return out;
    }

    /** The announced set for {@code prefix} ({@code prefix} null: IPv4 by {@code v4Key}), or null. */
    PathAttributes current(Prefix prefix, long v4Key) {
        ExportedSet e = prefix != null ? lookup(prefix) : v4Set(v4Key);
        return e == null ? null : e.attributes;
    }

    /** The announced set for an IPv6 prefix given by its primitives (host bits zero), or null. */
    PathAttributes currentV6(long high, long low, int length) {
        ExportedSet e = v6.getV6(high, low, length);
        return e == null ? null : e.attributes;
    }

    private ExportedSet v4Set(long key) {
        int id = v4.get(key);
        return id < 0 ? null : byId[id];
    }

    private ExportedSet lookup(Prefix prefix) {
        return prefix instanceof Ipv4Prefix ? v4Set(((Ipv4Prefix) prefix).key()) : v6.get(prefix);
    }

    /** Sets (canonical, reference handed over) or removes (null) a prefix and marks it pending. */
    void set(Prefix prefix, PathAttributes canonical) {
        boolean ipv4 = prefix instanceof Ipv4Prefix;
        ExportedSet old;
        if (canonical == null) {
            old = ipv4 ? byIdOrNull(v4.remove(((Ipv4Prefix) prefix).key())) : v6.remove(prefix);
        } else {
            ExportedSet e = setOf(canonical);
            e.prefixes++;
            if (ipv4) {
                ipv4Counts[e.id]++;
                old = byIdOrNull(v4.put(((Ipv4Prefix) prefix).key(), e.id));
            } else {
                old = v6.put(prefix, e);
            }
        }
        if (old != null) {
            if (ipv4) {
                ipv4Counts[old.id]--;
            }
            if (--old.prefixes == 0) {
                drop(old);
            }
        }
        pending.put(prefix, prefix);
    }

    /** This group's {@link ExportedSet} of an interned set, made on first use. */
    private ExportedSet setOf(PathAttributes canonical) {
        ExportedSet e = lastSet;
        if (e == null || e.attributes != canonical) {
            e = sets.get(canonical);
            if (e == null) {
                e = new ExportedSet(canonical, newId());
                sets.put(canonical, e);
                byId[e.id] = e;
                ipv4NextHop[e.id] = canonical.nextHopOrNull() instanceof Inet4Address;
            }
            lastSet = e;
        }
        return e;
    }

    private ExportedSet byIdOrNull(int id) {
        return id < 0 ? null : byId[id];
    }

    private int newId() {
        if (freeCount > 0) {
            return freeIds[--freeCount];
        }
        if (nextId > Ipv4SetTable.MAX_ID) {
            throw new IllegalStateException("more than " + Ipv4SetTable.MAX_ID + " attribute sets in one update group");
        }
        if (nextId == byId.length) {
            int n = byId.length * 2;
            byId = Arrays.copyOf(byId, n);
            ipv4Counts = Arrays.copyOf(ipv4Counts, n);
            ipv4NextHop = Arrays.copyOf(ipv4NextHop, n);
            wire4 = Arrays.copyOf(wire4, n);
            wire2 = Arrays.copyOf(wire2, n);
        }
        return nextId++;
    }

    /** Forgets a set whose last prefix left; its id (and the cached octets with the set) are free. */
    private void drop(ExportedSet e) {
        sets.remove(e.attributes);
        byId[e.id] = null;
        wire4[e.id] = null;
        wire2[e.id] = null;
        ipv4Counts[e.id] = 0;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeIds.length * 2);
        }
        freeIds[freeCount++] = e.id;
        if (lastSet == e) {
            lastSet = null;
        }
    }

    /** Releases every reference held; the group is being dropped. */
    void clear(AttributeInterner interner) {
        for (long slot : v4.slots()) {
            if (slot != 0) {
                interner.release(byId[Ipv4SetTable.idOf(slot)].attributes);
            }
        }
        for (int i = 0; i < v6.v6Slots(); i++) {
            if (v6.v6Used(i)) {
                interner.release(v6.v6ValueAt(i).attributes);
            }
        }
        v4.clear();
        v6.clear();
        pending.clear();
        exportCache.clear();
        sets.clear();
        Arrays.fill(byId, null);
        Arrays.fill(ipv4Counts, 0);
        Arrays.fill(wire4, null);
        Arrays.fill(wire2, null);
        freeCount = 0;
        nextId = 0;
        lastSet = null;
        if (addPaths != null) {
            addPaths.clear(interner);
        }
    }

    @Override
    public String toString() {
        return "adj-rib-out " + members + " (" + size() + " prefixes"
                + (addPaths == null ? "" : ", " + pathCount() + " paths, add-path " + key.addPathSend()) + ")";
    }
}

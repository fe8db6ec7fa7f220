package dev.jbgp.rib;

import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
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
 * many NLRI; {@link #byAttributes()} does the same for the whole table (initial dump, route refresh).
 * Owned by the {@link Rib} and confined to its thread. Holds no {@code ByteBuf}s.
 *
 * <p><b>ADD-PATH (RFC 7911).</b> A group whose peers negotiated ADD-PATH send and asked for more than
 * the best path ({@link PeerSettings#addPathSend()}) keeps, in those families, several paths per prefix,
 * keyed by (prefix, path identifier); see {@link #paths(Prefix)}. Its pending changes and full table
 * then carry path identifiers ({@link UpdateBatch#pathIds()}, {@link OutboundUpdates#withdrawnPathIds()}),
 * and a prefix may appear in several batches. Other groups hold no ADD-PATH state at all.
 */
public final class AdjRibOut {

    final ExportKey key;
    final List<PeerId> members = new ArrayList<>();
    final PrefixTable<PathAttributes> table = new PrefixTable<>();
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

    /** Which paths this group is sent where ADD-PATH send was negotiated; best only for other groups. */
    public AddPathSend addPathSend() {
        return key.addPathSend();
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
        return Optional.ofNullable(table.get(prefix));
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
        PathAttributes a = table.get(prefix);
        return a == null ? List.of() : List.of(new AdvertisedPath(0, a));
    }

    /** True when {@code prefix} is announced with path identifier {@code pathId} (0: without ADD-PATH). */
    public boolean announces(Prefix prefix, int pathId) {
        if (addPaths != null && multiPath(prefix)) {
            return addPaths.find(prefix, pathId) != null;
        }
        return pathId == 0 && table.get(prefix) != null;
    }

    /** The number of prefixes announced. */
    public int size() {
        return addPaths == null ? table.size() : table.size() + addPaths.table.size();
    }

    /** The number of paths announced: {@link #size()} unless several paths per prefix are sent. */
    public int pathCount() {
        return addPaths == null ? table.size() : table.size() + addPaths.pathCount();
    }

    /** True when changes wait for {@link #drainPending()}. */
    public boolean hasPending() {
        return pending.size() > 0 || addPaths != null && addPaths.pending.size() > 0;
    }

    /**
     * The whole table grouped by attribute set, prefixes sorted: what a full announcement sends. Where
     * several paths per prefix are sent, a prefix is listed under the set of each of its paths (use
     * {@link #fullTable()} to get their path identifiers).
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
        List<Prefix> all = new ArrayList<>(table.size());
        for (int i = 0; i < table.v4Slots(); i++) {
            if (table.v4Used(i)) {
                all.add(table.v4PrefixAt(i));
            }
        }
        all.addAll(table.v6().keySet());
        all.sort(RibSnapshot.PREFIX_ORDER);
        Map<PathAttributes, List<Prefix>> out = new LinkedHashMap<>();
        for (Prefix p : all) {
            out.computeIfAbsent(table.get(p), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<PathAttributes, List<Prefix>> e : out.entrySet()) {
            e.setValue(List.copyOf(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The whole table as announcements grouped by attribute set, in prefix order, with path
     * identifiers where this group is sent several paths: what a joining peer or a route refresh gets.
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
        addPrefixes(table, all);
        addPrefixes(addPaths.table, all);
        all.sort(RibSnapshot.PREFIX_ORDER);
        Batches batches = new Batches();
        for (Prefix p : all) {
            if (multiPath(p)) {
                for (AdvertisedPaths.Entry e : addPaths.get(p)) {
                    batches.add(e.attributes(), p, e.pathId());
                }
            } else {
                batches.add(table.get(p), p, 0);
            }
        }
        return batches.build();
    }

    private static void addPrefixes(PrefixTable<?> t, List<Prefix> out) {
        for (int i = 0; i < t.v4Slots(); i++) {
            if (t.v4Used(i)) {
                out.add(t.v4PrefixAt(i));
            }
        }
        out.addAll(t.v6().keySet());
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
        changed.addAll(pending.v6().keySet());
        pending.clear();
        changed.sort(RibSnapshot.PREFIX_ORDER);
        List<Prefix> withdrawn = new ArrayList<>();
        Map<PathAttributes, List<Prefix>> groups = new LinkedHashMap<>();
        for (Prefix p : changed) {
            PathAttributes a = table.get(p);
            if (a == null) {
                withdrawn.add(p);
            } else {
                groups.computeIfAbsent(a, k -> new ArrayList<>()).add(p);
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
        addPrefixes(pending, changed);
        addPrefixes(addPaths.pending, changed);
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
                PathAttributes a = table.get(p);
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
     * be null for an IPv4 prefix given by {@code v4Key} alone: it is made only when a policy needs it.
     */
    PathAttributes export(RibConfig config, Route best, Prefix prefix, long v4Key, int internedSets) {
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
            return ExportRules.export(config, best, prefix != null ? prefix : Ipv4Prefix.fromKey(v4Key), key);
        }
        int kind = source.isLocal() ? 0 : source.isExternal() ? 1 : source.isRouteReflectorClient() ? 2 : 3;
        PathAttributes[] byKind = exportCache.get(best.attributes());
        if (byKind != null && byKind[kind] != null) {
            return byKind[kind] == NOT_EXPORTED ? null : byKind[kind];
        }
        PathAttributes out = ExportRules.export(config, best, prefix != null ? prefix : Ipv4Prefix.fromKey(v4Key), key);
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
        return prefix != null ? table.get(prefix) : table.getV4(v4Key);
    }

    /** Sets (canonical, reference handed over) or removes (null) a prefix and marks it pending. */
    void set(Prefix prefix, PathAttributes canonical) {
        if (canonical == null) {
            table.remove(prefix);
        } else {
            table.put(prefix, canonical);
        }
        pending.put(prefix, prefix);
    }

    /** Releases every reference held; the group is being dropped. */
    void clear(AttributeInterner interner) {
        for (int i = 0; i < table.v4Slots(); i++) {
            if (table.v4Used(i)) {
                interner.release(table.v4ValueAt(i));
            }
        }
        for (PathAttributes a : table.v6().values()) {
            interner.release(a);
        }
        table.clear();
        pending.clear();
        exportCache.clear();
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

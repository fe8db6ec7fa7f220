package dev.jbgp.rib;

import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
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
 */
public final class AdjRibOut {

    final ExportKey key;
    final List<PeerId> members = new ArrayList<>();
    /** Per IPv4 prefix the id of the set it is announced with (an index into {@link #byId}). */
    private final Ipv4SetTable v4 = new Ipv4SetTable();
    /** Per IPv6 prefix the set it is announced with. */
    private final Map<Ipv6Prefix, ExportedSet> v6 = new HashMap<>();
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

    AdjRibOut(ExportKey key, RibConfig config) {
        this.key = key;
        this.silent = !key.internal() && config.rfc8212() && key.exportPolicy().isEmpty();
    }

    /** The peers sharing this Adj-RIB-Out. */
    public List<PeerId> members() {
        return Collections.unmodifiableList(new ArrayList<>(members));
    }

    /** The attribute set announced for {@code prefix}, if any. */
    public Optional<PathAttributes> get(Prefix prefix) {
        ExportedSet e = lookup(prefix);
        return e == null ? Optional.empty() : Optional.of(e.attributes);
    }

    /** The number of prefixes announced. */
    public int size() {
        return v4.size() + v6.size();
    }

    /** True when changes wait for {@link #drainPending()}. */
    public boolean hasPending() {
        return pending.size() > 0;
    }

    /**
     * The whole table grouped by attribute set, prefixes sorted: what a full announcement sends. The
     * encoder uses {@link #ipv4Announcements(CodecContext)} for IPv4, which makes no prefix objects.
     */
    public Map<PathAttributes, List<Prefix>> byAttributes() {
        List<Prefix> all = new ArrayList<>(size());
        for (long slot : v4.slots()) {
            if (slot != 0) {
                all.add(Ipv4Prefix.fromKey(Ipv4SetTable.keyOf(slot)));
            }
        }
        all.addAll(v6.keySet());
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
     * The IPv6 unicast part of the whole table grouped by attribute set, prefixes sorted: with
     * {@link #ipv4Announcements(CodecContext)}, what a full announcement sends.
     */
    public List<UpdateBatch> ipv6Announcements() {
        List<Prefix> all = new ArrayList<>(v6.keySet());
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
     * (the current state of each changed prefix; intermediate states are coalesced).
     */
    public OutboundUpdates drainPending() {
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
        ExportedSet e = prefix != null ? lookup(prefix) : v4Set(v4Key);
        return e == null ? null : e.attributes;
    }

    private ExportedSet v4Set(long key) {
        int id = v4.get(key);
        return id < 0 ? null : byId[id];
    }

    private ExportedSet lookup(Prefix prefix) {
        return prefix instanceof Ipv4Prefix ? v4Set(((Ipv4Prefix) prefix).key()) : v6.get((Ipv6Prefix) prefix);
    }

    /** Sets (canonical, reference handed over) or removes (null) a prefix and marks it pending. */
    void set(Prefix prefix, PathAttributes canonical) {
        boolean ipv4 = prefix instanceof Ipv4Prefix;
        ExportedSet old;
        if (canonical == null) {
            old = ipv4 ? byIdOrNull(v4.remove(((Ipv4Prefix) prefix).key())) : v6.remove((Ipv6Prefix) prefix);
        } else {
            ExportedSet e = setOf(canonical);
            e.prefixes++;
            if (ipv4) {
                ipv4Counts[e.id]++;
                old = byIdOrNull(v4.put(((Ipv4Prefix) prefix).key(), e.id));
            } else {
                old = v6.put((Ipv6Prefix) prefix, e);
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
        for (ExportedSet e : v6.values()) {
            interner.release(e.attributes);
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
    }

    @Override
    public String toString() {
        return "adj-rib-out " + members + " (" + size() + " prefixes)";
    }
}

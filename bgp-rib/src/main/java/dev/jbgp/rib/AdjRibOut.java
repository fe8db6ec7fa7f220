package dev.jbgp.rib;

import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
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
        return Optional.ofNullable(table.get(prefix));
    }

    /** The number of prefixes announced. */
    public int size() {
        return table.size();
    }

    /** True when changes wait for {@link #drainPending()}. */
    public boolean hasPending() {
        return pending.size() > 0;
    }

    /** The whole table grouped by attribute set, prefixes sorted: what a full announcement sends. */
    public Map<PathAttributes, List<Prefix>> byAttributes() {
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
    }

    @Override
    public String toString() {
        return "adj-rib-out " + members + " (" + table.size() + " prefixes)";
    }
}

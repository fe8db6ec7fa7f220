package dev.jbgp.rib;

import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ADD-PATH part of an {@link AdjRibOut} (RFC 7911): per prefix the paths we send, each under a
 * path identifier of ours, plus the (prefix, path identifier) pairs changed since the last drain.
 * Exists only for update groups that are sent more than the best path, so other groups pay nothing.
 *
 * <p>Identifier rules (RFC 7911 §3, §5: the pair (prefix, path identifier) names a path at the
 * receiver, and a re-announcement with the same pair replaces it):
 * <ul>
 *   <li>a path keeps its identifier while its source path (peer and the peer's path identifier) lives:
 *       new attributes on the same source path re-announce under the same identifier;</li>
 *   <li>when a source path leaves and another one with the identical exported attribute set takes its
 *       place in the same change, the identifier passes on and nothing is sent (the receiver's view is
 *       already right);</li>
 *   <li>a new path gets the smallest identifier, from 1, that is neither in use for the prefix nor
 *       waiting to be withdrawn, so an identifier is reused only after its withdrawal was drained.</li>
 * </ul>
 *
 * <p>Each entry holds one interner reference to its attribute set. Confined to the RIB's thread.
 */
final class AdvertisedPaths {

    /** One announced path: where it came from, our identifier for it, what we send. */
    record Entry(PeerId source, int sourcePathId, int pathId, PathAttributes attributes) {
    }

    private static final Entry[] NONE = new Entry[0];

    /** Per prefix the announced paths, in decision order (the best-ranked first). */
    final PrefixTable<Entry[]> table = new PrefixTable<>();
    /** Per prefix the identifiers changed since the last drain (announced, replaced or withdrawn). */
    final PrefixTable<int[]> pending = new PrefixTable<>();
    private int paths;

    /** The paths announced for {@code prefix}, best-ranked first; empty when none. */
    Entry[] get(Prefix prefix) {
        Entry[] e = table.get(prefix);
        return e == null ? NONE : e;
    }

    /** The number of (prefix, path) pairs announced. */
    int pathCount() {
        return paths;
    }

    /**
     * Makes {@code selected[0..n)} (in decision order, each with one interner reference in
     * {@code exported}, handed over; no two the same set) the paths announced for {@code prefix}, and
     * returns the changes for the listeners.
     */
    List<Change> reconcile(Prefix prefix, Route[] selected, PathAttributes[] exported, int n,
                           AttributeInterner interner) {
        Entry[] old = get(prefix);
        Entry[] next = new Entry[n];
        boolean[] kept = new boolean[old.length];
        List<Change> changes = new ArrayList<>(0);
        // 1. The same source path keeps its identifier.
        for (int i = 0; i < n; i++) {
            Route r = selected[i];
            for (int j = 0; j < old.length; j++) {
                if (!kept[j] && old[j].sourcePathId() == r.pathId() && old[j].source().equals(r.peer())) {
                    kept[j] = true;
                    next[i] = keep(prefix, old[j], r, exported[i], interner, changes);
                    break;
                }
            }
        }
        // 2. A new source path whose exported set equals a leaving path's takes over its identifier.
        for (int i = 0; i < n; i++) {
            if (next[i] != null) {
                continue;
            }
            for (int j = 0; j < old.length; j++) {
                if (!kept[j] && old[j].attributes() == exported[i]) {
                    kept[j] = true;
                    next[i] = keep(prefix, old[j], selected[i], exported[i], interner, changes);
                    break;
                }
            }
        }
        // 3. What left is withdrawn ...
        for (int j = 0; j < old.length; j++) {
            if (!kept[j]) {
                changes.add(new Change(old[j].pathId(), old[j].attributes(), null));
                markPending(prefix, old[j].pathId());
                interner.release(old[j].attributes());
                paths--;
            }
        }
        // ... and what is new gets a fresh identifier.
        for (int i = 0; i < n; i++) {
            if (next[i] == null) {
                int id = freshId(prefix, old, next);
                next[i] = new Entry(selected[i].peer(), selected[i].pathId(), id, exported[i]);
                changes.add(new Change(id, null, exported[i]));
                markPending(prefix, id);
                paths++;
            }
        }
        if (n == 0) {
            if (old.length > 0) {
                table.remove(prefix);
            }
        } else {
            table.put(prefix, next);
        }
        return changes;
    }

    private Entry keep(Prefix prefix, Entry old, Route r, PathAttributes exported, AttributeInterner interner,
                       List<Change> changes) {
        if (old.attributes() == exported) {
            interner.release(exported); // the entry already holds a reference to this set
        } else {
            changes.add(new Change(old.pathId(), old.attributes(), exported));
            markPending(prefix, old.pathId());
            interner.release(old.attributes());
        }
        return new Entry(r.peer(), r.pathId(), old.pathId(), exported);
    }

    /** The smallest identifier from 1 not used by {@code old} or {@code next} and not awaiting its withdrawal. */
    private int freshId(Prefix prefix, Entry[] old, Entry[] next) {
        int[] waiting = pending.get(prefix);
        for (int id = 1; ; id++) {
            if (!uses(old, id) && !uses(next, id) && !contains(waiting, id)) {
                return id;
            }
        }
    }

    private static boolean uses(Entry[] entries, int id) {
        for (Entry e : entries) {
            if (e != null && e.pathId() == id) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] ids, int id) {
        if (ids != null) {
            for (int v : ids) {
                if (v == id) {
                    return true;
                }
            }
        }
        return false;
    }

    private void markPending(Prefix prefix, int id) {
        int[] ids = pending.get(prefix);
        if (contains(ids, id)) {
            return;
        }
        int[] grown;
        if (ids == null) {
            grown = new int[] {id};
        } else {
            grown = Arrays.copyOf(ids, ids.length + 1);
            grown[ids.length] = id;
        }
        pending.put(prefix, grown);
    }

    /** The entry of {@code prefix} with identifier {@code id}, or null. */
    Entry find(Prefix prefix, int id) {
        for (Entry e : get(prefix)) {
            if (e.pathId() == id) {
                return e;
            }
        }
        return null;
    }

    /** Releases every reference held. */
    void clear(AttributeInterner interner) {
        for (int i = 0; i < table.v4Slots(); i++) {
            if (table.v4Used(i)) {
                for (Entry e : table.v4ValueAt(i)) {
                    interner.release(e.attributes());
                }
            }
        }
        for (int i = 0; i < table.v6Slots(); i++) {
            if (table.v6Used(i)) {
                for (Entry e : table.v6ValueAt(i)) {
                    interner.release(e.attributes());
                }
            }
        }
        table.clear();
        pending.clear();
        paths = 0;
    }

    /** One changed path of a prefix: {@code previous} null for a new path, {@code current} null for a withdrawal. */
    record Change(int pathId, PathAttributes previous, PathAttributes current) {
    }
}

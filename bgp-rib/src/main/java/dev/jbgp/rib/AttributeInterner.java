package dev.jbgp.rib;

import dev.jbgp.rib.internal.OpenAddressing;

/**
 * Shares identical {@link PathAttributes} and counts who holds them. {@link #intern} returns the one
 * canonical instance equal to its argument and adds a reference; {@link #release} drops one, and the
 * set is forgotten when its count reaches zero, so a withdrawn attribute set does not outlive its last
 * route. Every holder in the RIB (a route in the Loc-RIB, a pre-policy entry, an Adj-RIB-Out entry)
 * owns exactly one reference.
 *
 * <p>Storage: three parallel arrays (hash, set, count) probed linearly, so a set costs about 17 to 24
 * bytes here instead of a map entry plus a counter object, and a probe compares cached hashes without
 * touching the sets. Removal shifts the rest of the probe run back (no tombstones).
 *
 * <p>Not thread-safe: owned by one {@link Rib} and used on its thread. A lookup of an existing set does
 * not allocate.
 */
public final class AttributeInterner {

    private static final int MIN_CAPACITY = 16;

    private int[] hashes = new int[MIN_CAPACITY];
    private PathAttributes[] sets = new PathAttributes[MIN_CAPACITY];
    private int[] counts = new int[MIN_CAPACITY];
    private int size;
    /**
     * The set last interned or released, its slot and the argument it was found by (identity): the
     * routes of one UPDATE share a set, so all but the first skip the lookup. Valid while the slot still
     * holds that very set (a removal or growth may move or free it).
     */
    private PathAttributes lastArgument;
    private PathAttributes lastCanonical;
    private int lastSlot;

    private static int home(int hash, int mask) {
        int x = hash * 0x9E3779B9;
        return (x ^ x >>> 16) & mask;
    }

    /** The slot of the set equal to {@code a}, or {@code ~slot} of the empty slot where it would go. */
    private int find(PathAttributes a) {
        int h = a.hashCode();
        int mask = sets.length - 1;
        int i = home(h, mask);
        while (true) {
            PathAttributes s = sets[i];
            if (s == null) {
                return ~i;
            }
            if (hashes[i] == h && (s == a || s.equals(a))) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private boolean lastValid() {
        return lastCanonical != null && sets[lastSlot] == lastCanonical;
    }

    /** Returns the canonical instance equal to {@code attributes} and adds one reference to it. */
    public PathAttributes intern(PathAttributes attributes) {
        if (attributes == lastArgument && lastValid()) {
            counts[lastSlot]++;
            return lastCanonical;
        }
        if (size >= sets.length * 7 / 10) {
            grow();
        }
        int i = find(attributes);
        if (i < 0) {
            i = ~i;
            hashes[i] = attributes.hashCode();
            sets[i] = attributes;
            size++;
        }
        counts[i]++;
        lastArgument = attributes;
        lastCanonical = sets[i];
        lastSlot = i;
        return sets[i];
    }

    /** Adds one reference to an already canonical instance (a second holder of the same set). */
    public PathAttributes retain(PathAttributes canonical) {
        int i = find(canonical);
        if (i < 0 || sets[i] != canonical) {
            throw new IllegalStateException("not an interned attribute set: " + canonical);
        }
        counts[i]++;
        return canonical;
    }

    /**
     * Drops one reference to a canonical instance; at zero the set is forgotten.
     *
     * @throws IllegalStateException when the set is not interned here (a reference-counting bug)
     */
    public void release(PathAttributes canonical) {
        int i = canonical == lastCanonical && lastValid() ? lastSlot : find(canonical);
        if (i < 0 || sets[i] != canonical) {
            throw new IllegalStateException("release of an attribute set that is not interned: " + canonical);
        }
        if (--counts[i] == 0) {
            removeAt(i);
            lastCanonical = null;
            lastArgument = null;
        } else {
            lastArgument = canonical;
            lastCanonical = canonical;
            lastSlot = i;
        }
    }

    private void removeAt(int i) {
        int mask = sets.length - 1;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (sets[j] == null) {
                break;
            }
            int h = home(hashes[j], mask);
            if (!OpenAddressing.staysPut(i, j, h)) {
                hashes[i] = hashes[j];
                sets[i] = sets[j];
                counts[i] = counts[j];
                i = j;
            }
        }
        hashes[i] = 0;
        sets[i] = null;
        counts[i] = 0;
        size--;
    }

    private void grow() {
        int[] oldHashes = hashes;
        PathAttributes[] oldSets = sets;
        int[] oldCounts = counts;
        int cap = oldSets.length * 2;
        hashes = new int[cap];
        sets = new PathAttributes[cap];
        counts = new int[cap];
        int mask = cap - 1;
        for (int j = 0; j < oldSets.length; j++) {
            if (oldSets[j] != null) {
                int i = home(oldHashes[j], mask);
                while (sets[i] != null) {
                    i = (i + 1) & mask;
                }
                hashes[i] = oldHashes[j];
                sets[i] = oldSets[j];
                counts[i] = oldCounts[j];
            }
        }
        lastCanonical = null;
        lastArgument = null;
    }

    /** The reference count of the set equal to {@code attributes}, 0 when it is not interned. */
    public int referenceCount(PathAttributes attributes) {
        int i = find(attributes);
        return i < 0 ? 0 : counts[i];
    }

    /** How many distinct sets are interned. */
    public int size() {
        return size;
    }

    /** The sum of all reference counts. */
    public long totalReferences() {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }
}

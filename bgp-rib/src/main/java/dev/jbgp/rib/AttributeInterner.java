package dev.jbgp.rib;

import dev.jbgp.rib.internal.OpenAddressing;

/**
 * Shares identical {@link PathAttributes} and counts who holds them. {@link #intern} returns the one
 * canonical instance equal to its argument and adds a reference; {@link #release} drops one, and the
 * set is forgotten when its count reaches zero, so a withdrawn attribute set does not outlive its last
 * route. Every holder in the RIB (a route in the Loc-RIB, a pre-policy entry, an Adj-RIB-Out entry)
 * owns exactly one reference.
 *
 * <p>Storage: per slot the set's hash and reference count side by side in one {@code int[]} (a count
 * of 0 marks an empty slot) and the set in a parallel array, probed linearly, so a set costs about 17
 * to 24 bytes here instead of a map entry plus a counter object. A probe reads the hash-and-count
 * array alone and looks at a set only when its hash matches: a set not interned yet costs one cache
 * miss to find absent. Removal shifts the rest of the probe run back (no tombstones).
 *
 * <p>Not thread-safe: owned by one {@link Rib} and used on its thread. A lookup of an existing set does
 * not allocate.
 */
public final class AttributeInterner {

    private static final int MIN_CAPACITY = 16;

    /** Slot {@code i}: hash at {@code 2i}, reference count at {@code 2i + 1} (0: empty). */
    private int[] meta = new int[2 * MIN_CAPACITY];
    private PathAttributes[] sets = new PathAttributes[MIN_CAPACITY];
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
        int[] m = meta;
        int mask = sets.length - 1;
        int i = home(h, mask);
        while (true) {
            if (m[2 * i + 1] == 0) {
                return ~i;
            }
            if (m[2 * i] == h) {
                PathAttributes s = sets[i];
                if (s == a || s.equals(a)) {
                    return i;
                }
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
            meta[2 * lastSlot + 1]++;
            return lastCanonical;
        }
        if (size >= sets.length * 7 / 10) {
            grow();
        }
        int i = find(attributes);
        if (i < 0) {
            i = ~i;
            meta[2 * i] = attributes.hashCode();
            sets[i] = attributes;
            size++;
        }
        meta[2 * i + 1]++;
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
        meta[2 * i + 1]++;
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
        if (--meta[2 * i + 1] == 0) {
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
        int[] m = meta;
        int mask = sets.length - 1;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (m[2 * j + 1] == 0) {
                break;
            }
            int h = home(m[2 * j], mask);
            if (!OpenAddressing.staysPut(i, j, h)) {
                m[2 * i] = m[2 * j];
                m[2 * i + 1] = m[2 * j + 1];
                sets[i] = sets[j];
                i = j;
            }
        }
        m[2 * i] = 0;
        m[2 * i + 1] = 0;
        sets[i] = null;
        size--;
    }

    private void grow() {
        int[] oldMeta = meta;
        PathAttributes[] oldSets = sets;
        int cap = oldSets.length * 2;
        int[] m = new int[2 * cap];
        PathAttributes[] e = new PathAttributes[cap];
        int mask = cap - 1;
        for (int j = 0; j < oldSets.length; j++) {
            if (oldMeta[2 * j + 1] != 0) {
                int i = home(oldMeta[2 * j], mask);
                while (m[2 * i + 1] != 0) {
                    i = (i + 1) & mask;
                }
                m[2 * i] = oldMeta[2 * j];
                m[2 * i + 1] = oldMeta[2 * j + 1];
                e[i] = oldSets[j];
            }
        }
        meta = m;
        sets = e;
        lastCanonical = null;
        lastArgument = null;
    }

    /** The reference count of the set equal to {@code attributes}, 0 when it is not interned. */
    public int referenceCount(PathAttributes attributes) {
        int i = find(attributes);
        return i < 0 ? 0 : meta[2 * i + 1];
    }

    /** How many distinct sets are interned. */
    public int size() {
        return size;
    }

    /** The sum of all reference counts. */
    public long totalReferences() {
        long n = 0;
        for (int i = 1; i < meta.length; i += 2) {
            n += meta[i];
        }
        return n;
    }
}

package dev.jbgp.rib;

import dev.jbgp.rib.internal.OpenAddressing;

/**
 * An update group's IPv4 announcements: per prefix ({@link dev.jbgp.wire.nlri.Ipv4Prefix#key()}, 40
 * bits) the id of the {@link ExportedSet} it is announced with, both packed into one {@code long} per
 * slot of an open-addressing table probed linearly:
 *
 * <pre>
 *  63  62 ........... 40 39 .................. 8 7 ...... 0
 * +----+----------------+-------------------------+----------+
 * |used|   set id (23)  |   address (32 bits)     |  length  |
 * +----+----------------+-------------------------+----------+
 * </pre>
 *
 * A table dump ({@link AdjRibOut#ipv4Announcements()}) reads this one array in order and never
 * touches an object per prefix; a set id indexes small per-group arrays that stay in cache. 8 bytes a
 * slot (a {@code PrefixTable} of objects costs 12). Home slots as in
 * {@link dev.jbgp.rib.internal.PrefixTable}: a /20 block is hashed and its /24s get consecutive slots,
 * so a dump meets neighbouring prefixes together; longer prefixes are hashed whole. Each table mixes
 * its own seed into the hash: a table filled in another table's slot order (a peer joining an update
 * group gets the Loc-RIB in its slot order) would otherwise receive its keys sorted by home slot, and
 * while it is the smaller of the two they pile into one probe run — quadratic, a joining peer took
 * minutes for a full table. Grows by half when 70 % full; removal shifts the rest of the probe run back
 * (no tombstones). Confined to the RIB's thread.
 */
final class Ipv4SetTable {

    /** The largest set id a slot can hold. */
    static final int MAX_ID = (1 << 23) - 1;
    private static final long USED = Long.MIN_VALUE;
    private static final long KEY = (1L << 40) - 1;
    private static final int MIN_CAPACITY = 8;
    /** Mixed into every home slot ({@link OpenAddressing#newSeed()} says why). */
    private final long seed = OpenAddressing.newSeed();

    private long[] slots = new long[0];
    private int size;
    private int threshold;

    /** The prefix key of a used slot value. */
    static long keyOf(long slot) {
        return slot & KEY;
    }

    /** The set id of a used slot value. */
    static int idOf(long slot) {
        return (int) (slot >>> 40) & MAX_ID;
    }

    private static int home(long key, int capacity, long seed) {
        if ((key & 0xFF) > 24) {
            return OpenAddressing.slot(OpenAddressing.mix(key ^ seed), capacity);
        }
        long address = key >>> 8;
        int i = OpenAddressing.slot(OpenAddressing.mix(address >>> 12 ^ seed), capacity) + (int) (address >>> 8 & 15);
        if (i >= capacity) {
            i -= capacity;
            if (i >= capacity) {
                i %= capacity; // only in tables of fewer than sixteen slots
            }
        }
        return i;
    }

    /** The slot holding {@code key}, else {@code ~slot} of the first empty slot of its probe run. */
    private static int probe(long[] t, long key, long seed) {
        int cap = t.length;
        int i = home(key, cap, seed);
        while (true) {
            long s = t[i];
            if (s == 0) {
                return ~i;
            }
            if ((s & KEY) == key) {
                return i;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** The set id of {@code key}, or -1. */
    int get(long key) {
        if (size == 0) {
            return -1;
        }
        int i = probe(slots, key, seed);
        return i < 0 ? -1 : idOf(slots[i]);
    }

    /** Maps {@code key} to set {@code id} (0..{@link #MAX_ID}); returns the previous id or -1. */
    int put(long key, int id) {
        if (size >= threshold) {
            grow();
        }
        long value = USED | (long) id << 40 | key;
        int i = probe(slots, key, seed);
        if (i < 0) {
            slots[~i] = value;
            size++;
            return -1;
        }
        int old = idOf(slots[i]);
        slots[i] = value;
        return old;
    }

    /** Removes {@code key}; returns its set id or -1. */
    int remove(long key) {
        if (size == 0) {
            return -1;
        }
        int i = probe(slots, key, seed);
        if (i < 0) {
            return -1;
        }
        long[] t = slots;
        int old = idOf(t[i]);
        int cap = t.length;
        int j = i;
        while (true) {
            if (++j == cap) {
                j = 0;
            }
            long s = t[j];
            if (s == 0) {
                break;
            }
            int h = home(s & KEY, cap, seed);
            if (!OpenAddressing.staysPut(i, j, h)) {
                t[i] = s;
                i = j;
            }
        }
        t[i] = 0;
        size--;
        return old;
    }

    private void grow() {
        long[] old = slots;
        int cap = Math.max(MIN_CAPACITY, old.length + (old.length >> 1));
        long[] t = new long[cap];
        for (long s : old) {
            if (s != 0) {
                int i = home(s & KEY, cap, seed);
                while (t[i] != 0) {
                    if (++i == cap) {
                        i = 0;
                    }
                }
                t[i] = s;
            }
        }
        slots = t;
        threshold = (int) (cap * 0.7);
    }

    int size() {
        return size;
    }

    /**
     * The slots themselves, for a walk in slot order: 0 is empty, else {@link #keyOf} and
     * {@link #idOf} read a slot. Valid until the next change; never modified by the caller.
     */
    long[] slots() {
        return slots;
    }

    /** Removes every entry and frees the array. */
    void clear() {
        slots = new long[0];
        size = 0;
        threshold = 0;
    }
}

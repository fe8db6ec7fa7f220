package dev.jbgp.rib.internal;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.util.List;

/**
 * Values by prefix in open-addressing tables of primitive keys (no boxing, no entry or key objects),
 * IPv4 and IPv6 apart. Confined to the RIB's thread.
 *
 * <p>IPv4 lives in two tables probed linearly, whose capacity is not a power of two (the home slot is
 * found by multiplying the high half of the mixed key by the capacity) and which grow by half; removal
 * shifts the following entries back instead of leaving tombstones. A slot holds the value's
 * {@link SharedValues} handle, an {@code int}, rather than a reference:
 * <ul>
 *   <li>prefixes up to /24 (nearly all of a full table) under an {@code int} key, the /24 number and
 *       the length (29 bits), at most half full: key and handle share one {@code long} slot, so a
 *       lookup and the value's update touch one cache line; 8 bytes a slot, 16 to 24 bytes per prefix,
 *       with short probe runs;</li>
 *   <li>longer prefixes (/25 to /32) under their {@link Ipv4Prefix#key()} in parallel key and handle
 *       arrays, at most 70 % full.</li>
 * </ul>
 * The home slot is found from the address's /21 block mixed by the MurmurHash3 64-bit finaliser, plus
 * the /24 inside it (see {@link #shortHome}): in {@link Ipv4Prefix#key()} the low bits are the length
 * and the host part, the same for every /24 of a table, so the raw key would cluster.
 *
 * <p>Slots are visible for iteration without an iterator object ({@link #v4Slots()},
 * {@link #v4Used(int)}, {@link #v4KeyAt(int)}, {@link #v4ValueAt(int)}): the slots of the short-prefix
 * table come first, then those of the long-prefix table. Slot indexes stay valid until the next
 * insertion or removal, and {@link #v4SetAt(int, Object)} replaces a value in place.
 *
 * <p>IPv6 lives in a third table of the same kind (linear probing, growth by half, at most 70 % full,
 * removal by shifting back) whose slot is three {@code long}s in one array: the address's high and low
 * 64 bits (host bits zero, as in {@link Ipv6Prefix}) and a word holding {@code length + 1} (so 0 marks an
 * empty slot, and ::/0 stays a key) above the value's {@link SharedValues} handle. 24 bytes a slot, 34
 * to 51 per prefix, against about 70 for a {@code HashMap} node with its {@link Ipv6Prefix} key and its
 * share of the bucket array (a RIB holding 200,000 random /48s from one peer measured 75 bytes per
 * route with the map, 36 with this table); a lookup and the value's update touch one or two cache lines. The IPv6 slots are walked like the IPv4
 * ones ({@link #v6Slots()}, {@link #v6Used(int)}, {@link #v6PrefixAt(int)}, {@link #v6ValueAt(int)},
 * {@link #v6SetAt(int, Object)}), and found by primitive key ({@link #findV6}, {@link #probeV6}).
 * The values of both families share one {@link SharedValues}.
 */
public final class PrefixTable<V> {

    /** Marks a used slot of the long-prefix table (an {@link Ipv4Prefix#key()} is 40 bits, and 0.0.0.0/0 has key 0). */
    private static final long USED = Long.MIN_VALUE;
    /** Marks a used slot of the short-prefix table (a short key is 29 bits). */
    private static final int SHORT_USED = Integer.MIN_VALUE;
    private static final int MIN_CAPACITY = 8;
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_KEYS = new long[0];
    /** The longs per IPv6 slot. */
    private static final int V6_STRIDE = 3;

    /** Mixed into every home slot ({@link OpenAddressing#newSeed()} says why). */
    private final long seed = OpenAddressing.newSeed();
    /**
     * The short-prefix table: per slot the stored short key in the high half and the
     * {@link SharedValues} handle of its value in the low half (0: empty), so that finding a prefix and
     * reading or setting its value touch one cache line.
     */
    private long[] shortSlots = NO_KEYS;
    private int shortSize;
    private int shortThreshold;
    private long[] keys = NO_KEYS;
    /** The handle of each long-table slot's value. */
    private int[] values = NO_INTS;
    /** The values themselves (IPv4 and IPv6), behind the handles in the slots. */
    private final SharedValues shared = new SharedValues();
    private int longSize;
    private int threshold;
    /**
     * The IPv6 table, {@link #V6_STRIDE} longs a slot: high 64 bits, low 64 bits, then
     * {@code (length + 1) << 32 | handle} (0: the slot is empty).
     */
    private long[] v6 = NO_KEYS;
    private int v6Size;
    private int v6Threshold;

    /**
     * The short key of an {@link Ipv4Prefix#key()} with the used mark, {@code (address >>> 8) << 5 | length},
     * or 0 when the prefix is longer than /24 (or, which a valid prefix never is, has host bits in its
     * last octet) and belongs in the long-prefix table.
     */
    private static int shortKey(long key) {
        return (key & 0xFF) <= 24 && (key & 0xFF00) == 0 ? SHORT_USED | (int) (key >>> 16) << 5 | (int) (key & 31) : 0;
    }

    /** The {@link Ipv4Prefix#key()} of a stored short key. */
    private static long longKey(int stored) {
        return ((long) (stored >>> 5 & 0xFFFFFF) << 16) | (stored & 31);
    }

    /**
     * The home slot of a stored short key in a table of {@code capacity} slots. The address's /21 block
     * is hashed and its eight /24s get consecutive home slots: the prefixes of one UPDATE are usually
     * neighbours in the address space, and so they share cache lines in the table (sixteen keys fill
     * one) instead of costing a cache miss each. Prefixes that start at the same /24 share a home slot
     * (a /21 with the /22, /23 and /24 at its start, and any aggregate starting there).
     * Larger blocks (sixteen /24s, /20) share lines better but make linear probing's runs twice as
     * long: on the race's million consecutive /24s an insertion then scanned about twice as many slots.
     */
    private static int shortHome(int stored, int capacity, long seed) {
        int network = stored >>> 5 & 0xFFFFFF; // the /24 number
        int i = OpenAddressing.slot(OpenAddressing.mix(network >>> 3 ^ seed), capacity) + (network & 7);
        if (i >= capacity) {
            i -= capacity;
            if (i >= capacity) {
                i %= capacity; // only in tables of fewer than eight slots
            }
        }
        return i;
    }

    /** The home slot of a long-prefix key (hashed whole: hundreds of /32s may sit in one /24). */
    private static int longHome(long key, int capacity, long seed) {
        return OpenAddressing.slot(OpenAddressing.mix(key ^ seed), capacity);
    }

    /**
     * The linear probe the short-key lookups share: from the home slot of {@code stored} in {@code k}
     * (a table with at least one empty slot), the slot holding it, else {@code ~slot} of the first
     * empty slot. Static, allocation-free and small, so it is inlined into each caller.
     */
    private static int probeShort(long[] k, int stored, long seed) {
        int cap = k.length;
        int i = shortHome(stored, cap, seed);
        while (true) {
            long s = k[i];
            if ((int) (s >>> 32) == stored) {
                return i;
            }
            if (s == 0) {
                return ~i;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** The same probe in the long-prefix table. */
    private static int probeLong(long[] k, long key, long seed) {
        int cap = k.length;
        long stored = key | USED;
        int i = longHome(key, cap, seed);
        while (true) {
            long s = k[i];
            if (s == stored) {
                return i;
            }
            if (s == 0) {
                return ~i;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** The slot holding {@code key} (an {@link Ipv4Prefix#key()}), or -1. */
    public int findV4(long key) {
        int sk = shortKey(key);
        if (sk != 0) {
            if (shortSlots.length == 0) {
                return -1;
            }
            int i = probeShort(shortSlots, sk, seed);
            return i < 0 ? -1 : i;
        }
        if (keys.length == 0) {
            return -1;
        }
        int i = probeLong(keys, key, seed);
        return i < 0 ? -1 : shortSlots.length + i;
    }

    /**
     * Looks {@code key} up for an insertion that may follow: returns its slot when present, else
     * {@code ~slot} of the empty slot where {@link #insertAt} puts it. Grows the table first when it is
     * full, so the slot stays valid until the next insertion or removal; one probe instead of two.
     */
    public int probeV4(long key) {
        int sk = shortKey(key);
        if (sk != 0) {
            if (shortSize >= shortThreshold) {
                growShort();
            }
            return probeShort(shortSlots, sk, seed);
        }
        if (longSize >= threshold) {
            growLong();
        }
        int i = probeLong(keys, key, seed);
        int base = shortSlots.length;
        return i < 0 ? ~(base + ~i) : base + i;
    }

    /** Inserts {@code key} into the empty slot {@link #probeV4} returned (as {@code ~slot}). */
    public void insertAt(int slot, long key, V value) {
        int base = shortSlots.length;
        if (slot < base) {
            shortSlots[slot] = (long) shortKey(key) << 32 | shared.acquire(value);
            shortSize++;
        } else {
            keys[slot - base] = key | USED;
            values[slot - base] = shared.acquire(value);
            longSize++;
        }
    }

    public V get(Prefix p) {
        if (p instanceof Ipv4Prefix) {
            return getV4(((Ipv4Prefix) p).key());
        }
        Ipv6Prefix q = (Ipv6Prefix) p;
        return getV6(q.high(), q.low(), q.length());
    }

    public V getV4(long key) {
        int i = findV4(key);
        return i < 0 ? null : v4ValueAt(i);
    }

    /** Maps {@code p} to {@code value} (not null); returns the previous value or null. */
    public V put(Prefix p, V value) {
        if (p instanceof Ipv4Prefix) {
            return putV4(((Ipv4Prefix) p).key(), value);
        }
        Ipv6Prefix q = (Ipv6Prefix) p;
        return putV6(q.high(), q.low(), q.length(), value);
    }

    /** Maps {@code key} to {@code value} (not null); returns the previous value or null. */
    public V putV4(long key, V value) {
        int i = probeV4(key);
        if (i < 0) {
            insertAt(~i, key, value);
            return null;
        }
        V old = v4ValueAt(i);
        v4SetAt(i, value);
        return old;
    }

    private void growShort() {
        long[] old = shortSlots;
        int cap = Math.max(MIN_CAPACITY, old.length + (old.length >> 1));
        long[] k = new long[cap];
        for (int j = 0; j < old.length; j++) {
            long s = old[j];
            if (s != 0) {
                int i = shortHome((int) (s >>> 32), cap, seed);
                while (k[i] != 0) {
                    if (++i == cap) {
                        i = 0;
                    }
                }
                k[i] = s;
            }
        }
        shortSlots = k;
        shortThreshold = cap / 2;
    }

    private void growLong() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        int cap = Math.max(MIN_CAPACITY, oldKeys.length + (oldKeys.length >> 1));
        long[] k = new long[cap];
        int[] v = new int[cap];
        for (int j = 0; j < oldKeys.length; j++) {
            long s = oldKeys[j];
            if (s != 0) {
                int i = longHome(s & ~USED, cap, seed);
                while (k[i] != 0) {
                    if (++i == cap) {
                        i = 0;
                    }
                }
                k[i] = s;
                v[i] = oldValues[j];
            }
        }
        keys = k;
        values = v;
        threshold = (int) (cap * 0.7);
    }

    public V removeV4(long key) {
        int i = findV4(key);
        return i < 0 ? null : removeAt(i);
    }

    /**
     * Removes the entry in slot {@code i} and shifts back the entries of the probe run that follows,
     * so that every entry stays reachable from its home slot without tombstones.
     */
    public V removeAt(int i) {
        int base = shortSlots.length;
        return i < base ? removeShort(i) : removeLong(i - base);
    }

    @SuppressWarnings("unchecked")
    private V removeShort(int i) {
        long[] k = shortSlots;
        int cap = k.length;
        int handle = (int) k[i];
        V old = (V) shared.get(handle);
        shared.release(handle);
        int j = i;
        while (true) {
            if (++j == cap) {
                j = 0;
            }
            long s = k[j];
            if (s == 0) {
                break;
            }
            int h = shortHome((int) (s >>> 32), cap, seed);
            if (!OpenAddressing.staysPut(i, j, h)) {
                k[i] = s;
                i = j;
            }
        }
        k[i] = 0;
        shortSize--;
        return old;
    }

    @SuppressWarnings("unchecked")
    private V removeLong(int i) {
        long[] k = keys;
        int[] v = values;
        int cap = k.length;
        V old = (V) shared.get(v[i]);
        shared.release(v[i]);
        int j = i;
        while (true) {
            if (++j == cap) {
                j = 0;
            }
            long s = k[j];
            if (s == 0) {
                break;
            }
            int h = longHome(s & ~USED, cap, seed);
            if (!OpenAddressing.staysPut(i, j, h)) {
                k[i] = s;
                v[i] = v[j];
                i = j;
            }
        }
        k[i] = 0;
        v[i] = 0;
        longSize--;
        return old;
    }

    public V remove(Prefix p) {
        if (p instanceof Ipv4Prefix) {
            return removeV4(((Ipv4Prefix) p).key());
        }
        Ipv6Prefix q = (Ipv6Prefix) p;
        return removeV6(q.high(), q.low(), q.length());
    }

    public int size() {
        return shortSize + longSize + v6Size;
    }

    /** The number of IPv4 entries. */
    public int v4Size() {
        return shortSize + longSize;
    }

    /** The number of IPv4 slots (used or not), for iteration. */
    public int v4Slots() {
        return shortSlots.length + keys.length;
    }

    /** True when slot {@code i} holds an entry. */
    public boolean v4Used(int i) {
        int base = shortSlots.length;
        return i < base ? shortSlots[i] != 0 : keys[i - base] != 0;
    }

    /** The {@link Ipv4Prefix#key()} in a used slot. */
    public long v4KeyAt(int i) {
        int base = shortSlots.length;
        return i < base ? longKey((int) (shortSlots[i] >>> 32)) : keys[i - base] & ~USED;
    }

    /** The prefix in a used slot. */
    public Ipv4Prefix v4PrefixAt(int i) {
        return Ipv4Prefix.fromKey(v4KeyAt(i));
    }

    /** The value in a used slot. */
    @SuppressWarnings("unchecked")
    public V v4ValueAt(int i) {
        int base = shortSlots.length;
        return (V) shared.get(i < base ? (int) shortSlots[i] : values[i - base]);
    }

    /** Replaces the value in a used slot. */
    public void v4SetAt(int i, V value) {
        int base = shortSlots.length;
        // Acquired before the release: the same object stays under the same handle.
        int handle = shared.acquire(value);
        int old;
        if (i < base) {
            long s = shortSlots[i];
            old = (int) s;
            shortSlots[i] = (s & 0xFFFFFFFF00000000L) | (handle & 0xFFFFFFFFL);
        } else {
            old = values[i - base];
            values[i - base] = handle;
        }
        shared.release(old);
    }

    /** Removes every entry, IPv4 and IPv6, and frees the IPv4 arrays. */
    public void clear() {
        shortSlots = NO_KEYS;
        shortSize = 0;
        shortThreshold = 0;
        keys = NO_KEYS;
        values = NO_INTS;
        shared.clear();
        longSize = 0;
        threshold = 0;
        v6 = NO_KEYS;
        v6Size = 0;
        v6Threshold = 0;
    }

    /** The number of distinct value objects held behind handles (for tests: every removal must free its handle). */
    int distinctValues() {
        return shared.inUse();
    }

    // ---------------------------------------------------------------- IPv6

    /**
     * The home slot of an IPv6 key: both halves and the length scrambled with the table's seed. The
     * whole key is hashed (no block locality as for IPv4): IPv6 tables are small next to IPv4 ones, and
     * the allocations of one holder (a /32 or /29 split into /48s) differ only in a few bits of
     * {@code high}, which the finaliser spreads.
     */
    private static int v6Home(long high, long low, int length, int capacity, long seed) {
        long h = OpenAddressing.mix(high ^ seed);
        return OpenAddressing.slot(OpenAddressing.mix(h + low * 0x9E3779B97F4A7C15L + length), capacity);
    }

    /** The mark-and-length half of a used IPv6 slot's third word. */
    private static long v6Tag(int length) {
        return (long) (length + 1) << 32;
    }

    /**
     * The linear probe of the IPv6 table {@code t} (at least one empty slot): the slot holding the
     * key, else {@code ~slot} of the first empty slot. Slot numbers, not array offsets.
     */
    private static int probeV6(long[] t, long high, long low, int length, long seed) {
        int cap = t.length / V6_STRIDE;
        long tag = v6Tag(length);
        int i = v6Home(high, low, length, cap, seed);
        while (true) {
            int o = i * V6_STRIDE;
            long m = t[o + 2];
            if (m == 0) {
                return ~i;
            }
            if ((m & 0xFFFFFFFF00000000L) == tag && t[o] == high && t[o + 1] == low) {
                return i;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** The IPv6 slot holding the prefix (host bits zero), or -1. */
    public int findV6(long high, long low, int length) {
        if (v6.length == 0) {
            return -1;
        }
        int i = probeV6(v6, high, low, length, seed);
        return i < 0 ? -1 : i;
    }

    /**
     * Looks an IPv6 prefix up for an insertion that may follow: its slot when present, else
     * {@code ~slot} of the empty slot where {@link #insertV6At} puts it. Grows the table first when it
     * is full, so the slot stays valid until the next insertion or removal.
     */
    public int probeV6(long high, long low, int length) {
        if (v6Size >= v6Threshold) {
            growV6();
        }
        return probeV6(v6, high, low, length, seed);
    }

    /** Inserts the prefix into the empty IPv6 slot {@link #probeV6(long, long, int)} returned (as {@code ~slot}). */
    public void insertV6At(int slot, long high, long low, int length, V value) {
        int o = slot * V6_STRIDE;
        v6[o] = high;
        v6[o + 1] = low;
        v6[o + 2] = v6Tag(length) | (shared.acquire(value) & 0xFFFFFFFFL);
        v6Size++;
    }

    public V getV6(long high, long low, int length) {
        int i = findV6(high, low, length);
        return i < 0 ? null : v6ValueAt(i);
    }

    /** Maps the IPv6 prefix to {@code value} (not null); returns the previous value or null. */
    public V putV6(long high, long low, int length, V value) {
        int i = probeV6(high, low, length);
        if (i < 0) {
            insertV6At(~i, high, low, length, value);
            return null;
        }
        V old = v6ValueAt(i);
        v6SetAt(i, value);
        return old;
    }

    public V removeV6(long high, long low, int length) {
        int i = findV6(high, low, length);
        return i < 0 ? null : removeV6At(i);
    }

    private void growV6() {
        long[] old = v6;
        int oldCap = old.length / V6_STRIDE;
        int cap = Math.max(MIN_CAPACITY, oldCap + (oldCap >> 1));
        long[] t = new long[cap * V6_STRIDE];
        for (int o = 0; o < old.length; o += V6_STRIDE) {
            long m = old[o + 2];
            if (m != 0) {
                int i = v6Home(old[o], old[o + 1], (int) (m >>> 32) - 1, cap, seed);
                while (t[i * V6_STRIDE + 2] != 0) {
                    if (++i == cap) {
                        i = 0;
                    }
                }
                System.arraycopy(old, o, t, i * V6_STRIDE, V6_STRIDE);
            }
        }
        v6 = t;
        v6Threshold = (int) (cap * 0.7);
    }

    /**
     * Removes the entry in IPv6 slot {@code i} and shifts back the entries of the probe run that
     * follows (no tombstones, as for IPv4). Returns its value.
     */
    @SuppressWarnings("unchecked")
    public V removeV6At(int i) {
        long[] t = v6;
        int cap = t.length / V6_STRIDE;
        int handle = (int) t[i * V6_STRIDE + 2];
        V old = (V) shared.get(handle);
        shared.release(handle);
        int j = i;
        while (true) {
            if (++j == cap) {
                j = 0;
            }
            int o = j * V6_STRIDE;
            long m = t[o + 2];
            if (m == 0) {
                break;
            }
            int h = v6Home(t[o], t[o + 1], (int) (m >>> 32) - 1, cap, seed);
            if (!OpenAddressing.staysPut(i, j, h)) {
                System.arraycopy(t, o, t, i * V6_STRIDE, V6_STRIDE);
                i = j;
            }
        }
        int o = i * V6_STRIDE;
        t[o] = 0;
        t[o + 1] = 0;
        t[o + 2] = 0;
        v6Size--;
        return old;
    }

    /** The number of IPv6 entries. */
    public int v6Size() {
        return v6Size;
    }

    /** The number of IPv6 slots (used or not), for iteration. */
    public int v6Slots() {
        return v6.length / V6_STRIDE;
    }

    /** True when IPv6 slot {@code i} holds an entry. */
    public boolean v6Used(int i) {
        return v6[i * V6_STRIDE + 2] != 0;
    }

    /** The high 64 bits of the prefix in a used IPv6 slot. */
    public long v6HighAt(int i) {
        return v6[i * V6_STRIDE];
    }

    /** The low 64 bits of the prefix in a used IPv6 slot. */
    public long v6LowAt(int i) {
        return v6[i * V6_STRIDE + 1];
    }

    /** The length of the prefix in a used IPv6 slot. */
    public int v6LengthAt(int i) {
        return (int) (v6[i * V6_STRIDE + 2] >>> 32) - 1;
    }

    /**
     * Adds every prefix of the table to {@code out}, IPv4 first, each a new object: a copy, so the
     * caller may change the table while it walks the list.
     */
    public void addPrefixesTo(List<? super Prefix> out) {
        for (int i = 0; i < v4Slots(); i++) {
            if (v4Used(i)) {
                out.add(v4PrefixAt(i));
            }
        }
        for (int i = 0; i < v6Slots(); i++) {
            if (v6Used(i)) {
                out.add(v6PrefixAt(i));
            }
        }
    }

    /** The prefix in a used IPv6 slot (a new object). */
    public Ipv6Prefix v6PrefixAt(int i) {
        int o = i * V6_STRIDE;
        return Ipv6Prefix.of(v6[o], v6[o + 1], (int) (v6[o + 2] >>> 32) - 1);
    }

    /** The value in a used IPv6 slot. */
    @SuppressWarnings("unchecked")
    public V v6ValueAt(int i) {
        return (V) shared.get((int) v6[i * V6_STRIDE + 2]);
    }

    /** Replaces the value in a used IPv6 slot. */
    public void v6SetAt(int i, V value) {
        int o = i * V6_STRIDE + 2;
        // Acquired before the release: the same object stays under the same handle.
        int handle = shared.acquire(value);
        long m = v6[o];
        v6[o] = (m & 0xFFFFFFFF00000000L) | (handle & 0xFFFFFFFFL);
        shared.release((int) m);
    }

    @Override
    public String toString() {
        return "prefix table (" + shortSize + " IPv4 up to /24 in " + shortSlots.length + " slots, " + longSize
                + " longer in " + keys.length + " slots, " + v6Size + " IPv6 in " + v6Slots() + " slots)";
    }
}

package dev.jbgp.rib.internal;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.util.HashMap;
import java.util.Map;

/**
 * Values by prefix: IPv4 in an open-addressing table of primitive {@link Ipv4Prefix#key()}s (no
 * boxing, no entry objects), IPv6 in a map keyed by the {@link Ipv6Prefix} value. Confined to the RIB's
 * thread.
 *
 * <p>The IPv4 table is two parallel arrays (keys, values) probed linearly. It holds a full table in
 * 17 to 26 bytes per prefix, where Netty's {@code LongObjectHashMap} (load factor 0.5, power-of-two
 * sizes) needs 24 to 48: the capacity is not a power of two (the home slot is found by multiplying
 * the high half of the mixed key by the capacity), it grows by half when 70 % full, and removal shifts
 * the following entries back instead of leaving tombstones. The home slot is found from the address's /20
 * block mixed by the MurmurHash3 64-bit finaliser, plus the /24 inside it (see {@link #home}): in
 * {@link Ipv4Prefix#key()} the low bits are the length and the host part, the same for every /24 of a
 * table, so the raw key would cluster.
 *
 * <p>Slots are visible for iteration without an iterator object ({@link #v4Slots()},
 * {@link #v4Used(int)}, {@link #v4KeyAt(int)}, {@link #v4ValueAt(int)}); slot indexes stay valid until
 * the next insertion or removal, and {@link #v4SetAt(int, Object)} replaces a value in place.
 */
public final class PrefixTable<V> {

    /** Marks a used slot (an {@link Ipv4Prefix#key()} is 40 bits, and 0.0.0.0/0 has key 0). */
    private static final long USED = Long.MIN_VALUE;
    private static final int MIN_CAPACITY = 8;
    private static final long[] NO_KEYS = new long[0];
    private static final Object[] NO_VALUES = new Object[0];

    private static final long C1 = 0xff51afd7ed558ccdL;
    private static final long C2 = 0xc4ceb9fe1a85ec53L;

    /** Scrambles an {@link Ipv4Prefix#key()} (the MurmurHash3 64-bit finaliser). */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= C1;
        k ^= k >>> 33;
        k *= C2;
        return k ^ (k >>> 33);
    }

    private long[] keys = NO_KEYS;
    private Object[] values = NO_VALUES;
    private int v4Size;
    private int threshold;
    private final Map<Ipv6Prefix, V> v6 = new HashMap<>();

    /**
     * The home slot of a key in a table of {@code capacity} slots. For prefixes up to /24 the address's
     * /20 block is hashed and its sixteen /24s get consecutive home slots: the prefixes of one UPDATE are
     * usually neighbours in the address space, and so they share cache lines in the table instead of
     * costing a cache miss each. At most five prefixes (/20 to /24) share a home slot. Longer prefixes
     * (hundreds of /32s may sit in one /24) are hashed whole.
     */
    private static int home(long key, int capacity) {
        if ((key & 0xFF) > 24) {
            return (int) (((mix(key) >>> 32) * capacity) >>> 32);
        }
        long address = key >>> 8;
        int i = (int) (((mix(address >>> 12) >>> 32) * capacity) >>> 32) + (int) (address >>> 8 & 15);
        if (i >= capacity) {
            i -= capacity;
            if (i >= capacity) {
                i %= capacity; // only in tables of fewer than sixteen slots
            }
        }
        return i;
    }

    /**
     * The linear probe every lookup shares: from the home slot of {@code key} in {@code k} (a table
     * with at least one empty slot), the slot holding it, else {@code ~slot} of the first empty slot.
     * Static, allocation-free and small (well under the JIT's inlining limit for hot methods), so it is
     * inlined into each caller and the lookups cost what their hand-written loops cost.
     */
    private static int probe(long[] k, long key) {
        int cap = k.length;
        long stored = key | USED;
        int i = home(key, cap);
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
        if (keys.length == 0) {
            return -1;
        }
        int i = probe(keys, key);
        return i < 0 ? -1 : i;
    }

    /**
     * Looks {@code key} up for an insertion that may follow: returns its slot when present, else
     * {@code ~slot} of the empty slot where {@link #insertAt} puts it. Grows the table first when it is
     * full, so the slot stays valid until the next insertion or removal; one probe instead of two.
     */
    public int probeV4(long key) {
        if (v4Size >= threshold) {
            grow();
        }
        return probe(keys, key);
    }

    /** Inserts {@code key} into the empty slot {@link #probeV4} returned (as {@code ~slot}). */
    public void insertAt(int slot, long key, V value) {
        keys[slot] = key | USED;
        values[slot] = value;
        v4Size++;
    }

    public V get(Prefix p) {
        return p instanceof Ipv4Prefix ? getV4(((Ipv4Prefix) p).key()) : v6.get((Ipv6Prefix) p);
    }

    @SuppressWarnings("unchecked")
    public V getV4(long key) {
        int i = findV4(key);
        return i < 0 ? null : (V) values[i];
    }

    public void put(Prefix p, V value) {
        if (p instanceof Ipv4Prefix) {
            putV4(((Ipv4Prefix) p).key(), value);
        } else {
            v6.put((Ipv6Prefix) p, value);
        }
    }

    /** Maps {@code key} to {@code value} (not null); returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V putV4(long key, V value) {
        int i = probeV4(key);
        if (i < 0) {
            insertAt(~i, key, value);
            return null;
        }
        V old = (V) values[i];
        values[i] = value;
        return old;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        int cap = Math.max(MIN_CAPACITY, oldKeys.length + (oldKeys.length >> 1));
        long[] k = new long[cap];
        Object[] v = new Object[cap];
        for (int j = 0; j < oldKeys.length; j++) {
            long s = oldKeys[j];
            if (s != 0) {
                int i = home(s & ~USED, cap);
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
    @SuppressWarnings("unchecked")
    public V removeAt(int i) {
        long[] k = keys;
        Object[] v = values;
        int cap = k.length;
        V old = (V) v[i];
        int j = i;
        while (true) {
            if (++j == cap) {
                j = 0;
            }
            long s = k[j];
            if (s == 0) {
                break;
            }
            int h = home(s & ~USED, cap);
            // The entry at j may fill the hole at i unless its home lies cyclically in (i, j].
            boolean stays = i <= j ? i < h && h <= j : i < h || h <= j;
            if (!stays) {
                k[i] = s;
                v[i] = v[j];
                i = j;
            }
        }
        k[i] = 0;
        v[i] = null;
        v4Size--;
        return old;
    }

    public V remove(Prefix p) {
        return p instanceof Ipv4Prefix ? removeV4(((Ipv4Prefix) p).key()) : v6.remove((Ipv6Prefix) p);
    }

    public int size() {
        return v4Size + v6.size();
    }

    /** The number of IPv4 entries. */
    public int v4Size() {
        return v4Size;
    }

    /** The number of IPv4 slots (used or not), for iteration. */
    public int v4Slots() {
        return keys.length;
    }

    /** True when slot {@code i} holds an entry. */
    public boolean v4Used(int i) {
        return keys[i] != 0;
    }

    /** The {@link Ipv4Prefix#key()} in a used slot. */
    public long v4KeyAt(int i) {
        return keys[i] & ~USED;
    }

    /** The prefix in a used slot. */
    public Ipv4Prefix v4PrefixAt(int i) {
        return Ipv4Prefix.fromKey(keys[i] & ~USED);
    }

    /** The value in a used slot. */
    @SuppressWarnings("unchecked")
    public V v4ValueAt(int i) {
        return (V) values[i];
    }

    /** Replaces the value in a used slot. */
    public void v4SetAt(int i, V value) {
        values[i] = value;
    }

    /** Removes every entry, IPv4 and IPv6, and frees the IPv4 arrays. */
    public void clear() {
        keys = NO_KEYS;
        values = NO_VALUES;
        v4Size = 0;
        threshold = 0;
        v6.clear();
    }

    /** The IPv6 map. */
    public Map<Ipv6Prefix, V> v6() {
        return v6;
    }

    @Override
    public String toString() {
        return "prefix table (" + v4Size + " IPv4 in " + keys.length + " slots, " + v6.size() + " IPv6)";
    }
}

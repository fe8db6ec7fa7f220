package dev.jbgp.rib.internal;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.util.collection.LongObjectHashMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Destinations by prefix: IPv4 in a primitive {@link LongObjectHashMap} keyed by
 * {@link Ipv4Prefix#key()} (no boxing), IPv6 in a map keyed by the {@link Ipv6Prefix} value.
 * Confined to the RIB's thread.
 *
 * <p>The IPv4 keys are stored scrambled by an invertible mix (the MurmurHash3 64-bit finaliser):
 * {@code LongObjectHashMap} indexes by the low bits of {@code key ^ key >>> 32}, and in
 * {@link Ipv4Prefix#key()} those bits are the length and the host part, which are the same for every
 * /24 of a table; unmixed, a full table would probe linearly through one cluster. Iterating
 * {@link #v4()} yields stored keys: turn them back with {@link #prefixOf(long)} or {@link #keyOf(long)}.
 */
public final class PrefixTable<V> {

    private static final long C1 = 0xff51afd7ed558ccdL;
    private static final long C2 = 0xc4ceb9fe1a85ec53L;
    private static final long C1_INVERSE = inverse(C1);
    private static final long C2_INVERSE = inverse(C2);

    /** The multiplicative inverse modulo 2^64 of an odd number (Newton's iteration). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 6; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /** Scrambles an {@link Ipv4Prefix#key()} for storage (a bijection). */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= C1;
        k ^= k >>> 33;
        k *= C2;
        return k ^ (k >>> 33);
    }

    /** The {@link Ipv4Prefix#key()} a stored key was made from. */
    public static long keyOf(long stored) {
        long k = stored ^ (stored >>> 33);
        k *= C2_INVERSE;
        k ^= k >>> 33;
        k *= C1_INVERSE;
        return k ^ (k >>> 33);
    }

    /** The prefix a stored key was made from. */
    public static Ipv4Prefix prefixOf(long stored) {
        return Ipv4Prefix.fromKey(keyOf(stored));
    }

    private final LongObjectHashMap<V> v4 = new LongObjectHashMap<>();
    private final Map<Ipv6Prefix, V> v6 = new HashMap<>();

    public V get(Prefix p) {
        return p instanceof Ipv4Prefix ? v4.get(mix(((Ipv4Prefix) p).key())) : v6.get((Ipv6Prefix) p);
    }

    public V getV4(long key) {
        return v4.get(mix(key));
    }

    public void put(Prefix p, V value) {
        if (p instanceof Ipv4Prefix) {
            v4.put(mix(((Ipv4Prefix) p).key()), value);
        } else {
            v6.put((Ipv6Prefix) p, value);
        }
    }

    public void putV4(long key, V value) {
        v4.put(mix(key), value);
    }

    public V removeV4(long key) {
        return v4.remove(mix(key));
    }

    public V remove(Prefix p) {
        return p instanceof Ipv4Prefix ? v4.remove(mix(((Ipv4Prefix) p).key())) : v6.remove((Ipv6Prefix) p);
    }

    public int size() {
        return v4.size() + v6.size();
    }

    /** The IPv4 map; its keys are scrambled (see the class comment). */
    public LongObjectHashMap<V> v4() {
        return v4;
    }

    public Map<Ipv6Prefix, V> v6() {
        return v6;
    }
}

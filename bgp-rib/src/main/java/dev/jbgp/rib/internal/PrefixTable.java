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
 */
public final class PrefixTable<V> {

    private final LongObjectHashMap<V> v4 = new LongObjectHashMap<>();
    private final Map<Ipv6Prefix, V> v6 = new HashMap<>();

    public V get(Prefix p) {
        return p instanceof Ipv4Prefix ? v4.get(((Ipv4Prefix) p).key()) : v6.get((Ipv6Prefix) p);
    }

    public V getV4(long key) {
        return v4.get(key);
    }

    public void put(Prefix p, V value) {
        if (p instanceof Ipv4Prefix) {
            v4.put(((Ipv4Prefix) p).key(), value);
        } else {
            v6.put((Ipv6Prefix) p, value);
        }
    }

    public void putV4(long key, V value) {
        v4.put(key, value);
    }

    public V removeV4(long key) {
        return v4.remove(key);
    }

    public V remove(Prefix p) {
        return p instanceof Ipv4Prefix ? v4.remove(((Ipv4Prefix) p).key()) : v6.remove((Ipv6Prefix) p);
    }

    public int size() {
        return v4.size() + v6.size();
    }

    public LongObjectHashMap<V> v4() {
        return v4;
    }

    public Map<Ipv6Prefix, V> v6() {
        return v6;
    }
}

package dev.jbgp.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import io.netty.util.collection.LongObjectMap;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scrambled IPv4 keys of the prefix table round-trip, and iteration yields every prefix back. */
class PrefixTableTest {

    @Test
    void storedKeysTurnBackIntoTheirPrefixes() {
        long seed = 0x7AB1EL;
        Random rnd = new Random(seed);
        PrefixTable<String> t = new PrefixTable<>();
        Set<Ipv4Prefix> put = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            int len = rnd.nextInt(33);
            Ipv4Prefix p = Ipv4Prefix.of(rnd.nextInt() & Ipv4Prefix.mask(len), len);
            put.add(p);
            t.put(p, p.toString());
        }
        // Every /24 of a /8: the keys that collide without scrambling.
        for (int i = 0; i < 65536; i++) {
            Ipv4Prefix p = Ipv4Prefix.of(0x7F000000 | i << 8, 24);
            put.add(p);
            t.putV4(p.key(), p.toString());
        }
        assertEquals(put.size(), t.size(), "seed " + seed);
        Set<Ipv4Prefix> seen = new HashSet<>();
        for (LongObjectMap.PrimitiveEntry<String> e : t.v4().entries()) {
            Ipv4Prefix p = PrefixTable.prefixOf(e.key());
            assertEquals(p.toString(), e.value());
            seen.add(p);
        }
        assertEquals(put, seen);
        Ipv4Prefix any = put.iterator().next();
        assertSame(t.get(any), t.getV4(any.key()));
        t.removeV4(any.key());
        assertEquals(put.size() - 1, t.size());
        assertEquals(0x12345678L, PrefixTable.keyOf(mixedOf(0x12345678L)), "the mix is a bijection");
    }

    private static long mixedOf(long key) {
        PrefixTable<Boolean> one = new PrefixTable<>();
        one.putV4(key, true);
        return one.v4().entries().iterator().next().key();
    }
}

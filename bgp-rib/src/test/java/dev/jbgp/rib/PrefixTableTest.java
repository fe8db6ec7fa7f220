package dev.jbgp.rib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing prefix table against a {@link HashMap} model: puts, replacements and removals
 * (the backward shift) in random order, iteration over the slots, and the keys that cluster without
 * mixing (every /24 of a /8, 0.0.0.0/0 whose key is 0).
 */
class PrefixTableTest {

    @Test
    void iterationYieldsEveryPrefixBack() {
        long seed = 0x7AB1EL;
        Random rnd = new Random(seed);
        PrefixTable<String> t = new PrefixTable<>();
        Set<Ipv4Prefix> put = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            int len = 8 + rnd.nextInt(25);
            Ipv4Prefix p = Ipv4Prefix.of((0x7F000000 | rnd.nextInt() & 0xFFFFFF) & Ipv4Prefix.mask(len), len);
            put.add(p);
            t.put(p, p.toString());
        }
        // Every /24 of a /8: the keys that collide without mixing.
        for (int i = 0; i < 65536; i++) {
            Ipv4Prefix p = Ipv4Prefix.of(0x7F000000 | i << 8, 24);
            put.add(p);
            t.putV4(p.key(), p.toString());
        }
        Ipv4Prefix all = Ipv4Prefix.of(0, 0);
        put.add(all);
        t.put(all, all.toString());
        assertEquals(put.size(), t.size(), "seed " + seed);
        assertEquals(put.size(), t.v4Size());
        Set<Ipv4Prefix> seen = new HashSet<>();
        for (int i = 0; i < t.v4Slots(); i++) {
            if (t.v4Used(i)) {
                Ipv4Prefix p = t.v4PrefixAt(i);
                assertEquals(p.key(), t.v4KeyAt(i));
                assertEquals(p.toString(), t.v4ValueAt(i));
                seen.add(p);
            }
        }
        assertEquals(put, seen);
        assertSame(t.get(all), t.getV4(0));
        assertEquals(all.toString(), t.removeV4(all.key()));
        assertNull(t.get(all));
        assertEquals(put.size() - 1, t.size());
        t.clear();
        assertEquals(0, t.size());
        assertNull(t.getV4(Ipv4Prefix.of(0x7F000100, 24).key()));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 0xC0FFEE})
    void behavesLikeAMap(long seed) {
        Random rnd = new Random(seed);
        PrefixTable<Integer> t = new PrefixTable<>();
        Map<Long, Integer> model = new HashMap<>();
        List<Long> keys = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            int op = rnd.nextInt(10);
            long key;
            if (!keys.isEmpty() && rnd.nextInt(3) > 0) {
                key = keys.get(rnd.nextInt(keys.size()));
            } else {
                // A narrow space, so runs form and removals shift entries back across them.
                int len = 20 + rnd.nextInt(13);
                key = Ipv4Prefix.of(0x7F000000 | (rnd.nextInt(4096) << 8) & Ipv4Prefix.mask(len), len).key();
                keys.add(key);
            }
            if (op < 6) {
                assertEquals(model.put(key, step), t.putV4(key, step), "seed " + seed + " step " + step);
            } else if (op < 9) {
                assertEquals(model.remove(key), t.removeV4(key), "seed " + seed + " step " + step);
            } else {
                assertEquals(model.get(key), t.getV4(key), "seed " + seed + " step " + step);
            }
            assertEquals(model.size(), t.size(), "seed " + seed + " step " + step);
        }
        for (Map.Entry<Long, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), t.getV4(e.getKey()), "seed " + seed);
        }
        int used = 0;
        for (int i = 0; i < t.v4Slots(); i++) {
            if (t.v4Used(i)) {
                used++;
                assertEquals(model.get(t.v4KeyAt(i)), t.v4ValueAt(i), "seed " + seed);
            }
        }
        assertEquals(model.size(), used);
        assertTrue(t.v4Slots() * 0.7 >= used, "load factor bound");
    }

    /** Many /32s in one /24 (service addresses) and every prefix of a /20: probe runs stay short. */
    @Test
    void neighbouringPrefixesDoNotPileUpOnOneSlot() {
        PrefixTable<Integer> t = new PrefixTable<>();
        int n = 0;
        for (int i = 0; i < 65536; i++) {
            t.putV4(Ipv4Prefix.of(0x7F100000 + i, 32).key(), n++);
        }
        for (int len = 20; len <= 24; len++) {
            for (int a = 0x7F200000; a < 0x7F201000; a += 1 << (32 - len)) {
                t.putV4(Ipv4Prefix.of(a, len).key(), n++);
            }
        }
        assertEquals(n, t.size());
        int longest = 0;
        int run = 0;
        for (int i = 0; i < 2 * t.v4Slots(); i++) {
            run = t.v4Used(i % t.v4Slots()) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertTrue(longest < 200, "longest run of used slots: " + longest);
        assertEquals(0, t.getV4(Ipv4Prefix.of(0x7F100000, 32).key()));
    }

    /**
     * A table filled in another's slot order (a peer joining an update group gets the Loc-RIB that way)
     * must not receive its keys in its own home-slot order: with one hash for all tables it did, and they
     * piled into one probe run while the new table was the smaller (quadratic; the loopback transfer of a
     * full table fell from ~78,000 to ~2,300 prefixes/s). Checked on the cause ({@link SlotOrder}).
     */
    @Test
    void twoTablesDoNotShareASlotOrder() {
        PrefixTable<Integer> a = new PrefixTable<>();
        PrefixTable<Integer> b = new PrefixTable<>();
        for (int i = 0; i < 50_000; i++) {
            long key = Ipv4Prefix.of(0x0B000000 + (i << 8), 24).key();
            a.putV4(key, i);
            b.putV4(key, i);
        }
        Map<Long, Integer> slotInB = new HashMap<>();
        for (int i = 0; i < b.v4Slots(); i++) {
            if (b.v4Used(i)) {
                slotInB.put(b.v4KeyAt(i), i);
            }
        }
        List<Long> keysInA = new ArrayList<>();
        for (int i = 0; i < a.v4Slots(); i++) {
            if (a.v4Used(i)) {
                keysInA.add(a.v4KeyAt(i));
            }
        }
        SlotOrder.assertNotShared(keysInA, slotInB, 8); // a /21's eight /24s sit together
    }

    /**
     * A random IPv6 prefix from a narrow space, so probe runs form and removals shift entries back
     * across them: lengths 0..128 (with /0, /64 and /128 drawn often), the high halves from a few
     * values (many keys share one) and the low halves from a few too.
     */
    private static Ipv6Prefix randomV6(Random rnd) {
        int r = rnd.nextInt(12);
        int len = r == 0 ? 0 : r == 1 ? 128 : r == 2 ? 64 : rnd.nextInt(129);
        long high = 0x20010DB800000000L | (long) rnd.nextInt(64) << 16 | rnd.nextInt(4);
        long low = (long) rnd.nextInt(8) << 60 | rnd.nextInt(4);
        return Ipv6Prefix.of(high & Ipv6Prefix.highMask(len), low & Ipv6Prefix.lowMask(len), len);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 0xC0FFEE})
    void ipv6BehavesLikeAMap(long seed) {
        Random rnd = new Random(seed);
        PrefixTable<Integer> t = new PrefixTable<>();
        Map<Ipv6Prefix, Integer> model = new HashMap<>();
        List<Ipv6Prefix> keys = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            int op = rnd.nextInt(10);
            Ipv6Prefix p;
            if (!keys.isEmpty() && rnd.nextInt(3) > 0) {
                p = keys.get(rnd.nextInt(keys.size()));
            } else {
                p = randomV6(rnd);
                keys.add(p);
            }
            String at = "seed " + seed + " step " + step + " " + p;
            if (op < 6) {
                assertEquals(model.put(p, step), t.putV6(p.high(), p.low(), p.length(), step), at);
            } else if (op < 8) {
                assertEquals(model.remove(p), t.removeV6(p.high(), p.low(), p.length()), at);
            } else if (op < 9) {
                assertEquals(model.remove(p), t.remove(p), at);
            } else {
                assertEquals(model.get(p), t.get(p), at);
            }
            assertEquals(model.size(), t.size(), at);
            assertEquals(model.size(), t.v6Size(), at);
        }
        for (Map.Entry<Ipv6Prefix, Integer> e : model.entrySet()) {
            Ipv6Prefix p = e.getKey();
            assertEquals(e.getValue(), t.getV6(p.high(), p.low(), p.length()), "seed " + seed + " " + p);
        }
        Map<Ipv6Prefix, Integer> walked = new HashMap<>();
        for (int i = 0; i < t.v6Slots(); i++) {
            if (t.v6Used(i)) {
                Ipv6Prefix p = t.v6PrefixAt(i);
                assertEquals(p, Ipv6Prefix.of(t.v6HighAt(i), t.v6LowAt(i), t.v6LengthAt(i)));
                assertEquals(i, t.findV6(p.high(), p.low(), p.length()), "seed " + seed + " " + p);
                assertNull(walked.put(p, t.v6ValueAt(i)), "seed " + seed + ": " + p + " in two slots");
            }
        }
        assertEquals(model, walked, "seed " + seed);
        assertTrue(t.v6Slots() * 0.7 >= walked.size(), "load factor bound");
        assertEquals(0, t.v4Size(), "no IPv6 key went to the IPv4 tables");
    }

    @Test
    void ipv6IterationYieldsEveryPrefixBackAndSlotValuesCanBeReplaced() {
        long seed = 0x6AB1EL;
        Random rnd = new Random(seed);
        PrefixTable<String> t = new PrefixTable<>();
        Set<Ipv6Prefix> put = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            Ipv6Prefix p = randomV6(rnd);
            put.add(p);
            t.put(p, p.toString());
        }
        // Every /48 of a /32, the keys of one holder's allocations (equal in all but 16 bits).
        for (int i = 0; i < 65536; i++) {
            Ipv6Prefix p = Ipv6Prefix.of(0x20010DB900000000L | (long) i << 16, 0, 48);
            put.add(p);
            t.putV6(p.high(), p.low(), p.length(), p.toString());
        }
        Ipv6Prefix all = Ipv6Prefix.of(0, 0, 0);
        Ipv6Prefix host = Ipv6Prefix.of(0, 0, 128); // ::/128 differs from ::/0 by its length only
        put.add(all);
        put.add(host);
        t.put(all, "all");
        t.put(host, "host");
        assertEquals(put.size(), t.size(), "seed " + seed);
        Set<Ipv6Prefix> seen = new HashSet<>();
        for (int i = 0; i < t.v6Slots(); i++) {
            if (t.v6Used(i)) {
                Ipv6Prefix p = t.v6PrefixAt(i);
                assertEquals(p.equals(all) ? "all" : p.equals(host) ? "host" : p.toString(), t.v6ValueAt(i));
                seen.add(p);
            }
        }
        assertEquals(put, seen);
        assertEquals("all", t.get(all));
        assertEquals("host", t.get(host));
        int slot = t.findV6(0, 0, 0);
        t.v6SetAt(slot, "ALL");
        assertEquals("ALL", t.getV6(0, 0, 0));
        assertEquals("host", t.getV6(0, 0, 128));
        assertEquals("ALL", t.remove(all));
        assertNull(t.get(all));
        assertEquals(-1, t.findV6(0, 0, 0));
        assertEquals("host", t.get(host));
        assertEquals(put.size() - 1, t.size());
        t.clear();
        assertEquals(0, t.size());
        assertEquals(0, t.v6Slots());
        assertNull(t.get(host));
    }

    @Test
    void ipv6GoesToItsTableAndSlotValuesCanBeReplaced() {
        PrefixTable<String> t = new PrefixTable<>();
        Ipv6Prefix six = Ipv6Prefix.of(0, 1, 128); // ::1
        t.put(six, "six");
        Ipv4Prefix four = Ipv4Prefix.of(0x7F000000, 8);
        t.put(four, "four");
        assertEquals(2, t.size());
        assertEquals("six", t.get(six));
        int slot = t.findV4(four.key());
        t.v4SetAt(slot, "FOUR");
        assertEquals("FOUR", t.get(four));
        assertEquals("six", t.remove(six));
        assertEquals(-1, t.findV4(Ipv4Prefix.of(0x7F000000, 9).key()));
    }
}

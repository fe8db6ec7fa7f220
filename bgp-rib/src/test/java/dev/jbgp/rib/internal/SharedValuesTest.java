package dev.jbgp.rib.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SharedValues} and the {@link PrefixTable} slots that refer to values through it. */
class SharedValuesTest {

    @Test
    void consecutiveAcquiresOfOneObjectShareAHandleUntilItsLastRelease() {
        SharedValues v = new SharedValues();
        String route = "route of one UPDATE";
        int h = v.acquire(route);
        assertEquals(h, v.acquire(route));
        assertEquals(h, v.acquire(route));
        assertEquals(1, v.inUse());
        int other = v.acquire("another");
        assertNotEquals(h, other);
        assertEquals(2, v.inUse());
        v.release(h);
        v.release(h);
        assertSame(route, v.get(h), "one reference left");
        v.release(h);
        assertEquals(1, v.inUse());
        // The freed handle is reused, and the value acquired last no longer answers for it.
        String third = "third";
        assertEquals(h, v.acquire(third));
        assertSame(third, v.get(h));
        assertSame("another", v.get(other));
    }

    @Test
    void theSameObjectAcquiredApartGetsItsOwnHandle() {
        SharedValues v = new SharedValues();
        String a = "a";
        int first = v.acquire(a);
        v.acquire("b");
        int second = v.acquire(a);
        assertNotEquals(first, second);
        v.release(first);
        assertSame(a, v.get(second));
        assertEquals(2, v.inUse());
    }

    static LongStream seeds() {
        return Seeds.series(0x5EED_0001L, 4);
    }

    /**
     * The table against a map, with values drawn from a few objects put in runs (as the prefixes of
     * one UPDATE share a route) and replaced in place: every lookup answers the model's object, and
     * once every prefix is gone no handle is left in use.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void slotsReferToTheirValuesAndFreeThemOnRemoval(long seed) {
        Random rnd = new Random(seed);
        PrefixTable<Object> t = new PrefixTable<>();
        Map<Long, Object> model = new HashMap<>();
        Object[] values = new Object[8];
        for (int i = 0; i < values.length; i++) {
            values[i] = new Object();
        }
        Object current = values[0];
        for (int step = 0; step < 100_000; step++) {
            if (rnd.nextInt(16) == 0) {
                current = values[rnd.nextInt(values.length)];
            }
            int len = 16 + rnd.nextInt(17);
            long key = Ipv4Prefix.of(0x7F000000 | (rnd.nextInt(1 << 14) << 8) & Ipv4Prefix.mask(len), len).key();
            int op = rnd.nextInt(10);
            String where = "seed " + seed + " step " + step;
            if (op < 5) {
                assertSame(model.put(key, current), t.putV4(key, current), where);
            } else if (op < 7) {
                int slot = t.findV4(key);
                if (slot >= 0) {
                    t.v4SetAt(slot, current);
                    model.put(key, current);
                }
            } else if (op < 9) {
                assertSame(model.remove(key), t.removeV4(key), where);
            } else {
                assertSame(model.get(key), t.getV4(key), where);
            }
        }
        for (Map.Entry<Long, Object> e : model.entrySet()) {
            assertSame(e.getValue(), t.getV4(e.getKey()), "seed " + seed);
        }
        for (Long key : model.keySet()) {
            t.removeV4(key);
        }
        assertEquals(0, t.size(), "seed " + seed);
        assertEquals(0, t.distinctValues(), "seed " + seed + ": a removal kept its value's handle");
    }

    /** The same for IPv6 slots, which share the table's {@link SharedValues} with the IPv4 ones. */
    @ParameterizedTest
    @MethodSource("seeds")
    void ipv6SlotsReferToTheirValuesAndFreeThemOnRemoval(long seed) {
        Random rnd = new Random(seed);
        PrefixTable<Object> t = new PrefixTable<>();
        Map<Ipv6Prefix, Object> model = new HashMap<>();
        Object[] values = new Object[8];
        for (int i = 0; i < values.length; i++) {
            values[i] = new Object();
        }
        Object current = values[0];
        for (int step = 0; step < 100_000; step++) {
            if (rnd.nextInt(16) == 0) {
                current = values[rnd.nextInt(values.length)];
            }
            int len = 32 + rnd.nextInt(97);
            Ipv6Prefix p = Ipv6Prefix.of(0x20010DB800000000L + ((long) rnd.nextInt(1 << 12) << 16)
                    & Ipv6Prefix.highMask(len), (long) rnd.nextInt(4) << 62 & Ipv6Prefix.lowMask(len), len);
            int op = rnd.nextInt(10);
            String where = "seed " + seed + " step " + step;
            if (op < 5) {
                assertSame(model.put(p, current), t.putV6(p.high(), p.low(), p.length(), current), where);
            } else if (op < 7) {
                int slot = t.findV6(p.high(), p.low(), p.length());
                if (slot >= 0) {
                    t.v6SetAt(slot, current);
                    model.put(p, current);
                }
            } else if (op < 9) {
                assertSame(model.remove(p), t.removeV6(p.high(), p.low(), p.length()), where);
            } else {
                assertSame(model.get(p), t.get(p), where);
            }
        }
        for (Map.Entry<Ipv6Prefix, Object> e : model.entrySet()) {
            assertSame(e.getValue(), t.get(e.getKey()), "seed " + seed);
        }
        for (Ipv6Prefix p : model.keySet()) {
            t.remove(p);
        }
        assertEquals(0, t.size(), "seed " + seed);
        assertEquals(0, t.distinctValues(), "seed " + seed + ": a removal kept its value's handle");
    }
}

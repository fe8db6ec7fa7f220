package dev.jbgp.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** The speaker's per-prefix change times: one second resolution, and the open-addressed IPv4 table against a HashMap. */
class LocRibAgesTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long NANOS = 1_000_000_000L;

    @Test
    void keepsTheLastChangeToTheSecondAndForgetsRemovedPrefixes() {
        LocRibAges ages = new LocRibAges(START, 5 * NANOS);
        Prefix v4 = LocalRoute.parsePrefix("127.1.0.0/16");
        Prefix v6 = LocalRoute.parsePrefix("2001:db8::/32");
        ages.changed(v4, 5 * NANOS + 1);
        ages.changed(v6, 7 * NANOS + NANOS / 2);
        assertEquals(Optional.of(START), ages.lastChanged(v4));
        assertEquals(Optional.of(START.plusSeconds(2)), ages.lastChanged(v6), "truncated to the second");
        ages.changed(v4, 65 * NANOS);
        assertEquals(Optional.of(START.plusSeconds(60)), ages.lastChanged(v4), "a later change moves it");
        ages.removed(v4);
        ages.removed(v6);
        assertEquals(Optional.empty(), ages.lastChanged(v4));
        assertEquals(Optional.empty(), ages.lastChanged(v6));
        assertEquals(0, ages.size());
        // 0.0.0.0/0 has key 0: still a prefix like any other.
        Prefix def = LocalRoute.parsePrefix("0.0.0.0/0");
        ages.changed(def, 6 * NANOS);
        assertEquals(Optional.of(START.plusSeconds(1)), ages.lastChanged(def));
    }

    /** Random puts and removes over a small key space (many collisions and shifts), checked against a HashMap. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261126})
    void ipv4TableAgreesWithAHashMap(long seed) {
        Random rnd = new Random(seed);
        LocRibAges ages = new LocRibAges(START, 0);
        Map<Prefix, Instant> model = new HashMap<>();
        try {
            for (int step = 0; step < 20_000; step++) {
                Prefix p = rnd.nextInt(10) == 0
                        ? Ipv6Prefix.of(0x20010db8_00000000L | rnd.nextInt(64), 0, 64)
                        : Ipv4Prefix.of(rnd.nextInt(2000) << 8, 24);
                if (rnd.nextInt(3) == 0) {
                    ages.removed(p);
                    model.remove(p);
                } else {
                    long second = rnd.nextInt(100_000);
                    ages.changed(p, second * NANOS);
                    model.put(p, START.plusSeconds(second));
                }
                if (step % 97 == 0) {
                    assertEquals(model.size(), ages.size(), "size at step " + step);
                }
            }
            for (int a = 0; a < 2000; a++) {
                Prefix p = Ipv4Prefix.of(a << 8, 24);
                assertEquals(Optional.ofNullable(model.get(p)), ages.lastChanged(p), p.toString());
            }
            for (Map.Entry<Prefix, Instant> e : model.entrySet()) {
                assertEquals(Optional.of(e.getValue()), ages.lastChanged(e.getKey()));
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }
}

package dev.jbgp.rib.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prefix lists: an entry is a covering prefix plus a length range {@code ge..le}; {@code ge} alone runs
 * to the family's longest length, an entry without a range matches only its own prefix. The usual
 * router semantics (FRR/Cisco {@code ip prefix-list}), checked at the edges of each range.
 */
class PrefixListTest {

    private static Prefix p(String text) {
        return Prefix.parse(text);
    }

    @Test
    void geAloneRunsToThirtyTwo() {
        PrefixList list = PrefixList.parse("127.16.0.0/12 ge 20");
        assertEquals(List.of(new PrefixList.Entry(p("127.16.0.0/12"), 20, 32)), list.entries());
        assertTrue(list.matches(p("127.16.0.0/20")), "ge is inclusive");
        assertTrue(list.matches(p("127.31.255.0/24")), "the last /24 inside the /12");
        assertTrue(list.matches(p("127.20.1.1/32")), "a host route is inside ge 20 (le 32)");
        assertFalse(list.matches(p("127.16.0.0/19")), "one bit shorter than ge");
        assertFalse(list.matches(p("127.16.0.0/12")), "the covering prefix itself is shorter than ge");
        assertFalse(list.matches(p("127.32.0.0/20")), "right length, outside the /12");
        assertFalse(list.matches(p("127.15.255.0/24")), "right length, just below the /12");
    }

    @Test
    void geAndLeTogetherBoundTheLengthOnBothSides() {
        PrefixList list = PrefixList.parse("127.16.0.0/12 ge 16 le 24");
        assertEquals(List.of(new PrefixList.Entry(p("127.16.0.0/12"), 16, 24)), list.entries());
        assertTrue(list.matches(p("127.16.0.0/16")));
        assertTrue(list.matches(p("127.17.128.0/20")));
        assertTrue(list.matches(p("127.31.255.0/24")));
        assertFalse(list.matches(p("127.16.0.0/15")), "shorter than ge");
        assertFalse(list.matches(p("127.16.0.0/25")), "longer than le");
        assertFalse(list.matches(p("127.16.0.1/32")));
        assertFalse(list.matches(p("127.48.0.0/16")), "outside the /12");
        // The order of ge and le in the text does not matter.
        assertEquals(list.entries(), PrefixList.parse("127.16.0.0/12 le 24 ge 16").entries());
    }

    @Test
    void leAloneStartsAtThePrefixLength() {
        PrefixList list = PrefixList.parse("127.16.0.0/12 le 14");
        assertEquals(List.of(new PrefixList.Entry(p("127.16.0.0/12"), 12, 14)), list.entries());
        assertTrue(list.matches(p("127.16.0.0/12")));
        assertTrue(list.matches(p("127.28.0.0/14")));
        assertFalse(list.matches(p("127.28.0.0/15")));
        assertFalse(list.matches(p("127.0.0.0/11")), "a shorter covering prefix is not inside the entry");
    }

    @Test
    void withoutARangeOnlyThePrefixItselfMatches() {
        PrefixList list = PrefixList.parse("127.16.0.0/12");
        assertEquals(List.of(new PrefixList.Entry(p("127.16.0.0/12"), 12, 12)), list.entries());
        assertTrue(list.matches(p("127.16.0.0/12")));
        assertFalse(list.matches(p("127.16.0.0/13")), "a more specific is not an exact match");
        assertFalse(list.matches(p("127.0.0.0/11")), "nor is a less specific");
        assertFalse(list.matches(p("127.32.0.0/12")), "nor the neighbouring /12");
    }

    @Test
    void geEqualToThePrefixLengthIncludesThePrefixAndEveryMoreSpecific() {
        PrefixList list = PrefixList.parse("127.16.0.0/12 ge 12");
        assertEquals(List.of(new PrefixList.Entry(p("127.16.0.0/12"), 12, 32)), list.entries());
        assertTrue(list.matches(p("127.16.0.0/12")));
        assertTrue(list.matches(p("127.31.255.255/32")));
        assertFalse(list.matches(p("127.0.0.0/11")));
    }

    @Test
    void leThirtyTwoIsTheUpperEdge() {
        PrefixList list = PrefixList.parse("127.16.0.0/12 le 32");
        assertEquals(List.of(new PrefixList.Entry(p("127.16.0.0/12"), 12, 32)), list.entries());
        assertTrue(list.matches(p("127.16.0.0/12")));
        assertTrue(list.matches(p("127.16.0.0/32")));
        assertTrue(list.matches(p("127.31.255.255/32")));
        assertFalse(list.matches(p("127.32.0.0/32")));
        PrefixList hosts = PrefixList.parse("127.16.0.0/12 ge 32");
        assertEquals(List.of(new PrefixList.Entry(p("127.16.0.0/12"), 32, 32)), hosts.entries());
        assertTrue(hosts.matches(p("127.16.0.7/32")));
        assertFalse(hosts.matches(p("127.16.0.6/31")), "ge 32 means host routes only");
        PrefixList host = PrefixList.parse("127.0.0.1/32");
        assertTrue(host.matches(p("127.0.0.1/32")));
        assertFalse(host.matches(p("127.0.0.2/32")));
    }

    @Test
    void anyEntryOfTheListMatches() {
        PrefixList list = PrefixList.parse("127.16.0.0/12 ge 24 le 24", "127.64.0.0/10", "127.128.0.0/9 ge 30");
        assertEquals(3, list.entries().size());
        assertTrue(list.matches(p("127.17.0.0/24")));
        assertTrue(list.matches(p("127.64.0.0/10")));
        assertTrue(list.matches(p("127.200.0.4/30")));
        assertFalse(list.matches(p("127.17.0.0/23")));
        assertFalse(list.matches(p("127.64.0.0/11")));
        assertFalse(list.matches(p("127.200.0.0/29")));
        assertFalse(PrefixList.of(List.of()).matches(p("127.0.0.0/8")), "the empty list matches nothing");
    }

    @Test
    void ipv6EntriesMatchIpv6PrefixesOnlyAndGeRunsTo128() {
        PrefixList list = PrefixList.parse("::127.64.0.0/112 ge 120");
        assertEquals(List.of(new PrefixList.Entry(p("::127.64.0.0/112"), 120, 128)), list.entries());
        assertTrue(list.matches(p("::127.64.1.0/120")));
        assertTrue(list.matches(p("::127.64.255.1/128")));
        assertFalse(list.matches(p("::127.64.0.0/119")), "shorter than ge");
        assertFalse(list.matches(p("::127.65.1.0/120")), "outside the /112");
        assertFalse(list.matches(p("127.64.1.0/24")), "an IPv4 prefix never matches an IPv6 entry");
        assertFalse(PrefixList.parse("127.0.0.0/8 le 32").matches(p("::127.64.1.0/120")),
                "nor an IPv6 prefix an IPv4 entry");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "127.16.0.0/12 ge 8",      // ge below the prefix length
        "127.16.0.0/12 le 8",      // le below the prefix length
        "127.16.0.0/12 ge 24 le 16",
        "127.16.0.0/12 le 33",
        "127.16.0.0/12 ge 33",
        "::127.64.0.0/112 le 129",
        "127.16.0.0/12 ge",        // a keyword without its value
        "127.16.0.0/12 eq 16",     // an unknown keyword
        "127.16.0.1/12",           // host bits set
    })
    void badEntriesAreRefusedWhenParsed(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrefixList.parse(text));
        assertFalse(e.getMessage().isEmpty());
    }

    @Test
    void entriesCheckTheirRange() {
        assertThrows(IllegalArgumentException.class, () -> new PrefixList.Entry(p("127.16.0.0/12"), 11, 32));
        assertThrows(IllegalArgumentException.class, () -> new PrefixList.Entry(p("127.16.0.0/12"), 20, 19));
        assertThrows(IllegalArgumentException.class, () -> new PrefixList.Entry(p("127.16.0.0/12"), 12, 33));
        PrefixList.Entry e = new PrefixList.Entry(p("127.16.0.0/12"), 12, 32);
        assertEquals(12, e.ge());
        assertEquals(32, e.le());
    }

    static LongStream seeds() {
        return Seeds.series(0x70666C73L, 6);
    }

    /**
     * Against a model written differently (comparing the leading bits by shifting rather than masking):
     * random IPv4 entries and prefixes inside 127.0.0.0/8, so that "inside" and "outside" both happen.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void matchesAgreesWithABitByBitModel(long seed) {
        Random rnd = new Random(seed);
        for (int n = 0; n < 300; n++) {
            int entryLength = 8 + rnd.nextInt(25);
            int ge = entryLength + rnd.nextInt(33 - entryLength);
            int le = ge + rnd.nextInt(33 - ge);
            Ipv4Prefix entryPrefix = Ipv4Prefix.of(random127(rnd) & Ipv4Prefix.mask(entryLength), entryLength);
            PrefixList.Entry entry = new PrefixList.Entry(entryPrefix, ge, le);
            for (int k = 0; k < 20; k++) {
                int length = 8 + rnd.nextInt(25);
                // Half of the candidates start inside the entry's prefix.
                int address = rnd.nextBoolean()
                        ? entryPrefix.address() | (random127(rnd) & ~Ipv4Prefix.mask(entryLength))
                        : random127(rnd);
                Ipv4Prefix candidate = Ipv4Prefix.of(address & Ipv4Prefix.mask(length), length);
                boolean inside = length >= entryLength
                        && (candidate.address() >>> (32 - entryLength)) == (entryPrefix.address() >>> (32 - entryLength));
                boolean expected = inside && length >= ge && length <= le;
                assertEquals(expected, entry.matches(candidate), "seed " + seed + ": " + entry + " vs " + candidate);
                assertEquals(expected, PrefixList.of(List.of(entry)).matches(candidate), "seed " + seed);
            }
        }
    }

    /** A random address inside 127.0.0.0/8. */
    private static int random127(Random rnd) {
        return 127 << 24 | rnd.nextInt(1 << 24);
    }
}

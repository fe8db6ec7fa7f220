package dev.jbgp.rib;

import dev.jbgp.wire.attr.AsPathSegment;

import static dev.jbgp.rib.Fixtures.addr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathAttributesTest {

    @Test
    void pathLengthCountsSetAsOneAndConfederationAsZero() {
        PathAttributes a = PathAttributes.builder().asPath(
                AsPathSegment.of(AsPathSegment.AS_CONFED_SEQUENCE, 64512, 64513),
                AsPathSegment.sequence(65001, 65002),
                AsPathSegment.set(65003, 65004, 65005)).build();
        assertEquals(3, a.asPathLength());
        assertEquals(65001, a.neighbourAs(), "confederation segments are skipped for the neighbour AS");
        assertEquals(65005, a.originAs());
        assertTrue(a.containsAs(65004));
        assertFalse(a.containsAs(65000));
    }

    @Test
    void emptyPathHasNoNeighbourAs() {
        PathAttributes a = PathAttributes.builder().build();
        assertEquals(0, a.asPathLength());
        assertEquals(0, a.neighbourAs());
        assertEquals(0, a.originAs());
    }

    @Test
    void prependFillsLeadingSequenceThenStartsNewSegmentsOf255() {
        PathAttributes a = PathAttributes.builder().asSequence(new long[250]).build();
        PathAttributes p = a.toBuilder().prepend(65000, 300).build();
        List<AsPathSegment> segs = p.asPath();
        assertEquals(550, p.asPathLength());
        int total = 0;
        for (AsPathSegment s : segs) {
            assertTrue(s.size() <= AsPathSegment.MAX_LENGTH, "segment of " + s.size());
            assertEquals(AsPathSegment.AS_SEQUENCE, s.type());
            total += s.size();
        }
        assertEquals(550, total);
        assertEquals(300, p.countAs(65000));
        assertEquals(65000, p.neighbourAs());
        // The leading 300 ASNs come before the original 250 zeros.
        long[] flat = new long[550];
        int i = 0;
        for (AsPathSegment s : segs) {
            for (long asn : s.asns()) {
                flat[i++] = asn;
            }
        }
        for (int j = 0; j < 300; j++) {
            assertEquals(65000, flat[j]);
        }
        for (int j = 300; j < 550; j++) {
            assertEquals(0, flat[j]);
        }
    }

    @Test
    void prependBeforeSetStartsNewSequence() {
        PathAttributes a = PathAttributes.builder().asPath(AsPathSegment.set(1, 2)).build().toBuilder()
                .prepend(65000, 2).build();
        assertEquals(List.of(AsPathSegment.sequence(65000, 65000), AsPathSegment.set(1, 2)), a.asPath());
        assertEquals(3, a.asPathLength());
    }

    @Test
    void equalSetsAreEqualWithEqualHashAndBuilderCopiesArrays() {
        int[] comms = {0x00010002};
        PathAttributes a = PathAttributes.builder().nextHop(addr("127.0.0.1")).asSequence(1, 2).med(5)
                .communities(comms).addLargeCommunity(1, 2, 3).build();
        comms[0] = 7;
        PathAttributes b = PathAttributes.builder().nextHop(addr("127.0.0.1")).asSequence(1, 2).med(5)
                .communities(0x00010002).addLargeCommunity(1, 2, 3).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertArrayEquals(new int[] {0x00010002}, a.communities());
        assertNotEquals(a, b.toBuilder().med(6).build());
        assertNotEquals(a, b.toBuilder().weight(1).build());
        assertNotEquals(a, b.toBuilder().passThrough(new byte[] {1}).build());
    }

    @Test
    void communityEditsAreSetLike() {
        PathAttributes a = PathAttributes.builder().addCommunity(1).addCommunity(2).addCommunity(1)
                .removeCommunity(3).build();
        assertArrayEquals(new int[] {1, 2}, a.communities());
        PathAttributes b = a.toBuilder().removeCommunity(1).addLargeCommunity(1, 2, 3).addLargeCommunity(4, 5, 6)
                .removeLargeCommunity(1, 2, 3).build();
        assertArrayEquals(new int[] {2}, b.communities());
        assertArrayEquals(new int[] {4, 5, 6}, b.largeCommunities());
        assertArrayEquals(new int[] {1, 2}, a.communities(), "the original is unchanged");
    }

    @Test
    void optionalFieldsReportAbsence() {
        PathAttributes a = PathAttributes.builder().build();
        assertFalse(a.hasMed());
        assertEquals(7, a.med(7));
        assertFalse(a.hasLocalPref());
        assertEquals(100, a.localPref(100));
        assertFalse(a.hasOriginatorId());
        assertTrue(a.nextHop().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PathAttributes.builder().med(-1));
        assertThrows(IllegalArgumentException.class, () -> PathAttributes.builder().origin(3));
        assertThrows(IllegalArgumentException.class, () -> PathAttributes.builder().largeCommunities(1, 2));
    }

    @Test
    void internerCountsReferencesAndForgetsAtZero() {
        AttributeInterner in = new AttributeInterner();
        PathAttributes a = PathAttributes.builder().asSequence(1).build();
        PathAttributes b = PathAttributes.builder().asSequence(1).build();
        PathAttributes ca = in.intern(a);
        PathAttributes cb = in.intern(b);
        assertTrue(ca == cb, "equal sets share one instance");
        assertEquals(2, in.referenceCount(a));
        in.release(ca);
        assertEquals(1, in.size());
        in.release(cb);
        assertEquals(0, in.size());
        assertThrows(IllegalStateException.class, () -> in.release(ca));
    }
}

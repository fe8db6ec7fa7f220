package dev.jbgp.rib.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.PeerId;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The policy building blocks one by one, evaluated through {@link Policy#apply}: the matches
 * ({@code asPathContains}, {@code neighbour}, {@code largeCommunity}, {@code community}) and the actions
 * ({@code setNextHop}, the RFC 1997 and RFC 8092 community actions, {@code clearMed}), and the rule that
 * matches see the attributes as they entered the policy while actions accumulate.
 */
class PolicyTest {

    private static final long LOCAL_AS = 65000;
    private static final Prefix P = Prefix.parse("127.70.0.0/16");
    private static final PeerId FROM = PeerId.external(addr("127.0.0.2"), 65001, ip4("127.1.0.2"));
    private static final PeerId OTHER = PeerId.external(addr("127.0.0.3"), 65001, ip4("127.1.0.3"));
    /** A 4-octet value above 2^31 (as an AS number and in large communities), so signed/unsigned mix-ups show. */
    private static final long BIG = 4_200_000_000L;

    private static InetAddress addr(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static int ip4(String text) {
        byte[] b = addr(text).getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    private static PathAttributes route() {
        return PathAttributes.builder().nextHop(addr("127.0.0.2")).asSequence(65001, 65010, BIG)
                .med(50).communities(0xFDE90001, 0xFDE90002)
                .largeCommunities((int) BIG, 7, 9, 65001, 1, 1).build();
    }

    /** The attributes a policy of one accepting term with {@code actions} makes of {@link #route()}. */
    private static PathAttributes applied(Action... actions) {
        return Policy.of("t", Term.accept(Match.any(), actions)).apply(P, route(), FROM, LOCAL_AS).orElseThrow();
    }

    private static boolean accepts(Match m, PathAttributes a, PeerId from) {
        return Policy.of("m", Term.accept(m)).apply(P, a, from, LOCAL_AS).isPresent();
    }

    // ---------------------------------------------------------------- matches

    @Test
    void asPathContainsLooksAtEverySegmentAndUnsignedAsNumbers() {
        PathAttributes a = route();
        assertTrue(Match.asPathContains(65001).matches(P, a, FROM), "the neighbour AS");
        assertTrue(Match.asPathContains(65010).matches(P, a, FROM), "an AS in the middle");
        assertTrue(Match.asPathContains(BIG).matches(P, a, FROM), "a 4-octet AS above 2^31, the origin");
        assertFalse(Match.asPathContains(65011).matches(P, a, FROM));
        assertFalse(Match.asPathContains(LOCAL_AS).matches(P, a, FROM));
        PathAttributes withSet = PathAttributes.builder().asPath(AsPathSegment.sequence(65001),
                AsPathSegment.set(65020, 65021)).build();
        assertTrue(Match.asPathContains(65021).matches(P, withSet, FROM), "an AS inside an AS_SET");
        assertFalse(Match.asPathContains(65001).matches(P, PathAttributes.builder().build(), FROM),
                "the empty path contains nothing");
        assertTrue(accepts(Match.asPathContains(65010), a, FROM));
        assertFalse(accepts(Match.asPathContains(65012), a, FROM));
    }

    @Test
    void neighbourMatchesThatPeerOnly() {
        PathAttributes a = route();
        assertTrue(Match.neighbour(FROM).matches(P, a, FROM));
        assertTrue(Match.neighbour(PeerId.external(addr("127.0.0.2"), 65001, ip4("127.1.0.2"))).matches(P, a, FROM),
                "an equal PeerId is the same peer");
        assertFalse(Match.neighbour(OTHER).matches(P, a, FROM), "same AS, another peer");
        assertFalse(Match.neighbour(PeerId.external(addr("127.0.0.2"), 65001, ip4("127.1.0.9"))).matches(P, a, FROM),
                "same address, another BGP Identifier: another session");
        assertFalse(Match.neighbour(PeerId.internal(addr("127.0.0.2"), LOCAL_AS, ip4("127.1.0.2"), false))
                .matches(P, a, FROM));
        PeerId self = PeerId.local(LOCAL_AS, ip4("127.0.0.1"));
        assertTrue(Match.neighbour(self).matches(P, a, self), "locally originated routes come from the speaker");
        assertFalse(Match.neighbour(FROM).matches(P, a, self));
    }

    @Test
    void largeCommunityNeedsAllThreeFields() {
        PathAttributes a = route();
        assertTrue(Match.largeCommunity(BIG, 7, 9).matches(P, a, FROM));
        assertTrue(Match.largeCommunity(65001, 1, 1).matches(P, a, FROM));
        assertFalse(Match.largeCommunity(BIG, 7, 8).matches(P, a, FROM), "local data 2 differs");
        assertFalse(Match.largeCommunity(BIG, 8, 9).matches(P, a, FROM), "local data 1 differs");
        assertFalse(Match.largeCommunity(65002, 7, 9).matches(P, a, FROM), "global administrator differs");
        assertFalse(Match.largeCommunity(7, 9, 65001).matches(P, a, FROM), "not a window across two communities");
        assertFalse(Match.largeCommunity(BIG, 7, 9).matches(P, PathAttributes.builder().build(), FROM));
    }

    @Test
    void communityByValueAndByHalves() {
        PathAttributes a = route();
        assertTrue(Match.community(0xFDE90002).matches(P, a, FROM));
        assertTrue(Match.community(65001, 2).matches(P, a, FROM), "65001:2 is 0xFDE90002");
        assertFalse(Match.community(65001, 3).matches(P, a, FROM));
    }

    @Test
    void combinedMatches() {
        PathAttributes a = route();
        Match both = Match.neighbour(FROM).and(Match.largeCommunity(65001, 1, 1));
        assertTrue(both.matches(P, a, FROM));
        assertFalse(both.matches(P, a, OTHER));
        Match either = Match.neighbour(OTHER).or(Match.asPathContains(65010));
        assertTrue(either.matches(P, a, FROM));
        assertFalse(either.negate().matches(P, a, FROM));
        assertTrue(Match.neighbour(OTHER).negate().matches(P, a, FROM));
    }

    // ---------------------------------------------------------------- actions

    @Test
    void setNextHopReplacesItAndLeavesTheInputAlone() {
        PathAttributes in = route();
        PathAttributes out = Policy.of("nh", Term.accept(Match.any(), Action.setNextHop(addr("127.0.0.50"))))
                .apply(P, in, FROM, LOCAL_AS).orElseThrow();
        assertEquals(addr("127.0.0.50"), out.nextHop().orElseThrow());
        assertEquals(addr("127.0.0.2"), in.nextHop().orElseThrow(), "attribute sets are immutable");
        assertEquals(in.toBuilder().nextHop(addr("127.0.0.50")).build(), out, "nothing else changed");
        PathAttributes none = PathAttributes.builder().asSequence(65001).build();
        assertEquals(addr("::127.0.0.51"), Policy.of("nh6", Term.accept(Match.any(), Action.setNextHop(addr("::127.0.0.51"))))
                .apply(P, none, FROM, LOCAL_AS).orElseThrow().nextHop().orElseThrow(), "an IPv6 next hop where there was none");
    }

    @Test
    void addCommunityAppendsOnceAndKeepsTheOthers() {
        assertArrayEquals(new int[] {0xFDE90001, 0xFDE90002, 0xFDE80064}, applied(Action.addCommunity(0xFDE80064)).communities());
        assertArrayEquals(new int[] {0xFDE90001, 0xFDE90002}, applied(Action.addCommunity(0xFDE90001)).communities(),
                "RFC 1997 communities are a set: adding one present changes nothing");
        assertArrayEquals(new int[] {0xFDE90001, 0xFDE90002, 0xFFFFFF01},
                applied(Action.addCommunity(0xFFFFFF01), Action.addCommunity(0xFFFFFF01)).communities(),
                "NO_EXPORT (RFC 1997) once, even when added twice");
        assertTrue(applied(Action.addCommunity(0xFDE80064)).hasCommunity(0xFDE80064));
    }

    @Test
    void replaceCommunitiesReplacesAllAndNoneRemovesAll() {
        assertArrayEquals(new int[] {0xFDE80001, 0xFDE80002},
                applied(Action.replaceCommunities(0xFDE80001, 0xFDE80002)).communities());
        assertArrayEquals(new int[0], applied(Action.replaceCommunities()).communities());
        int[] given = {0xFDE80005};
        Action a = Action.replaceCommunities(given);
        given[0] = 0xFDE80006;
        assertArrayEquals(new int[] {0xFDE80005}, applied(a).communities(), "the action copied its argument");
        // Replace then add: actions apply in order.
        assertArrayEquals(new int[] {0xFDE80001, 0xFDE80002},
                applied(Action.replaceCommunities(0xFDE80001), Action.addCommunity(0xFDE80002)).communities());
        assertArrayEquals(new int[] {0xFDE80002},
                applied(Action.addCommunity(0xFDE80001), Action.replaceCommunities(0xFDE80002)).communities());
    }

    @Test
    void removeCommunityTakesOnlyThatValue() {
        assertArrayEquals(new int[] {0xFDE90002}, applied(Action.removeCommunity(0xFDE90001)).communities());
        assertArrayEquals(new int[] {0xFDE90001, 0xFDE90002}, applied(Action.removeCommunity(0xFDE90003)).communities());
    }

    @Test
    void addLargeCommunityAppendsATripleOnce() {
        assertArrayEquals(new int[] {(int) BIG, 7, 9, 65001, 1, 1, 65000, (int) BIG, 3},
                applied(Action.addLargeCommunity(65000, BIG, 3)).largeCommunities());
        assertArrayEquals(new int[] {(int) BIG, 7, 9, 65001, 1, 1},
                applied(Action.addLargeCommunity(BIG, 7, 9)).largeCommunities(), "already present");
        assertTrue(applied(Action.addLargeCommunity(65000, BIG, 3)).hasLargeCommunity(65000, BIG, 3));
    }

    @Test
    void removeLargeCommunityTakesTheWholeTripleOnly() {
        assertArrayEquals(new int[] {65001, 1, 1}, applied(Action.removeLargeCommunity(BIG, 7, 9)).largeCommunities());
        assertArrayEquals(new int[] {(int) BIG, 7, 9, 65001, 1, 1},
                applied(Action.removeLargeCommunity(BIG, 7, 8)).largeCommunities(), "no triple equals BIG:7:8");
        assertArrayEquals(new int[0],
                applied(Action.removeLargeCommunity(BIG, 7, 9), Action.removeLargeCommunity(65001, 1, 1)).largeCommunities());
    }

    @Test
    void replaceLargeCommunitiesReplacesAllAndNoneRemovesAll() {
        PathAttributes out = applied(Action.replaceLargeCommunities(65000, 1, 2, (int) BIG, 0, (int) BIG));
        assertArrayEquals(new int[] {65000, 1, 2, (int) BIG, 0, (int) BIG}, out.largeCommunities());
        assertTrue(out.hasLargeCommunity(BIG, 0, BIG), "the int form holds unsigned values");
        assertFalse(out.hasLargeCommunity(BIG, 7, 9));
        assertArrayEquals(new int[0], applied(Action.replaceLargeCommunities()).largeCommunities());
        int[] given = {65000, 1, 2};
        Action a = Action.replaceLargeCommunities(given);
        given[2] = 3;
        assertArrayEquals(new int[] {65000, 1, 2}, applied(a).largeCommunities(), "the action copied its argument");
    }

    @Test
    void clearMedRemovesItAndIsHarmlessWithout() {
        PathAttributes out = applied(Action.clearMed());
        assertFalse(out.hasMed());
        assertEquals(-1, out.med(-1));
        assertEquals(route().toBuilder().clearMed().build(), out, "nothing else changed");
        PathAttributes noMed = PathAttributes.builder().asSequence(65001).build();
        assertEquals(noMed, Policy.of("c", Term.accept(Match.any(), Action.clearMed()))
                .apply(P, noMed, FROM, LOCAL_AS).orElseThrow());
        assertEquals(7, applied(Action.clearMed(), Action.setMed(7)).med(-1), "then set again, in order");
        assertFalse(applied(Action.setMed(7), Action.clearMed()).hasMed());
    }

    @Test
    void misconfiguredActionsAreRefusedWhenMadeNotWhenARouteArrives() {
        // A policy is built from configuration; a bad value must fail there, not later on the RIB's
        // thread in the middle of an UPDATE.
        assertThrows(IllegalArgumentException.class, () -> Action.replaceLargeCommunities(65000, 1));
        assertThrows(IllegalArgumentException.class, () -> Action.addLargeCommunity(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Action.addLargeCommunity(1, 1L << 32, 1));
        assertThrows(IllegalArgumentException.class, () -> Action.setMed(-1));
        assertThrows(IllegalArgumentException.class, () -> Action.setMed(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> Action.setLocalPref(-1));
        assertThrows(NullPointerException.class, () -> Action.setNextHop(null));
        assertThrows(IllegalArgumentException.class, () -> Action.prepend(1L << 32, 1));
        assertThrows(IllegalArgumentException.class, () -> Action.prepend(0, 1), "RFC 7607: AS 0 is malformed");
        assertThrows(IllegalArgumentException.class, () -> Action.prependOwnAs(0));
        // An AS number or large-community field out of range would alias another value when matched.
        assertThrows(IllegalArgumentException.class, () -> Match.asPathContains(BIG - (1L << 32)));
        assertThrows(IllegalArgumentException.class, () -> Match.asPathContains(65001 + (1L << 32)));
        assertThrows(IllegalArgumentException.class, () -> Match.largeCommunity(BIG, -1, 9));
        assertThrows(IllegalArgumentException.class, () -> Match.neighbourAs(-1));
        assertThrows(NullPointerException.class, () -> Match.neighbour(null));
    }

    // ---------------------------------------------------------------- evaluation

    @Test
    void matchesSeeTheAttributesAsTheyEnteredWhileActionsAccumulate() {
        Policy p = Policy.of("chain", List.of(
                Term.modify(Match.any(), Action.addCommunity(0xFDE80001), Action.clearMed()),
                // Does not fire: the community was added by this policy, matches see the input.
                Term.reject(Match.community(0xFDE80001)),
                Term.modify(Match.largeCommunity(65001, 1, 1), Action.removeLargeCommunity(65001, 1, 1),
                        Action.addLargeCommunity(65000, 2, 2)),
                // Fires although the large community is gone from the result.
                Term.accept(Match.largeCommunity(65001, 1, 1), Action.setNextHop(addr("127.0.0.60")))),
                Disposition.REJECT);
        PathAttributes out = p.apply(P, route(), FROM, LOCAL_AS).orElseThrow();
        assertArrayEquals(new int[] {0xFDE90001, 0xFDE90002, 0xFDE80001}, out.communities());
        assertFalse(out.hasMed());
        assertArrayEquals(new int[] {(int) BIG, 7, 9, 65000, 2, 2}, out.largeCommunities());
        assertEquals(addr("127.0.0.60"), out.nextHop().orElseThrow());
    }

    @Test
    void rejectDropsEvenAfterModifyingTermsAndOtherwiseDecidesTheRest() {
        Policy p = Policy.of("r", List.of(
                Term.modify(Match.any(), Action.addCommunity(0xFDE80001)),
                Term.reject(Match.neighbour(OTHER))), Disposition.ACCEPT);
        assertEquals(Optional.empty(), p.apply(P, route(), OTHER, LOCAL_AS));
        PathAttributes kept = p.apply(P, route(), FROM, LOCAL_AS).orElseThrow();
        assertTrue(kept.hasCommunity(0xFDE80001), "ACCEPT otherwise keeps what the CONTINUE terms did");
        PathAttributes in = route();
        assertSame(in, Policy.of("n", List.of(Term.modify(Match.neighbour(OTHER), Action.clearMed())), Disposition.ACCEPT)
                .apply(P, in, FROM, LOCAL_AS).orElseThrow(), "no action ran: the same set, not a copy");
        assertEquals(Optional.empty(), Policy.of("none", Term.accept(Match.neighbour(OTHER))).apply(P, in, FROM, LOCAL_AS),
                "Policy.of(name, terms...) rejects what no term accepted");
    }
}

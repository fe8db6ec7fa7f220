package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.rib.decision.PathComparator;
import dev.jbgp.rib.decision.Verdict;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deterministic MED: the same candidates inserted in any order give the same best path, the same
 * ranking and the same ECMP set (RFC 3345 §3.1). The comparator is a strict total order where MED is
 * comparable.
 */
class DecisionOrderPropertyTest {

    private static final Prefix P = prefix("127.64.0.0/16");

    static LongStream seeds() {
        long base = 0x5EEDL;
        return LongStream.range(0, 20).map(i -> base + i * 7919);
    }

    /** Inserts candidates in the given order into a fresh RIB and returns the ranking as peer addresses. */
    private static List<String> rank(List<RandomRoutes.Candidate> order, DecisionOptions o) {
        Rib rib = Rib.create(config().decision(o).resolver(RandomRoutes.RESOLVER).allowAsIn(0).build());
        for (RandomRoutes.Candidate c : order) {
            rib.peerUp(c.peer(), open("127.0.0.1"));
        }
        for (RandomRoutes.Candidate c : order) {
            rib.announce(c.peer(), P, 0, c.attributes());
        }
        List<String> out = new ArrayList<>();
        for (Route r : rib.paths(P)) {
            out.add(r.peer().address().getHostAddress());
        }
        out.add("best=" + rib.bestPath(P).map(r -> r.peer().address().getHostAddress()).orElse("-"));
        List<String> mp = new ArrayList<>();
        for (Route r : rib.multipath(P)) {
            mp.add(r.peer().address().getHostAddress());
        }
        out.add("mp=" + mp);
        return out;
    }

    private static void permutations(List<RandomRoutes.Candidate> items, int k, List<List<RandomRoutes.Candidate>> out) {
        if (k == items.size()) {
            out.add(new ArrayList<>(items));
            return;
        }
        for (int i = k; i < items.size(); i++) {
            Collections.swap(items, k, i);
            permutations(items, k + 1, out);
            Collections.swap(items, k, i);
        }
    }

    /** RFC 3345's cycle: r1 beats r2 (IGP), r2 beats r3 (IGP), r3 beats r1 (MED, same AS). */
    private static List<RandomRoutes.Candidate> medCycle() {
        return new ArrayList<>(List.of(
                new RandomRoutes.Candidate(ebgp(11, 65001), attrs("127.0.100.1", 65001).med(10).build()),
                new RandomRoutes.Candidate(ebgp(12, 65002), attrs("127.0.100.2", 65002).build()),
                new RandomRoutes.Candidate(ebgp(13, 65001), attrs("127.0.100.3", 65001).med(5).build())));
    }

    @Test
    void medCycleHasOneAnswerInEveryOrderWithDeterministicMed() {
        DecisionOptions o = options().maxPathsEbgp(4).build();
        List<List<RandomRoutes.Candidate>> perms = new ArrayList<>();
        permutations(medCycle(), 0, perms);
        List<String> first = rank(perms.get(0), o);
        for (List<RandomRoutes.Candidate> p : perms) {
            assertEquals(first, rank(p, o), "order " + p);
        }
        // The AS 65001 group's best (med 5, cost 3) loses to AS 65002's route (cost 2) on IGP cost.
        assertEquals("best=127.0.0.12", first.get(3));
    }

    @Test
    void medCycleDependsOnOrderWithoutDeterministicMed() {
        DecisionOptions o = options().deterministicMed(false).build();
        List<List<RandomRoutes.Candidate>> perms = new ArrayList<>();
        permutations(medCycle(), 0, perms);
        Set<String> bests = new HashSet<>();
        for (List<RandomRoutes.Candidate> p : perms) {
            bests.add(rank(p, o).get(3));
        }
        assertTrue(bests.size() > 1, "the RFC 3345 cycle is order dependent without deterministic MED: " + bests);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyOrderOfSixGivesOneResult(long seed) {
        Random rnd = new Random(seed);
        List<RandomRoutes.Candidate> cs = RandomRoutes.candidates(rnd, 6);
        DecisionOptions o = options().maxPathsEbgp(3).maxPathsIbgp(2).asPathMultipathRelax(rnd.nextBoolean()).build();
        List<List<RandomRoutes.Candidate>> perms = new ArrayList<>();
        permutations(cs, 0, perms);
        List<String> first = rank(perms.get(0), o);
        for (List<RandomRoutes.Candidate> p : perms) {
            assertEquals(first, rank(p, o), "seed " + seed + " order " + p);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomOrdersOfLargeSetsGiveOneResult(long seed) {
        Random rnd = new Random(seed);
        List<RandomRoutes.Candidate> cs = RandomRoutes.candidates(rnd, 40);
        DecisionOptions o = options().maxPathsEbgp(8).maxPathsIbgp(8).build();
        List<String> first = rank(cs, o);
        for (int i = 0; i < 15; i++) {
            List<RandomRoutes.Candidate> shuffled = new ArrayList<>(cs);
            Collections.shuffle(shuffled, rnd);
            assertEquals(first, rank(shuffled, o), "seed " + seed + " shuffle " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void withdrawingInAnyOrderLeavesTheSameResultAsNeverAnnouncing(long seed) {
        Random rnd = new Random(seed);
        List<RandomRoutes.Candidate> cs = RandomRoutes.candidates(rnd, 12);
        DecisionOptions o = options().build();
        Rib rib = Rib.create(config().decision(o).resolver(RandomRoutes.RESOLVER).build());
        for (RandomRoutes.Candidate c : cs) {
            rib.peerUp(c.peer(), open("127.0.0.1"));
            rib.announce(c.peer(), P, 0, c.attributes());
        }
        List<RandomRoutes.Candidate> gone = new ArrayList<>(cs.subList(0, 6));
        Collections.shuffle(gone, rnd);
        for (RandomRoutes.Candidate c : gone) {
            rib.withdraw(c.peer(), P, 0);
        }
        List<String> after = new ArrayList<>();
        for (Route r : rib.paths(P)) {
            after.add(r.peer().address().getHostAddress());
        }
        List<String> fresh = rank(cs.subList(6, 12), o);
        assertEquals(fresh.subList(0, 6), after, "seed " + seed);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void comparatorIsAStrictTotalOrderWhenMedIsComparable(long seed) {
        Random rnd = new Random(seed);
        List<Route> rs = RandomRoutes.routes(rnd, 25);
        PathComparator always = new PathComparator(options().alwaysCompareMed(true).build());
        checkTotalOrder(always, rs, seed);
        // With the RFC default, MED is compared only inside one neighbouring AS: a total order there.
        PathComparator dflt = new PathComparator(options().build());
        List<Route> sameAs = new ArrayList<>();
        for (Route r : rs) {
            if (dflt.medGroup(r) == dflt.medGroup(rs.get(0))) {
                sameAs.add(r);
            }
        }
        checkTotalOrder(dflt, sameAs, seed);
    }

    private static void checkTotalOrder(PathComparator c, List<Route> rs, long seed) {
        for (Route a : rs) {
            assertEquals(Verdict.SAME, c.compare(a, a));
            for (Route b : rs) {
                if (a == b) {
                    continue;
                }
                Verdict ab = c.compare(a, b);
                Verdict ba = c.compare(b, a);
                assertNotEquals(0, ab.sign(), "seed " + seed + ": distinct paths never tie: " + a + " / " + b);
                assertEquals(-ab.sign(), ba.sign(), "seed " + seed + ": antisymmetry " + a + " / " + b);
                assertEquals(ab.step(), ba.step(), "seed " + seed + ": the same step decides both ways");
                for (Route d : rs) {
                    if (ab.sign() < 0 && c.compare(b, d).sign() < 0) {
                        assertTrue(c.compare(a, d).sign() < 0, "seed " + seed + ": transitivity " + a + " < " + b + " < " + d);
                    }
                }
            }
        }
    }
}

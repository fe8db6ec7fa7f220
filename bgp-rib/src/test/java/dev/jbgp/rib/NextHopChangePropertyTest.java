package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ranking after IGP changes is the ranking of a fresh start: random candidates are announced, the
 * resolver's costs change at random (reachable and unreachable, RFC 4271 §9.1.2 and §9.1.2.2 (e)) and
 * {@link Rib#nextHopsChanged()} runs; every prefix must then have the paths, best path, ECMP set and
 * explanations of a new RIB that received the same paths in the same order with the final costs. Both
 * with deterministic MED (where the order depends only on the set of paths) and without it (where it
 * depends on the arrival order, which the fresh RIB repeats).
 */
class NextHopChangePropertyTest {

    /** Every candidate announces P1; a random subset (possibly one path, or none) announces P2. */
    private static final Prefix P1 = prefix("127.90.0.0/16");
    private static final Prefix P2 = prefix("127.91.7.0/24");
    private static final Prefix[] PREFIXES = {P1, P2};
    /** The next hops {@link RandomRoutes#attributes} draws from. */
    private static final int NEXT_HOPS = 8;

    static LongStream seeds() {
        return Seeds.series(0x6E68636FL, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void rankingAfterCostChangesEqualsAFreshRibWithTheFinalCosts(long seed) {
        for (boolean deterministicMed : new boolean[] {true, false}) {
            check(seed, deterministicMed);
        }
    }

    private static void check(long seed, boolean deterministicMed) {
        // The same draws in both modes: only the mode differs.
        Random rnd = new Random(seed);
        List<RandomRoutes.Candidate> cs = RandomRoutes.candidates(rnd, 2 + rnd.nextInt(8));
        List<RandomRoutes.Candidate> subset = new ArrayList<>();
        for (RandomRoutes.Candidate c : cs) {
            if (rnd.nextBoolean()) {
                subset.add(c);
            }
        }
        DecisionOptions o = options().deterministicMed(deterministicMed)
                .alwaysCompareMed(rnd.nextInt(6) == 0)
                .preferOlderEbgp(rnd.nextInt(4) == 0)
                .maxPathsEbgp(1 + rnd.nextInt(4))
                .maxPathsIbgp(1 + rnd.nextInt(4))
                .asPathMultipathRelax(rnd.nextBoolean())
                .build();
        Map<InetAddress, Integer> costs = new HashMap<>();
        for (int i = 0; i < NEXT_HOPS; i++) {
            costs.put(nextHop(i), cost(rnd));
        }
        String ctx = "seed " + seed + " deterministicMed " + deterministicMed + " (rerun with -D" + Seeds.PROPERTY + "="
                + seed + "): ";

        Fixtures.Recorder events = new Fixtures.Recorder();
        Rib rib = fill(o, costs, cs, subset);
        rib.addListener(events);
        int rounds = 1 + rnd.nextInt(4);
        for (int round = 0; round < rounds; round++) {
            int changes = 1 + rnd.nextInt(4);
            StringBuilder what = new StringBuilder();
            for (int k = 0; k < changes; k++) {
                InetAddress nh = nextHop(rnd.nextInt(NEXT_HOPS));
                int cost = cost(rnd);
                costs.put(nh, cost);
                what.append(' ').append(nh.getHostAddress()).append('=').append(cost);
            }
            String at = ctx + "round " + round + " costs" + what + ": ";
            Map<Prefix, Route> bestBefore = new HashMap<>();
            for (Prefix p : PREFIXES) {
                bestBefore.put(p, rib.bestPath(p).orElse(null));
            }
            int seen = events.loc.size();

            rib.nextHopsChanged();

            Rib fresh = fill(o, new HashMap<>(costs), cs, subset);
            for (Prefix p : PREFIXES) {
                String where = at + p + ": ";
                assertEquals(describe(fresh.paths(p)), describe(rib.paths(p)), where + "paths, best first");
                assertEquals(describe(fresh.bestPath(p).stream().toList()), describe(rib.bestPath(p).stream().toList()),
                        where + "best path");
                assertEquals(describe(fresh.multipath(p)), describe(rib.multipath(p)), where + "multipath set");
                assertEquals(explained(fresh, p), explained(rib, p), where + "explanations");
                checkEvents(events.loc.subList(seen, events.loc.size()), rib, p, bestBefore.get(p), where);
            }
        }
    }

    /** The last event for {@code p} says what the RIB now holds; a new best route always has one. */
    private static void checkEvents(List<LocRibChange> changes, Rib rib, Prefix p, Route bestBefore, String where) {
        LocRibChange last = null;
        for (LocRibChange c : changes) {
            if (c.prefix().equals(p)) {
                assertTrue(last == null, where + "one event per prefix and call: " + changes);
                last = c;
            }
        }
        Route best = rib.bestPath(p).orElse(null);
        if (best != bestBefore) {
            assertTrue(last != null, where + "the best route changed without an event");
        }
        if (last != null) {
            assertEquals(rib.bestPath(p), last.best(), where + "event's best");
            assertEquals(rib.multipath(p), last.multipath(), where + "event's multipath");
            assertEquals(bestBefore == null ? List.of() : List.of(bestBefore), last.previousBest().stream().toList(),
                    where + "event's previous best");
        }
    }

    /** A RIB with the candidates' paths announced in list order, all to P1 and {@code subset} to P2. */
    private static Rib fill(DecisionOptions o, Map<InetAddress, Integer> costs, List<RandomRoutes.Candidate> cs,
            List<RandomRoutes.Candidate> subset) {
        Rib rib = Rib.create(config().decision(o).allowAsIn(0)
                .resolver(nh -> costs.getOrDefault(nh, Route.UNREACHABLE)).build());
        for (RandomRoutes.Candidate c : cs) {
            rib.peerUp(c.peer(), open("127.0.0.1"));
        }
        for (RandomRoutes.Candidate c : cs) {
            rib.announce(c.peer(), P1, 0, c.attributes());
        }
        for (RandomRoutes.Candidate c : subset) {
            rib.announce(c.peer(), P2, 0, c.attributes());
        }
        return rib;
    }

    private static InetAddress nextHop(int i) {
        return addr("127.0.100." + i);
    }

    /** Unreachable one time in five, else a cost of 0..3 (so costs often tie). */
    private static int cost(Random rnd) {
        return rnd.nextInt(5) == 0 ? Route.UNREACHABLE : rnd.nextInt(4);
    }

    /** Routes of two RIBs compared by what identifies them and the cost the decision used. */
    private static List<String> describe(List<Route> routes) {
        List<String> out = new ArrayList<>(routes.size());
        for (Route r : routes) {
            out.add(describe(r));
        }
        return out;
    }

    private static String describe(Route r) {
        return r.peer().address().getHostAddress() + "#" + r.pathId() + " cost " + r.igpCost();
    }

    private static List<String> explained(Rib rib, Prefix p) {
        List<String> out = new ArrayList<>();
        for (Explanation e : rib.explain(p)) {
            out.add(describe(e.route()) + " lost at " + e.lostAt() + " to " + describe(e.lostTo()));
        }
        return out;
    }
}

package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.decision.DecisionStep;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Rib#nextHopsChanged()}: when the resolver's answers change, the paths of a prefix are ranked
 * again with their new IGP costs (RFC 4271 §9.1.2.2 (e)) and reachability (§9.1.2), with and without
 * deterministic MED, and the best path, the ECMP set, the change events and the explanations follow.
 *
 * <p>Three eBGP paths from different neighbouring ASes (AS paths of equal length, so with
 * as-path multipath-relax they may share the load): A (127.0.0.2, the lowest BGP id), B (127.0.0.3),
 * C (127.0.0.4). A starts unreachable, B at cost 5, C at cost 7.
 */
class NextHopChangeTest {

    private static final Prefix P = prefix("127.80.0.0/16");

    private static final PeerId A = ebgp(2, 65001);
    private static final PeerId B = ebgp(3, 65002);
    private static final PeerId C = ebgp(4, 65003);
    private static final InetAddress NH_A = addr("127.0.100.2");
    private static final InetAddress NH_B = addr("127.0.100.3");
    private static final InetAddress NH_C = addr("127.0.100.4");

    /** The resolver's answers, changed by the tests between calls of {@link Rib#nextHopsChanged()}. */
    private final Map<InetAddress, Integer> costs = new HashMap<>();
    private final Fixtures.Recorder events = new Fixtures.Recorder();

    private Rib rib(boolean deterministicMed, boolean ecmp) {
        Rib rib = Rib.create(config().decision(options().deterministicMed(deterministicMed)
                        .maxPathsEbgp(ecmp ? 4 : 1).asPathMultipathRelax(true).build())
                .resolver(nh -> costs.getOrDefault(nh, Route.UNREACHABLE)).build());
        rib.addListener(events);
        for (PeerId p : new PeerId[] {A, B, C}) {
            rib.peerUp(p, open("127.0.0.1"));
        }
        costs.put(NH_B, 5);
        costs.put(NH_C, 7);
        rib.announce(A, P, 0, attrs("127.0.100.2", 65001).build());
        rib.announce(B, P, 0, attrs("127.0.100.3", 65002).build());
        rib.announce(C, P, 0, attrs("127.0.100.4", 65003).build());
        return rib;
    }

    @ParameterizedTest(name = "deterministicMed={0} ecmp={1}")
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void pathThatBecomesReachableAtALowerCostBecomesBest(boolean deterministicMed, boolean ecmp) {
        Rib rib = rib(deterministicMed, ecmp);
        assertOrder(rib, "before", B, C, A);
        assertEquals(B, rib.bestPath(P).orElseThrow().peer());
        int seen = events.loc.size();

        costs.put(NH_A, 1);
        rib.nextHopsChanged();

        // The audit's reproduction: B stayed best although compare(paths[0], paths[1]) said A wins.
        assertOrder(rib, "A reachable at cost 1", A, B, C);
        assertEquals(1, rib.bestPath(P).orElseThrow().igpCost());
        assertPeers(List.of(A), rib.multipath(P), "costs 1/5/7 differ: no ECMP");
        LocRibChange change = lastChange(seen);
        assertEquals(Optional.of(B), change.previousBest().map(Route::peer));
        assertEquals(Optional.of(A), change.best().map(Route::peer));
        assertPeers(List.of(B), change.previousMultipath(), "event's previous multipath");
        assertPeers(List.of(A), change.multipath(), "event's multipath");
        assertExplained(rib, B, DecisionStep.IGP_COST, A);
        assertExplained(rib, C, DecisionStep.IGP_COST, A);
    }

    @ParameterizedTest(name = "deterministicMed={0} ecmp={1}")
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void equalCostsFormAnEcmpSetWhereAllowed(boolean deterministicMed, boolean ecmp) {
        Rib rib = rib(deterministicMed, ecmp);
        costs.put(NH_A, 1);
        rib.nextHopsChanged();
        int seen = events.loc.size();

        costs.put(NH_B, 1);
        rib.nextHopsChanged();

        assertOrder(rib, "A and B at cost 1", A, B, C);
        Route best = rib.bestPath(P).orElseThrow();
        assertEquals(A, best.peer(), "the lower BGP id breaks the tie");
        assertExplained(rib, B, DecisionStep.ROUTER_ID, A);
        assertExplained(rib, C, DecisionStep.IGP_COST, A);
        if (ecmp) {
            assertPeers(List.of(A, B), rib.multipath(P), "A and B tie through IGP cost");
            LocRibChange change = lastChange(seen);
            assertEquals(Optional.of(best), change.best(), "the best route itself did not change");
            assertEquals(change.previousBest(), change.best());
            assertPeers(List.of(A), change.previousMultipath(), "event's previous multipath");
            assertPeers(List.of(A, B), change.multipath(), "event's multipath");
        } else {
            assertPeers(List.of(A), rib.multipath(P), "no ECMP");
            assertEquals(seen, events.loc.size(), "neither the best route nor the (single) multipath set changed");
        }
    }

    @ParameterizedTest(name = "deterministicMed={0} ecmp={1}")
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void bestThatBecomesUnreachableIsRankedLastAndComesBackWhenReachableAgain(boolean deterministicMed, boolean ecmp) {
        Rib rib = rib(deterministicMed, ecmp);
        costs.put(NH_A, 1);
        costs.put(NH_B, 1);
        rib.nextHopsChanged();
        assertEquals(A, rib.bestPath(P).orElseThrow().peer());
        int seen = events.loc.size();

        costs.remove(NH_A);
        rib.nextHopsChanged();

        assertOrder(rib, "A unreachable", B, C, A);
        assertTrue(!rib.paths(P).get(2).isEligible(), "A is kept but not eligible");
        assertEquals(B, rib.bestPath(P).orElseThrow().peer());
        assertPeers(List.of(B), rib.multipath(P), "C's cost 7 is not B's 1; A is not eligible");
        LocRibChange change = lastChange(seen);
        assertEquals(Optional.of(A), change.previousBest().map(Route::peer));
        assertEquals(Optional.of(B), change.best().map(Route::peer));
        assertPeers(ecmp ? List.of(A, B) : List.of(A), change.previousMultipath(), "event's previous multipath");
        assertPeers(List.of(B), change.multipath(), "event's multipath");
        assertExplained(rib, C, DecisionStep.IGP_COST, B);
        assertExplained(rib, A, DecisionStep.ELIGIBILITY, B);
        seen = events.loc.size();

        costs.put(NH_A, 1);
        rib.nextHopsChanged();

        assertOrder(rib, "A reachable again", A, B, C);
        assertEquals(A, rib.bestPath(P).orElseThrow().peer());
        assertPeers(ecmp ? List.of(A, B) : List.of(A), rib.multipath(P), "multipath with A back");
        change = lastChange(seen);
        assertEquals(Optional.of(B), change.previousBest().map(Route::peer));
        assertEquals(Optional.of(A), change.best().map(Route::peer));
        assertPeers(ecmp ? List.of(A, B) : List.of(A), change.multipath(), "event's multipath");
        assertExplained(rib, B, DecisionStep.ROUTER_ID, A);
        assertExplained(rib, C, DecisionStep.IGP_COST, A);
    }

    @ParameterizedTest(name = "deterministicMed={0} ecmp={1}")
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void everyPathUnreachableLeavesNoBestAndOneReachableBringsItBack(boolean deterministicMed, boolean ecmp) {
        Rib rib = rib(deterministicMed, ecmp);
        int seen = events.loc.size();

        costs.clear();
        rib.nextHopsChanged();

        assertTrue(rib.bestPath(P).isEmpty(), "no eligible path");
        assertEquals(List.of(), rib.multipath(P));
        assertEquals(3, rib.paths(P).size(), "ineligible paths are kept");
        LocRibChange change = lastChange(seen);
        assertEquals(Optional.of(B), change.previousBest().map(Route::peer));
        assertEquals(Optional.empty(), change.best());
        assertEquals(List.of(), change.multipath());
        seen = events.loc.size();

        costs.put(NH_C, 2);
        rib.nextHopsChanged();

        assertEquals(C, rib.bestPath(P).orElseThrow().peer());
        assertEquals(C, rib.paths(P).get(0).peer());
        assertPeers(List.of(C), rib.multipath(P), "the only eligible path");
        change = lastChange(seen);
        assertEquals(Optional.empty(), change.previousBest());
        assertEquals(Optional.of(C), change.best().map(Route::peer));
        for (Explanation e : rib.explain(P)) {
            assertEquals(DecisionStep.ELIGIBILITY, e.lostAt(), e.toString());
            assertEquals(C, e.lostTo().peer(), e.toString());
        }
    }

    /**
     * RFC 3345's cycle after a cost change: r1 beats r2 (IGP cost 1 against 2), r2 beats r3 (2 against 3),
     * r3 beats r1 (MED 5 against 10, both from AS 65001). With deterministic MED the answer depends on
     * the set alone: AS 65001's best, r3, loses to r2 on IGP cost. Without it, the paths are ranked as
     * they would have been had they arrived in their original order (r1, r2, r3) with the new costs:
     * r2 lands after r1, then r3 goes before r1, the first path it beats. Re-sorting the old order
     * (r3, r2, r1) instead would have made r2 best.
     */
    @ParameterizedTest(name = "deterministicMed={0}")
    @CsvSource({"true", "false"})
    void medCycleAfterACostChange(boolean deterministicMed) {
        PeerId r1 = ebgp(11, 65001);
        PeerId r2 = ebgp(12, 65002);
        PeerId r3 = ebgp(13, 65001);
        InetAddress nh1 = addr("127.0.100.11");
        InetAddress nh2 = addr("127.0.100.12");
        InetAddress nh3 = addr("127.0.100.13");
        Rib rib = Rib.create(config().decision(options().deterministicMed(deterministicMed).build())
                .resolver(nh -> costs.getOrDefault(nh, Route.UNREACHABLE)).build());
        rib.addListener(events);
        for (PeerId p : new PeerId[] {r1, r2, r3}) {
            rib.peerUp(p, open("127.0.0.1"));
        }
        costs.put(nh1, 3);
        costs.put(nh2, 2);
        costs.put(nh3, 1);
        rib.announce(r1, P, 0, attrs("127.0.100.11", 65001).med(10).build());
        rib.announce(r2, P, 0, attrs("127.0.100.12", 65002).build());
        rib.announce(r3, P, 0, attrs("127.0.100.13", 65001).med(5).build());
        assertEquals(r3, rib.bestPath(P).orElseThrow().peer(), "r3 has the lowest cost and MED");
        int seen = events.loc.size();

        costs.put(nh1, 1);
        costs.put(nh3, 3);
        rib.nextHopsChanged();

        List<PeerId> order = new ArrayList<>();
        for (Route r : rib.paths(P)) {
            order.add(r.peer());
        }
        PeerId best = deterministicMed ? r2 : r3;
        assertEquals(deterministicMed ? List.of(r2, r3, r1) : List.of(r3, r1, r2), order);
        assertEquals(best, rib.bestPath(P).orElseThrow().peer());
        assertExplained(rib, r1, DecisionStep.MED, r3);
        if (deterministicMed) {
            assertExplained(rib, r3, DecisionStep.IGP_COST, r2);
            LocRibChange change = lastChange(seen);
            assertEquals(Optional.of(r3), change.previousBest().map(Route::peer));
            assertEquals(Optional.of(r2), change.best().map(Route::peer));
        } else {
            // r3 is still best, but it is a new Route (its cost changed), so the change is published.
            LocRibChange change = lastChange(seen);
            assertEquals(Optional.of(r3), change.previousBest().map(Route::peer));
            assertEquals(Optional.of(3), change.best().map(Route::igpCost));
        }
    }

    /** The stored order is {@code expected}, and each path is preferred to the next by the comparator. */
    private static void assertOrder(Rib rib, String when, PeerId... expected) {
        List<Route> paths = rib.paths(P);
        List<PeerId> peers = new ArrayList<>();
        for (Route r : paths) {
            peers.add(r.peer());
        }
        assertEquals(List.of(expected), peers, when + ": order");
        for (int i = 0; i + 1 < paths.size(); i++) {
            assertTrue(rib.comparator().compare(paths.get(i), paths.get(i + 1)).firstWins(),
                    when + ": path " + i + " " + paths.get(i) + " must beat path " + (i + 1) + " " + paths.get(i + 1)
                            + " (" + rib.comparator().compare(paths.get(i), paths.get(i + 1)) + ")");
        }
    }

    private static void assertPeers(List<PeerId> expected, List<Route> routes, String what) {
        List<PeerId> peers = new ArrayList<>();
        for (Route r : routes) {
            peers.add(r.peer());
        }
        assertEquals(expected, peers, what);
    }

    private static void assertExplained(Rib rib, PeerId loser, DecisionStep step, PeerId winner) {
        for (Explanation e : rib.explain(P)) {
            if (e.route().peer().equals(loser)) {
                assertEquals(step, e.lostAt(), e.toString());
                assertEquals(winner, e.lostTo().peer(), e.toString());
                return;
            }
        }
        throw new AssertionError("no explanation for " + loser + " in " + rib.explain(P));
    }

    /** The last Loc-RIB event after the first {@code seen} ones; fails when there is none. */
    private LocRibChange lastChange(int seen) {
        assertTrue(events.loc.size() > seen, "a Loc-RIB event was published");
        LocRibChange c = events.loc.get(events.loc.size() - 1);
        assertEquals(P, c.prefix());
        return c;
    }
}

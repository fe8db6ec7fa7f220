package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.LOCAL_AS;
import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.ibgp;
import static dev.jbgp.rib.Fixtures.ip4;
import static dev.jbgp.rib.Fixtures.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.rib.decision.DecisionStep;
import dev.jbgp.rib.decision.PathComparator;
import dev.jbgp.rib.decision.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One row per decision step: two routes that first differ at exactly that step. The comparator must
 * prefer the winner in both argument orders and name the step.
 */
class DecisionStepTableTest {

    /** A row: winner, loser, and the options under which the step applies. */
    private record Row(Route winner, Route loser, DecisionOptions options) {
    }

    private static final PeerId E2 = ebgp(2, 65001);
    private static final PeerId E3 = ebgp(3, 65001);

    private static Route route(PeerId p, PathAttributes a) {
        return Route.of(p, 0, a, 1, 10, false);
    }

    private static Row row(DecisionStep step) {
        DecisionOptions o = options().build();
        PathAttributes base = attrs("127.0.0.2", 65001).build();
        switch (step) {
            case ELIGIBILITY:
                return new Row(route(E2, base), Route.of(E3, 0, base.toBuilder().weight(100).build(), 1, Route.UNREACHABLE, false), o);
            case WEIGHT:
                return new Row(route(E3, base.toBuilder().weight(10).build()), route(E2, base), o);
            case LOCAL_PREF:
                return new Row(route(E3, base.toBuilder().localPref(200).build()), route(E2, base), o);
            case LOCALLY_ORIGINATED:
                return new Row(route(PeerId.local(LOCAL_AS, ip4("127.9.9.9")), base.toBuilder().asSequence(65001, 65002).build()),
                        route(E2, base), o);
            case AS_PATH_LENGTH:
                return new Row(route(E3, base), route(E2, attrs("127.0.0.2", 65001, 65009).build()), o);
            case ORIGIN:
                return new Row(route(E3, base), route(E2, base.toBuilder().origin(PathAttributes.ORIGIN_INCOMPLETE).build()), o);
            case MED:
                return new Row(route(E3, base.toBuilder().med(10).build()), route(E2, base.toBuilder().med(20).build()), o);
            case EBGP_OVER_IBGP:
                return new Row(route(ebgp(9, 65001), base), route(ibgp(2, false), base), o);
            case IGP_COST:
                return new Row(Route.of(E3, 0, base, 1, 5, false), Route.of(E2, 0, base, 1, 6, false), o);
            case OLDER_EBGP:
                return new Row(Route.of(E3, 0, base, 1, 10, false), Route.of(E2, 0, base, 2, 10, false),
                        options().preferOlderEbgp(true).build());
            case ROUTER_ID:
                // iBGP routes: the ORIGINATOR_ID stands in for the BGP Identifier (RFC 4456 §9).
                return new Row(route(ibgp(3, false), base.toBuilder().originatorId(ip4("127.2.0.1")).build()),
                        route(ibgp(2, false), base.toBuilder().originatorId(ip4("127.2.0.2")).build()), o);
            case CLUSTER_LIST_LENGTH:
                PathAttributes reflected = base.toBuilder().originatorId(ip4("127.2.0.1")).build();
                return new Row(route(ibgp(3, false), reflected.toBuilder().clusterList(1).build()),
                        route(ibgp(2, false), reflected.toBuilder().clusterList(1, 2).build()), o);
            case PEER_ADDRESS:
                return new Row(route(PeerId.external(addr("127.0.0.2"), 65001, 7), base),
                        route(PeerId.external(addr("127.0.0.3"), 65001, 7), base), o);
            case PATH_ID:
                return new Row(Route.of(E2, 1, base, 1, 10, false), Route.of(E2, 2, base, 1, 10, false), o);
            default:
                throw new AssertionError(step);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DecisionStep.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void eachStepDecidesAndIsNamed(DecisionStep step) {
        Row r = row(step);
        PathComparator c = new PathComparator(r.options());
        Verdict v = c.compare(r.winner(), r.loser());
        assertTrue(v.firstWins(), step + ": " + v);
        assertEquals(step, v.step());
        Verdict back = c.compare(r.loser(), r.winner());
        assertEquals(1, back.sign());
        assertEquals(step, back.step());
        assertEquals(back, v.reversed());
    }

    @ParameterizedTest
    @EnumSource(value = DecisionStep.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void onlyStepsAfterIgpCostAreTieBreakers(DecisionStep step) {
        assertEquals(step.ordinal() > DecisionStep.IGP_COST.ordinal(), step.isTieBreaker());
        assertFalse(step.reference().isEmpty(), "every step cites its RFC section or practice");
    }

    @ParameterizedTest
    @EnumSource(value = DecisionStep.class, names = {"MED"})
    void medIsSkippedBetweenNeighbourAsesUnlessAlwaysCompared(DecisionStep step) {
        PathAttributes low = attrs("127.0.0.2", 65001).med(10).build();
        PathAttributes high = attrs("127.0.0.3", 65002).med(20).build();
        Route a = route(ebgp(3, 65002), high);
        Route b = route(ebgp(2, 65001), low);
        Verdict v = new PathComparator(options().build()).compare(a, b);
        assertEquals(DecisionStep.ROUTER_ID, v.step(), "different neighbour AS: MED not compared");
        Verdict always = new PathComparator(options().alwaysCompareMed(true).build()).compare(a, b);
        assertEquals(step, always.step());
        assertEquals(1, always.sign());
    }

    @ParameterizedTest
    @EnumSource(value = DecisionStep.class, names = {"MED"})
    void missingMedIsZeroOrWorst(DecisionStep step) {
        Route none = route(E2, attrs("127.0.0.2", 65001).build());
        Route five = route(E3, attrs("127.0.0.3", 65001).med(5).build());
        assertTrue(new PathComparator(options().build()).compare(none, five).firstWins());
        Verdict worst = new PathComparator(options().missingMedAsWorst(true).build()).compare(none, five);
        assertEquals(step, worst.step());
        assertFalse(worst.firstWins());
    }

    @ParameterizedTest
    @EnumSource(value = DecisionStep.class, names = {"AS_PATH_LENGTH"})
    void asPathLengthCanBeIgnored(DecisionStep step) {
        Route shortPath = route(E3, attrs("127.0.0.3", 65001).origin(PathAttributes.ORIGIN_INCOMPLETE).build());
        Route longPath = route(E2, attrs("127.0.0.2", 65001, 65002, 65003).build());
        assertEquals(step, new PathComparator(options().build()).compare(shortPath, longPath).step());
        Verdict v = new PathComparator(options().ignoreAsPathLength(true).build()).compare(shortPath, longPath);
        assertEquals(DecisionStep.ORIGIN, v.step());
        assertFalse(v.firstWins());
    }
}

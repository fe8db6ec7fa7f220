package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.decision.DecisionStep;
import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RibSnapshot} and {@link DestinationSnapshot} are copies: a snapshot taken before further
 * changes (an announcement, a withdrawal, a change of best path or ECMP set, a peer going down, a
 * graceful restart) still shows exactly what it showed, and none of its lists can be changed.
 */
class RibSnapshotTest {

    private static final Prefix P = prefix("127.50.0.0/16");
    private static final Prefix Q = prefix("127.51.0.0/16");
    private static final Prefix R = prefix("127.52.0.0/16");
    private static final Prefix V6 = prefix("::127.53.0.0/112");

    private final PeerId a = ebgp(2, 65001);
    private final PeerId b = ebgp(3, 65001);
    private final PeerId c = ebgp(4, 65002);
    private Rib rib;

    @BeforeEach
    void setUp() {
        rib = Rib.create(config().decision(options().maxPathsEbgp(2).build()).build());
        for (PeerId p : new PeerId[] {a, b, c}) {
            rib.peerUp(p, open("127.0.0.1"));
        }
        // P: a and b tie down to the router id (ECMP of two), c loses on AS path length.
        rib.announce(a, P, 0, attrs("127.0.0.2", 65001, 65100).build());
        rib.announce(b, P, 0, attrs("127.0.0.3", 65001, 65100).build());
        rib.announce(c, P, 0, attrs("127.0.0.4", 65002, 65200, 65100).build());
        rib.announce(a, Q, 0, attrs("127.0.0.2", 65001).med(5).build());
        rib.announce(b, V6, 0, attrs("::127.0.0.3", 65001).build());
    }

    /** Everything a snapshot shows, as text and by identity of the routes, to compare before and after. */
    private record Seen(String text, List<Prefix> prefixes, List<List<Route>> paths, List<Optional<Route>> best,
                        List<List<Route>> multipath, List<List<Explanation>> explanations) {
        static Seen of(RibSnapshot s) {
            List<Prefix> prefixes = new ArrayList<>();
            List<List<Route>> paths = new ArrayList<>();
            List<Optional<Route>> best = new ArrayList<>();
            List<List<Route>> multipath = new ArrayList<>();
            List<List<Explanation>> explanations = new ArrayList<>();
            for (DestinationSnapshot d : s.destinations()) {
                prefixes.add(d.prefix());
                paths.add(new ArrayList<>(d.paths()));
                best.add(d.best());
                multipath.add(new ArrayList<>(d.multipath()));
                explanations.add(new ArrayList<>(d.explanations()));
            }
            return new Seen(s.toString(), prefixes, paths, best, multipath, explanations);
        }
    }

    @Test
    void theSnapshotShowsTheTableAsItWas() {
        RibSnapshot s = rib.snapshot();
        assertEquals(List.of(P, Q, V6), s.destinations().stream().map(DestinationSnapshot::prefix).toList(),
                "IPv4 in order, then IPv6");
        assertEquals(3, s.size());
        DestinationSnapshot p = s.get(P).orElseThrow();
        assertEquals(List.of(a, b, c), p.paths().stream().map(Route::peer).toList());
        assertEquals(a, p.best().orElseThrow().peer());
        assertEquals(List.of(a, b), p.multipath().stream().map(Route::peer).toList());
        assertTrue(p.inMultipath(p.paths().get(1)));
        assertFalse(p.inMultipath(p.paths().get(2)));
        assertEquals(2, p.explanations().size());
        assertEquals(DecisionStep.ROUTER_ID, p.explanations().get(0).lostAt());
        assertEquals(DecisionStep.AS_PATH_LENGTH, p.explanations().get(1).lostAt());
        assertSame(p.best().orElseThrow(), rib.bestPath(P).orElseThrow(), "the routes themselves, immutable, are shared");
        assertTrue(s.get(R).isEmpty());
    }

    @Test
    void laterChangesDoNotReachAnEarlierSnapshot() {
        RibSnapshot s = rib.snapshot();
        Seen before = Seen.of(s);
        DestinationSnapshot p = s.get(P).orElseThrow();

        rib.announce(c, R, 0, attrs("127.0.0.4", 65002).build());                 // a new prefix
        rib.withdraw(a, Q, 0);                                                    // a prefix gone
        rib.announce(c, P, 0, attrs("127.0.0.4", 65002).build());                 // a new best for P, ECMP of one
        rib.announce(b, V6, 0, attrs("::127.0.0.3", 65001).med(1).build());       // a changed path (implicit withdraw)
        rib.peerDown(a);                                                          // a peer down: its paths go

        assertEquals(before, Seen.of(s), "the old snapshot is unchanged");
        assertEquals(List.of(P, Q, V6), s.destinations().stream().map(DestinationSnapshot::prefix).toList());
        assertEquals(a, p.best().orElseThrow().peer(), "still the best it showed");
        assertEquals(2, p.multipath().size());
        assertEquals(5, s.get(Q).orElseThrow().best().orElseThrow().attributes().med(-1));
        assertFalse(s.get(V6).orElseThrow().best().orElseThrow().attributes().hasMed());

        RibSnapshot now = rib.snapshot();
        assertEquals(List.of(P, R, V6), now.destinations().stream().map(DestinationSnapshot::prefix).toList());
        DestinationSnapshot p2 = now.get(P).orElseThrow();
        assertEquals(c, p2.best().orElseThrow().peer());
        assertEquals(List.of(c, b), p2.paths().stream().map(Route::peer).toList());
        assertEquals(1, p2.multipath().size());
        assertEquals(1, now.get(V6).orElseThrow().best().orElseThrow().attributes().med(-1));
    }

    @Test
    void aGracefulRestartAfterTheSnapshotDoesNotMarkItsRoutesStale() {
        RibSnapshot s = rib.snapshot();
        Seen before = Seen.of(s);
        rib.peerDownGraceful(b);
        assertTrue(rib.snapshot().get(V6).orElseThrow().paths().get(0).isStale(), "stale now");
        assertEquals(before, Seen.of(s));
        for (DestinationSnapshot d : s.destinations()) {
            for (Route r : d.paths()) {
                assertFalse(r.isStale(), d.prefix() + " " + r);
            }
        }
        rib.sweepStale(b);
        assertEquals(before, Seen.of(s));
        assertEquals(List.of(a, c), rib.snapshot().get(P).orElseThrow().paths().stream().map(Route::peer).toList());
    }

    @Test
    void aNewIgpCostAfterTheSnapshotDoesNotReachIt() {
        int[] cost = {0};
        Rib r = Rib.create(config().resolver(nh -> cost[0]).build());
        r.peerUp(a, open("127.0.0.1"));
        r.announce(a, P, 0, attrs("127.0.0.2", 65001).build());
        RibSnapshot s = r.snapshot();
        Route before = s.get(P).orElseThrow().best().orElseThrow();
        cost[0] = 7;
        r.nextHopsChanged();
        assertEquals(7, r.bestPath(P).orElseThrow().igpCost());
        assertSame(before, s.get(P).orElseThrow().best().orElseThrow());
        assertEquals(0, s.get(P).orElseThrow().paths().get(0).igpCost(), "the snapshot keeps the cost it showed");
        cost[0] = Route.UNREACHABLE;
        r.nextHopsChanged();
        assertTrue(r.bestPath(P).isEmpty());
        assertEquals(a, s.get(P).orElseThrow().best().orElseThrow().peer(), "still a best in the old snapshot");
        assertTrue(r.snapshot().get(P).orElseThrow().best().isEmpty());
    }

    static LongStream seeds() {
        return Seeds.series(0x736E6170L, 6);
    }

    /**
     * Random announcements, withdrawals, peers going down (plainly or gracefully) and coming back, and
     * IGP cost changes, with a snapshot after every step: at the end every snapshot still shows what it
     * showed when it was taken (run one seed with {@code -Djbgp.seed=N}).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everySnapshotOfARandomHistoryStaysAsItWas(long seed) {
        Random rnd = new Random(seed);
        int[] costShift = {0};
        Rib r = Rib.create(config().decision(options().maxPathsEbgp(3).maxPathsIbgp(2).build())
                .resolver(nh -> (RandomRoutes.RESOLVER.igpCost(nh) + costShift[0]) % 5).build());
        List<PeerId> peers = List.of(a, b, c, Fixtures.ibgp(5, false));
        boolean[] up = new boolean[peers.size()];
        List<RibSnapshot> snapshots = new ArrayList<>();
        List<Seen> seen = new ArrayList<>();
        for (int step = 0; step < 150; step++) {
            int i = rnd.nextInt(peers.size());
            PeerId peer = peers.get(i);
            Prefix p = prefix("127.54." + rnd.nextInt(6) + ".0/24");
            int op = rnd.nextInt(10);
            if (!up[i]) {
                r.peerUp(peer, open("127.0.0.1"));
                up[i] = true;
            } else if (op < 5) {
                r.announce(peer, p, 0, RandomRoutes.attributes(rnd, peer.isInternal() ? 65009 : peer.asn()));
            } else if (op < 7) {
                r.withdraw(peer, p, 0);
            } else if (op == 7) {
                r.peerDown(peer);
                up[i] = false;
            } else if (op == 8) {
                r.peerDownGraceful(peer);
                up[i] = false;
            } else {
                costShift[0]++;
                r.nextHopsChanged();
            }
            RibSnapshot s = r.snapshot();
            snapshots.add(s);
            seen.add(Seen.of(s));
        }
        for (int k = 0; k < snapshots.size(); k++) {
            assertEquals(seen.get(k), Seen.of(snapshots.get(k)), "seed " + seed + ": snapshot " + k + " changed");
        }
    }

    @Test
    void everyListIsUnmodifiable() {
        RibSnapshot s = rib.snapshot();
        DestinationSnapshot p = s.get(P).orElseThrow();
        Route r = p.paths().get(0);
        assertThrows(UnsupportedOperationException.class, () -> s.destinations().add(p));
        assertThrows(UnsupportedOperationException.class, () -> s.destinations().remove(0));
        assertThrows(UnsupportedOperationException.class, () -> p.paths().add(r));
        assertThrows(UnsupportedOperationException.class, () -> p.paths().set(0, p.paths().get(2)));
        assertThrows(UnsupportedOperationException.class, () -> p.multipath().clear());
        assertThrows(UnsupportedOperationException.class, () -> p.multipath().remove(r));
        assertThrows(UnsupportedOperationException.class, () -> p.explanations().remove(0));
        assertThrows(UnsupportedOperationException.class, () -> p.explanations().add(p.explanations().get(0)));
        assertEquals(3, p.paths().size());
        assertEquals(2, p.multipath().size());
        assertEquals(3, s.size());
    }

    @Test
    void aDestinationSnapshotCopiesTheListsItIsGiven() {
        List<Route> paths = new ArrayList<>(rib.paths(P));
        List<Route> multipath = new ArrayList<>(rib.multipath(P));
        List<Explanation> why = new ArrayList<>(rib.explain(P));
        DestinationSnapshot d = new DestinationSnapshot(P, paths, Optional.of(paths.get(0)), multipath, why);
        paths.clear();
        multipath.add(rib.paths(P).get(2));
        why.clear();
        assertEquals(3, d.paths().size());
        assertEquals(2, d.multipath().size());
        assertEquals(2, d.explanations().size());
        assertThrows(UnsupportedOperationException.class, () -> d.paths().clear());
    }
}

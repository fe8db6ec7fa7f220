package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random announcements, withdrawals and session flaps against three ADD-PATH receivers (all paths with
 * next hops unchanged, best two with next-hop-self, the ECMP set). After every step each receiver's
 * Adj-RIB-Out holds exactly the paths an independent selection over the Loc-RIB picks; a path keeps
 * its identifier while its source path lives; an identifier is not reused before its withdrawal was
 * drained; replaying the drained UPDATEs into a simulated receiver gives back the table; and when
 * everyone is gone no attribute set is left. Seeded; the seed is in every message.
 */
class AddPathModelTest {

    static LongStream seeds() {
        return LongStream.range(0, 16).map(i -> 0x7911L + 7919 * i);
    }

    private static final List<Prefix> PREFIXES = List.of(prefix("127.80.0.0/16"), prefix("127.81.0.0/24"),
            prefix("127.82.1.0/24"), prefix("2001:db8:80::/48"));
    private static final Set<AddressFamily> BOTH = Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

    /** One ADD-PATH receiver and what it has been sent so far. */
    private static final class Receiver {
        final PeerId peer;
        final PeerSettings settings;
        final Map<String, PathAttributes> received = new TreeMap<>();
        final Map<Prefix, Set<Integer>> withdrawnSinceDrain = new HashMap<>();

        Receiver(PeerId peer, PeerSettings settings) {
            this.peer = peer;
            this.settings = settings;
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void adjRibOutFollowsTheModelAndIdsBehave(long seed) {
        Random rnd = new Random(seed);
        String why = "seed " + seed;
        RibConfig cfg = config().decision(options().maxPathsEbgp(3).asPathMultipathRelax(true).build())
                .resolver(RandomRoutes.RESOLVER).build();
        Rib rib = Rib.create(cfg);
        List<PeerId> sources = List.of(Fixtures.ebgp(2, 65001), Fixtures.ebgp(3, 65001), Fixtures.ebgp(4, 65002),
                Fixtures.ebgp(5, 65003));
        for (PeerId s : sources) {
            rib.peerUp(s, open("127.0.0.1"));
        }
        List<Receiver> receivers = List.of(
                new Receiver(Fixtures.ebgp(20, 65100), open("127.0.0.1").toBuilder().nextHopMode(NextHopMode.UNCHANGED)
                        .addPathSend(AddPathSend.all(), BOTH).build()),
                new Receiver(Fixtures.ebgp(21, 65101), open("127.0.0.1").toBuilder().nextHopMode(NextHopMode.SELF)
                        .addPathSend(AddPathSend.bestN(2), BOTH).build()),
                new Receiver(Fixtures.ebgp(22, 65102), open("127.0.0.1").toBuilder().nextHopMode(NextHopMode.UNCHANGED)
                        .addPathSend(AddPathSend.multipath(), BOTH).build()));
        for (Receiver r : receivers) {
            rib.peerUp(r.peer, r.settings);
        }
        Set<PeerId> down = new HashSet<>();
        for (int step = 0; step < 300; step++) {
            Map<PeerId, Map<String, Integer>> before = new HashMap<>();
            for (Receiver r : receivers) {
                before.put(r.peer, sources(rib, r));
            }
            PeerId s = sources.get(rnd.nextInt(sources.size()));
            int op = rnd.nextInt(20);
            if (down.contains(s)) {
                rib.peerUp(s, open("127.0.0.1"));
                down.remove(s);
            } else if (op == 0) {
                rib.peerDown(s);
                down.add(s);
            } else {
                Prefix p = PREFIXES.get(rnd.nextInt(PREFIXES.size()));
                int pathId = rnd.nextInt(2);
                if (op < 6) {
                    rib.withdraw(s, p, pathId);
                } else {
                    rib.announce(s, p, pathId, attributes(rnd, s.asn(), p));
                }
            }
            for (Receiver r : receivers) {
                check(rib, cfg, r, before.get(r.peer), why + " step " + step + " receiver " + r.settings.addPathSend());
                if (rnd.nextInt(4) == 0) {
                    drain(rib, r, why);
                }
            }
        }
        for (Receiver r : receivers) {
            drain(rib, r, why);
        }
        for (PeerId s : sources) {
            if (!down.contains(s)) {
                rib.peerDown(s);
            }
        }
        for (Receiver r : receivers) {
            drain(rib, r, why);
            assertTrue(r.received.isEmpty(), why + ": everything withdrawn at " + r.peer);
            rib.peerDown(r.peer);
        }
        assertEquals(0, rib.interner().size(), why + ": no attribute set left");
    }

    private static PathAttributes attributes(Random rnd, long neighbourAs, Prefix p) {
        int len = 1 + rnd.nextInt(3);
        long[] path = new long[len];
        path[0] = neighbourAs;
        for (int i = 1; i < len; i++) {
            path[i] = 65010 + rnd.nextInt(2);
        }
        // Few distinct next hops, one of them unreachable (.99): duplicates and ineligible paths happen.
        int nh = rnd.nextInt(6) == 0 ? 99 : rnd.nextInt(3);
        String next = p.afi() == 1 ? "127.0.100." + nh : "2001:db8:100::" + Integer.toHexString(nh);
        PathAttributes.Builder b = PathAttributes.builder().asSequence(path).nextHop(addr(next));
        if (rnd.nextInt(3) == 0) {
            b.addCommunity(0xFDE80000 | rnd.nextInt(3));
        }
        return b.build();
    }

    /** "prefix|source peer|source path id" to our path id, for every path sent to {@code r}. */
    private static Map<String, Integer> sources(Rib rib, Receiver r) {
        Map<String, Integer> out = new HashMap<>();
        AdjRibOut g = rib.adjRibOut(r.peer);
        for (Prefix p : PREFIXES) {
            for (AdvertisedPaths.Entry e : g.addPaths.get(p)) {
                out.put(p + "|" + e.source() + "|" + e.sourcePathId(), e.pathId());
            }
        }
        return out;
    }

    private static void check(Rib rib, RibConfig cfg, Receiver r, Map<String, Integer> before, String why) {
        AdjRibOut g = rib.adjRibOut(r.peer);
        ExportKey key = ExportKey.of(r.peer, r.settings);
        for (Prefix p : PREFIXES) {
            // The selection, worked out independently from the Loc-RIB and the export rules.
            List<PathAttributes> expected = new ArrayList<>();
            List<Route> candidates = r.settings.addPathSend().mode() == AddPathSend.Mode.MULTIPATH
                    ? rib.multipath(p) : rib.paths(p);
            for (Route c : candidates) {
                if (!c.isEligible() || expected.size() == r.settings.addPathSend().count()) {
                    break;
                }
                PathAttributes a = ExportRules.export(cfg, c, p, key);
                if (a != null && !expected.contains(a)) {
                    expected.add(a);
                }
            }
            List<PathAttributes> actual = new ArrayList<>();
            Set<Integer> ids = new HashSet<>();
            for (AdvertisedPath a : g.paths(p)) {
                actual.add(a.attributes());
                assertTrue(a.pathId() > 0, why + ": path ids start at 1");
                assertTrue(ids.add(a.pathId()), why + ": path id " + a.pathId() + " twice for " + p);
                assertFalse(r.withdrawnSinceDrain.getOrDefault(p, Set.of()).contains(a.pathId()),
                        why + ": id " + a.pathId() + " of " + p + " reused before its withdrawal was sent");
            }
            assertEquals(expected, actual, why + ": " + p);
        }
        Map<String, Integer> after = sources(rib, r);
        for (Map.Entry<String, Integer> e : after.entrySet()) {
            Integer was = before.get(e.getKey());
            if (was != null) {
                assertEquals(was, e.getValue(), why + ": a living source path keeps its id: " + e.getKey());
            }
        }
        // Ids that disappeared since the last step wait for the drain.
        Set<String> nowIds = new HashSet<>();
        for (Prefix p : PREFIXES) {
            for (AdvertisedPath a : g.paths(p)) {
                nowIds.add(p + "#" + a.pathId());
            }
        }
        for (Map.Entry<String, Integer> e : before.entrySet()) {
            Prefix p = prefix(e.getKey().substring(0, e.getKey().indexOf('|')));
            if (!nowIds.contains(p + "#" + e.getValue())) {
                r.withdrawnSinceDrain.computeIfAbsent(p, k -> new HashSet<>()).add(e.getValue());
            }
        }
    }

    /** Drains the receiver's group and replays the UPDATEs into its simulated RIB, which must then match. */
    private static void drain(Rib rib, Receiver r, String why) {
        AdjRibOut g = rib.adjRibOut(r.peer);
        OutboundUpdates u = g.drainPending();
        int[] w = u.withdrawnPathIds();
        for (int i = 0; i < u.withdrawn().size(); i++) {
            r.received.remove(u.withdrawn().get(i) + "#" + w[i]);
        }
        for (UpdateBatch b : u.announcements()) {
            for (int i = 0; i < b.prefixes().size(); i++) {
                r.received.put(b.prefixes().get(i) + "#" + b.pathId(i), b.attributes());
            }
        }
        r.withdrawnSinceDrain.clear();
        Map<String, PathAttributes> table = new TreeMap<>();
        for (UpdateBatch b : g.fullTable()) {
            for (int i = 0; i < b.prefixes().size(); i++) {
                table.put(b.prefixes().get(i) + "#" + b.pathId(i), b.attributes());
            }
        }
        assertEquals(table, r.received, why + ": the receiver's view after replaying the drained UPDATEs");
        assertFalse(g.hasPending(), why);
    }
}

package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.ibgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.decision.DecisionStep;
import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.wire.nlri.Prefix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reference counts, events in order, explanations, ADD-PATH, soft reconfiguration, next-hop changes. */
class RibLifecycleTest {

    private static final Prefix P = prefix("127.60.0.0/16");

    @Test
    void internerReferenceCountsReturnToZeroWhenPeersGoAway() {
        long seed = 0xC0FFEEL;
        Random rnd = new Random(seed);
        Rib rib = Rib.create(config().build());
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65002);
        PeerId i = ibgp(4, false);
        PeerSettings soft = PeerSettings.builder().importPolicy(Policy.of("lp",
                Term.accept(Match.any(), Action.setLocalPref(150)))).exportPolicy(Policy.acceptAll())
                .localAddress(addr("127.0.0.1")).softReconfiguration(true).build();
        rib.peerUp(a, soft);
        rib.peerUp(b, open("127.0.0.1"));
        rib.peerUp(i, open("127.0.0.1"));
        for (int n = 0; n < 300; n++) {
            Prefix p = prefix("127.61." + (n % 250) + ".0/24");
            rib.announce(a, p, n / 250, RandomRoutes.attributes(rnd, 65001));
            if (rnd.nextBoolean()) {
                rib.announce(b, p, 0, RandomRoutes.attributes(rnd, 65002));
            }
            if (rnd.nextInt(4) == 0) {
                rib.withdraw(a, p, 0);
            }
        }
        assertTrue(rib.interner().size() > 0);
        rib.peerDown(a);
        rib.peerDown(b);
        assertEquals(0, rib.size(), "seed " + seed);
        assertEquals(0, rib.interner().size(), "seed " + seed + ": every set freed (Loc-RIB, pre-policy, Adj-RIB-Out)");
        assertEquals(0, rib.adjRibOut(i).size());
        rib.peerDown(i);
        assertEquals(0, rib.interner().totalReferences());
    }

    @Test
    void sharedAttributeSetsAreOneObject() {
        Rib rib = Rib.create(config().build());
        PeerId a = ebgp(2, 65001);
        rib.peerUp(a, open("127.0.0.1"));
        for (int n = 0; n < 100; n++) {
            rib.announce(a, prefix("127.62." + n + ".0/24"), 0, attrs("127.0.0.2", 65001).build());
        }
        assertEquals(1, rib.interner().size());
        assertEquals(100, rib.interner().referenceCount(attrs("127.0.0.2", 65001).build()));
        assertSame(rib.bestPath(prefix("127.62.0.0/24")).orElseThrow().attributes(),
                rib.bestPath(prefix("127.62.99.0/24")).orElseThrow().attributes());
    }

    @Test
    void eventsArriveInOrder() {
        Rib rib = Rib.create(config().build());
        Fixtures.Recorder rec = new Fixtures.Recorder();
        rib.addListener(rec);
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65002);
        rib.peerUp(a, open("127.0.0.1"));
        rib.peerUp(b, open("127.0.0.1"));
        rib.announce(a, P, 0, attrs("127.0.0.2", 65001, 65009).build());
        rib.announce(b, P, 0, attrs("127.0.0.3", 65002).build());
        rib.announce(a, P, 0, attrs("127.0.0.2", 65001, 65009).build());
        rib.withdraw(b, P, 0);
        rib.withdraw(a, P, 0);
        assertEquals(List.of(
                "loc 127.60.0.0/16 127.0.0.2 mp=1",
                "out 127.0.0.3 127.60.0.0/16 announce",
                "loc 127.60.0.0/16 127.0.0.3 mp=1",
                "out 127.0.0.2 127.60.0.0/16 announce",
                "out 127.0.0.3 127.60.0.0/16 withdraw",
                "loc 127.60.0.0/16 127.0.0.2 mp=1",
                "out 127.0.0.2 127.60.0.0/16 withdraw",
                "out 127.0.0.3 127.60.0.0/16 announce",
                "loc 127.60.0.0/16 - mp=0",
                "out 127.0.0.3 127.60.0.0/16 withdraw"), rec.all);
    }

    @Test
    void explainNamesTheStepAndTheWinner() {
        Rib rib = Rib.create(config().build());
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65001);
        PeerId c = ebgp(4, 65002);
        for (PeerId p : new PeerId[] {a, b, c}) {
            rib.peerUp(p, open("127.0.0.1"));
        }
        rib.announce(a, P, 0, attrs("127.0.0.2", 65001).med(10).build());
        rib.announce(b, P, 0, attrs("127.0.0.3", 65001).med(20).build());
        rib.announce(c, P, 0, attrs("127.0.0.4", 65002, 65003).build());
        List<Explanation> why = rib.explain(P);
        assertEquals(2, why.size());
        Map<PeerId, Explanation> byPeer = new HashMap<>();
        for (Explanation e : why) {
            byPeer.put(e.route().peer(), e);
        }
        assertEquals(DecisionStep.MED, byPeer.get(b).lostAt());
        assertEquals(a, byPeer.get(b).lostTo().peer());
        assertEquals(DecisionStep.AS_PATH_LENGTH, byPeer.get(c).lostAt());
        assertEquals("from 127.0.0.3 AS65001 eBGP lost to 127.0.0.2 AS65001 eBGP: lower MED (RFC 4271 §9.1.2.2 (c))",
                byPeer.get(b).toString());
        String table = rib.snapshot().toString();
        assertTrue(table.contains("*> from 127.0.0.2"), table);
        assertTrue(table.contains("lost to 127.0.0.2 AS65001 eBGP: shorter AS_PATH"), table);
    }

    @Test
    void explainUnderDeterministicMedBlamesTheGroupBest() {
        Rib rib = Rib.create(config().decision(options().build()).resolver(RandomRoutes.RESOLVER).build());
        PeerId r1 = ebgp(11, 65001);
        PeerId r2 = ebgp(12, 65002);
        PeerId r3 = ebgp(13, 65001);
        for (PeerId p : new PeerId[] {r1, r2, r3}) {
            rib.peerUp(p, open("127.0.0.1"));
        }
        rib.announce(r1, P, 0, attrs("127.0.100.1", 65001).med(10).build());
        rib.announce(r2, P, 0, attrs("127.0.100.2", 65002).build());
        rib.announce(r3, P, 0, attrs("127.0.100.3", 65001).med(5).build());
        assertEquals(r2, rib.bestPath(P).orElseThrow().peer());
        Map<PeerId, Explanation> byPeer = new HashMap<>();
        for (Explanation e : rib.explain(P)) {
            byPeer.put(e.route().peer(), e);
        }
        // r1 has the lower IGP cost than r2 but lost inside AS 65001 on MED to r3.
        assertEquals(DecisionStep.MED, byPeer.get(r1).lostAt());
        assertEquals(r3, byPeer.get(r1).lostTo().peer());
        assertEquals(DecisionStep.IGP_COST, byPeer.get(r3).lostAt());
        assertEquals(r2, byPeer.get(r3).lostTo().peer());
    }

    @Test
    void addPathKeepsOnePathPerIdentifier() {
        Rib rib = Rib.create(config().build());
        PeerId a = ebgp(2, 65001);
        rib.peerUp(a, open("127.0.0.1"));
        rib.announce(a, P, 1, attrs("127.0.0.2", 65001, 65005).build());
        rib.announce(a, P, 2, attrs("127.0.0.9", 65001).build());
        assertEquals(2, rib.paths(P).size());
        assertEquals(2, rib.bestPath(P).orElseThrow().pathId());
        assertEquals(2, rib.adjRibIn(a).size());
        rib.withdraw(a, P, 2);
        assertEquals(1, rib.bestPath(P).orElseThrow().pathId());
        assertTrue(rib.adjRibIn(a).route(P, 1).isPresent());
        assertFalse(rib.withdraw(a, P, 7), "withdrawing an unknown path id changes nothing");
    }

    @Test
    void softReconfigurationReappliesImportPolicy() {
        Rib rib = Rib.create(config().build());
        PeerId a = ebgp(2, 65001);
        rib.peerUp(a, PeerSettings.builder().importPolicy(Policy.acceptAll()).softReconfiguration(true).build());
        rib.announce(a, P, 0, attrs("127.0.0.2", 65001).build());
        assertTrue(rib.adjRibIn(a).prePolicy(P, 0).isPresent());
        rib.reapplyImport(a, Policy.of("lp", Term.accept(Match.any(), Action.setLocalPref(250))));
        assertEquals(250, rib.bestPath(P).orElseThrow().attributes().localPref(-1));
        rib.reapplyImport(a, Policy.rejectAll());
        assertTrue(rib.bestPath(P).isEmpty());
        rib.reapplyImport(a, Policy.acceptAll());
        assertTrue(rib.bestPath(P).isPresent(), "the pre-policy copy brings it back without a refresh");
        PeerId b = ebgp(3, 65002);
        rib.peerUp(b, open("127.0.0.1"));
        assertThrows(IllegalStateException.class, () -> rib.reapplyImport(b, Policy.acceptAll()));
    }

    @Test
    void unreachableNextHopAndAsLoopMakeRoutesIneligible() {
        boolean[] reachable = {false};
        Rib rib = Rib.create(config().allowAsIn(1).resolver(nh -> reachable[0] ? 3 : Route.UNREACHABLE).build());
        Fixtures.Recorder rec = new Fixtures.Recorder();
        rib.addListener(rec);
        PeerId a = ebgp(2, 65001);
        rib.peerUp(a, open("127.0.0.1"));
        rib.announce(a, P, 0, attrs("127.0.0.2", 65001).build());
        assertTrue(rib.bestPath(P).isEmpty(), "next hop unreachable");
        reachable[0] = true;
        rib.nextHopsChanged();
        assertEquals(3, rib.bestPath(P).orElseThrow().igpCost());
        assertEquals(1, rec.loc.size());
        Prefix q = prefix("127.63.0.0/16");
        rib.announce(a, q, 0, attrs("127.0.0.2", 65001, Fixtures.LOCAL_AS).build());
        assertTrue(rib.bestPath(q).isPresent(), "allowas-in 1 tolerates our AS once");
        rib.announce(a, q, 0, attrs("127.0.0.2", 65001, Fixtures.LOCAL_AS, 65007, Fixtures.LOCAL_AS).build());
        assertTrue(rib.bestPath(q).isEmpty());
        assertEquals(DecisionStep.ELIGIBILITY, rib.comparator().compare(
                Route.of(a, 1, attrs("127.0.0.2", 65001).build(), 0, 0, false), rib.paths(q).get(0)).step());
    }

    @Test
    void ipv6UsesTheSameMachinery() {
        Rib rib = Rib.create(config().build());
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65002);
        rib.peerUp(a, open("127.0.0.1"));
        rib.peerUp(b, PeerSettings.builder().importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll())
                .localAddress(addr("::127.0.0.1")).build());
        Prefix v6 = prefix("::127.64.0.0/112");
        rib.announce(a, v6, 0, attrs("::127.0.0.2", 65001).build());
        assertEquals(addr("::127.0.0.1"), rib.adjRibOut(b).get(v6).orElseThrow().nextHop().orElseThrow());
        assertEquals(1, rib.snapshot().size());
        rib.peerDown(a);
        assertEquals(0, rib.size());
        assertEquals(0, rib.adjRibOut(b).size());
    }

    @Test
    void olderEbgpPathStaysBestWithRfc5004() {
        for (boolean rfc5004 : new boolean[] {false, true}) {
            Rib rib = Rib.create(config().decision(options().preferOlderEbgp(rfc5004).build()).build());
            PeerId older = ebgp(3, 65001);
            PeerId newer = ebgp(2, 65002);
            rib.peerUp(older, open("127.0.0.1"));
            rib.peerUp(newer, open("127.0.0.1"));
            rib.announce(older, P, 0, attrs("127.0.0.3", 65001).build());
            rib.announce(newer, P, 0, attrs("127.0.0.2", 65002).build());
            Route best = rib.bestPath(P).orElseThrow();
            assertEquals(rfc5004 ? older : newer, best.peer(), "RFC 5004 " + rfc5004);
            assertEquals(rfc5004 ? DecisionStep.OLDER_EBGP : DecisionStep.ROUTER_ID, rib.explain(P).get(0).lostAt());
        }
    }

    @Test
    void importPolicyWeightBeatsEverythingAfterEligibility() {
        Rib rib = Rib.create(config().build());
        PeerId heavy = ebgp(3, 65001);
        PeerId light = ebgp(2, 65002);
        rib.peerUp(heavy, PeerSettings.builder().importPolicy(Policy.of("w", Term.accept(Match.neighbourAs(65001),
                Action.setWeight(10)))).build());
        rib.peerUp(light, open("127.0.0.1"));
        rib.announce(heavy, P, 0, attrs("127.0.0.3", 65001, 65005, 65006).build());
        rib.announce(light, P, 0, attrs("127.0.0.2", 65002).localPref(500).build());
        assertEquals(heavy, rib.bestPath(P).orElseThrow().peer());
        assertEquals(DecisionStep.WEIGHT, rib.explain(P).get(0).lostAt());
        rib.originate(P, PathAttributes.builder().build());
        assertEquals(heavy, rib.bestPath(P).orElseThrow().peer(), "weight comes before locally originated");
        rib.withdraw(heavy, P, 0);
        assertTrue(rib.bestPath(P).orElseThrow().peer().isLocal(), "the eBGP LOCAL_PREF 500 was ignored (RFC 4271 §5.1.5)");
        assertEquals(light, rib.explain(P).get(0).route().peer());
        assertEquals(DecisionStep.LOCALLY_ORIGINATED, rib.explain(P).get(0).lostAt());
    }
}

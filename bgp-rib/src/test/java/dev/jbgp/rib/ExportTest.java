package dev.jbgp.rib;

import dev.jbgp.wire.attr.AsPathSegment;

import static dev.jbgp.rib.Fixtures.LOCAL_AS;
import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.ibgp;
import static dev.jbgp.rib.Fixtures.ip4;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.wire.nlri.Prefix;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Adj-RIB-Out: RFC 4271 §5 / §9.1.3 rules, route reflection (RFC 4456), RFC 8212, update groups. */
class ExportTest {

    private static final Prefix P = prefix("127.70.0.0/16");
    private static final PeerId SOURCE = ebgp(2, 65001);
    private static final PeerId TARGET = ebgp(3, 65002);

    private static PathAttributes received() {
        return attrs("127.0.0.2", 65001).med(50).addCommunity(0xFDE80001).build();
    }

    private static PeerSettings exporting(Policy export) {
        return PeerSettings.builder().importPolicy(Policy.acceptAll()).exportPolicy(export)
                .localAddress(addr("127.0.0.1")).build();
    }

    @Test
    void ebgpPrependOwnAsTwiceArrivesThreeTimes() {
        Rib rib = Rib.create(config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(TARGET, exporting(Policy.of("prepend", Term.accept(Match.any(), Action.prependOwnAs(2)))));
        rib.announce(SOURCE, P, 0, received());
        PathAttributes out = rib.adjRibOut(TARGET).get(P).orElseThrow();
        // What the receiving side decodes: our AS N+1 times, then the original path.
        assertEquals(List.of(AsPathSegment.sequence(LOCAL_AS, LOCAL_AS, LOCAL_AS, 65001)), out.asPath());
        assertEquals(3, out.countAs(LOCAL_AS));
        assertEquals(addr("127.0.0.1"), out.nextHop().orElseThrow(), "next-hop-self on eBGP");
        assertFalse(out.hasLocalPref(), "LOCAL_PREF is not sent to eBGP");
        assertFalse(out.hasMed(), "a MED from AS 65001 does not go on to AS 65002");
        assertArrayEquals(new int[] {0xFDE80001}, out.communities(), "communities are transitive");
    }

    @Test
    void prependOfAGivenAsGoesUnderOurs() {
        Rib rib = Rib.create(config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(TARGET, exporting(Policy.of("prepend", Term.accept(Match.any(), Action.prepend(64999, 2)))));
        rib.announce(SOURCE, P, 0, received());
        assertEquals(List.of(AsPathSegment.sequence(LOCAL_AS, 64999, 64999, 65001)),
                rib.adjRibOut(TARGET).get(P).orElseThrow().asPath());
    }

    @Test
    void exportPolicyMedSurvivesAndLocalRoutesKeepTheirMed() {
        Rib rib = Rib.create(config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(TARGET, exporting(Policy.of("med", Term.accept(Match.prefixIn(dev.jbgp.rib.policy.PrefixList.parse("127.70.0.0/16")), Action.setMed(7)),
                Term.accept(Match.any()))));
        rib.announce(SOURCE, P, 0, received());
        assertEquals(7, rib.adjRibOut(TARGET).get(P).orElseThrow().med(-1));
        Prefix local = prefix("127.71.0.0/16");
        rib.originate(local, PathAttributes.builder().med(30).build());
        PathAttributes out = rib.adjRibOut(TARGET).get(local).orElseThrow();
        assertEquals(30, out.med(-1), "our own MED is ours to send");
        assertEquals(List.of(AsPathSegment.sequence(LOCAL_AS)), out.asPath());
        assertEquals(addr("127.0.0.1"), out.nextHop().orElseThrow());
    }

    @Test
    void thirdPartyAndUnchangedNextHop() {
        Rib rib = Rib.create(config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        PeerSettings thirdParty = PeerSettings.builder().importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll())
                .localAddress(addr("127.0.0.1")).sharedSubnet(prefix("127.0.0.0/24")).build();
        rib.peerUp(TARGET, thirdParty);
        PeerId unchanged = ebgp(4, 65004);
        rib.peerUp(unchanged, PeerSettings.builder().exportPolicy(Policy.acceptAll()).nextHopMode(NextHopMode.UNCHANGED)
                .localAddress(addr("127.0.0.1")).build());
        rib.announce(SOURCE, P, 0, received());
        assertEquals(addr("127.0.0.2"), rib.adjRibOut(TARGET).get(P).orElseThrow().nextHop().orElseThrow(),
                "next hop on the shared subnet is passed on (RFC 4271 §5.1.3)");
        assertEquals(addr("127.0.0.2"), rib.adjRibOut(unchanged).get(P).orElseThrow().nextHop().orElseThrow());
        Prefix other = prefix("127.72.0.0/16");
        rib.announce(SOURCE, other, 0, attrs("127.0.9.9", 65001).build());
        assertEquals(addr("127.0.0.1"), rib.adjRibOut(TARGET).get(other).orElseThrow().nextHop().orElseThrow(),
                "next hop off the shared subnet: next-hop-self");
    }

    @Test
    void routesAreNotSentToAnAsAlreadyInThePath() {
        Rib rib = Rib.create(config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(TARGET, exporting(Policy.acceptAll()));
        rib.announce(SOURCE, P, 0, attrs("127.0.0.2", 65001, 65002).build());
        assertTrue(rib.adjRibOut(TARGET).get(P).isEmpty());
        assertTrue(rib.adjRibOut(SOURCE).get(P).isEmpty(), "nor back to the AS it came from");
    }

    @Test
    void ibgpGetsLocalPrefAndUnchangedNextHopButIbgpRoutesStayPut() {
        Rib rib = Rib.create(config().build());
        PeerId i1 = ibgp(5, false);
        PeerId i2 = ibgp(6, false);
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(i1, open("127.0.0.1"));
        rib.peerUp(i2, open("127.0.0.1"));
        rib.announce(SOURCE, P, 0, received());
        PathAttributes toIbgp = rib.adjRibOut(i1).get(P).orElseThrow();
        assertEquals(100, toIbgp.localPref(-1), "RFC 4271 §5.1.5: LOCAL_PREF to internal peers");
        assertEquals(addr("127.0.0.2"), toIbgp.nextHop().orElseThrow(), "iBGP: next hop unchanged");
        assertEquals(50, toIbgp.med(-1), "MED goes to iBGP");
        assertEquals(List.of(AsPathSegment.sequence(65001)), toIbgp.asPath(), "no prepend inside the AS");
        Prefix q = prefix("127.73.0.0/16");
        rib.announce(i1, q, 0, attrs("127.0.0.5", 65009).localPref(100).build());
        assertTrue(rib.adjRibOut(i2).get(q).isEmpty(), "no iBGP-to-iBGP re-advertisement without reflection");
        assertTrue(rib.adjRibOut(SOURCE).get(q).isPresent(), "iBGP-learned goes to eBGP");
    }

    @Test
    void routeReflectorReflectsClientRoutesToAllAndNonClientRoutesToClients() {
        int cluster = ip4("127.1.0.1");
        Rib rib = Rib.create(config().routeReflector(cluster).build());
        PeerId client1 = ibgp(5, true);
        PeerId client2 = ibgp(6, true);
        PeerId nonClient1 = ibgp(7, false);
        PeerId nonClient2 = ibgp(8, false);
        for (PeerId p : new PeerId[] {client1, client2, nonClient1, nonClient2}) {
            rib.peerUp(p, open("127.0.0.1"));
        }
        assertSame(rib.adjRibOut(client1), rib.adjRibOut(client2), "clients share an update group");
        assertNotSame(rib.adjRibOut(client1), rib.adjRibOut(nonClient1));
        Prefix fromClient = prefix("127.74.0.0/16");
        rib.announce(client1, fromClient, 0, attrs("127.0.0.5", 65009).localPref(100).build());
        PathAttributes reflected = rib.adjRibOut(nonClient1).get(fromClient).orElseThrow();
        assertEquals(client1.bgpId(), reflected.originatorId(0), "RFC 4456 §8 ORIGINATOR_ID");
        assertArrayEquals(new int[] {cluster}, reflected.clusterList());
        assertTrue(rib.adjRibOut(client2).get(fromClient).isPresent(), "client to client");
        Prefix fromNonClient = prefix("127.75.0.0/16");
        rib.announce(nonClient1, fromNonClient, 0, attrs("127.0.0.7", 65009).localPref(100).build());
        assertTrue(rib.adjRibOut(client1).get(fromNonClient).isPresent(), "non-client to clients");
        assertTrue(rib.adjRibOut(nonClient2).get(fromNonClient).isEmpty(), "not non-client to non-client");
        // A route carrying our cluster id came back: a loop, never best (RFC 4456 §8).
        Prefix looped = prefix("127.76.0.0/16");
        rib.announce(nonClient2, looped, 0, attrs("127.0.0.8", 65009).clusterList(cluster).build());
        assertTrue(rib.bestPath(looped).isEmpty());
        assertTrue(rib.paths(looped).get(0).hasLoop());
    }

    @Test
    void rfc8212WithoutPoliciesNothingInNothingOut() {
        Rib rib = Rib.create(config().build());
        PeerSettings bare = PeerSettings.builder().localAddress(addr("127.0.0.1")).build();
        rib.peerUp(SOURCE, bare);
        rib.peerUp(TARGET, bare);
        assertFalse(rib.announce(SOURCE, P, 0, received()), "no import policy on eBGP: nothing accepted");
        assertEquals(0, rib.size());
        rib.originate(P, PathAttributes.builder().build());
        assertTrue(rib.adjRibOut(TARGET).get(P).isEmpty(), "no export policy on eBGP: nothing announced");
        PeerId internal = ibgp(5, false);
        rib.peerUp(internal, bare);
        assertTrue(rib.adjRibOut(internal).get(P).isPresent(), "RFC 8212 is about eBGP only");

        Rib permissive = Rib.create(config().rfc8212(false).build());
        permissive.peerUp(SOURCE, bare);
        permissive.peerUp(TARGET, bare);
        assertTrue(permissive.announce(SOURCE, P, 0, received()));
        assertTrue(permissive.adjRibOut(TARGET).get(P).isPresent());
    }

    @Test
    void updateGroupsShareWorkAndBatchPrefixesByAttributeSet() {
        Rib rib = Rib.create(config().build());
        Policy export = Policy.acceptAll();
        PeerId t1 = ebgp(3, 65002);
        PeerId t2 = ebgp(4, 65002);
        PeerId t3 = ebgp(5, 65003);
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(t1, exporting(export));
        rib.peerUp(t2, exporting(export));
        rib.peerUp(t3, exporting(export));
        AdjRibOut g = rib.adjRibOut(t1);
        assertSame(g, rib.adjRibOut(t2));
        assertEquals(List.of(t1, t2), g.members());
        assertNotSame(g, rib.adjRibOut(t3), "another neighbour AS, another group");
        PathAttributes shared = attrs("127.0.0.2", 65001).build();
        for (String p : new String[] {"127.80.0.0/16", "127.81.0.0/16", "127.82.0.0/16"}) {
            rib.announce(SOURCE, prefix(p), 0, shared);
        }
        rib.announce(SOURCE, prefix("127.83.0.0/16"), 0, attrs("127.0.0.2", 65001).med(1).addCommunity(9).build());
        OutboundUpdates u = g.drainPending();
        assertEquals(2, u.announcements().size(), "two attribute sets, two UPDATEs");
        assertEquals(3, u.announcements().get(0).prefixes().size());
        assertEquals(List.of(prefix("127.83.0.0/16")), u.announcements().get(1).prefixes());
        assertFalse(g.hasPending());
        Map<PathAttributes, List<Prefix>> all = g.byAttributes();
        assertEquals(2, all.size());
        rib.withdraw(SOURCE, prefix("127.81.0.0/16"), 0);
        OutboundUpdates w = g.drainPending();
        assertEquals(List.of(prefix("127.81.0.0/16")), w.withdrawn());
        assertTrue(w.announcements().isEmpty());
    }

    /**
     * The Adj-RIB-Out events of each peer, replayed into a map per peer, equal what the RIB says it
     * announces to that peer, also when the peer joins a group that already holds routes and when it
     * leaves one (its whole Adj-RIB-Out announced, then withdrawn).
     */
    @Test
    void eventsPerPeerFollowItsAdjRibOutAcrossJoiningAndLeavingAGroup() {
        Rib rib = Rib.create(config().build());
        Fixtures.Recorder rec = new Fixtures.Recorder();
        rib.addListener(rec);
        Policy export = Policy.acceptAll();
        PeerId founder = ebgp(3, 65002);
        PeerId joiner = ebgp(4, 65002);
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(founder, exporting(export));
        List<Prefix> prefixes = List.of(prefix("127.80.0.0/16"), prefix("127.81.0.0/16"), prefix("127.82.0.0/24"));
        for (Prefix p : prefixes) {
            rib.announce(SOURCE, p, 0, attrs("127.0.0.2", 65001).build());
        }
        rib.peerUp(joiner, exporting(export));
        assertSame(rib.adjRibOut(founder), rib.adjRibOut(joiner), "one group");
        Map<PeerId, Map<Prefix, PathAttributes>> replayed = replay(rec.out);
        for (PeerId peer : List.of(founder, joiner)) {
            assertEquals(3, replayed.get(peer).size(), peer + " was told of every route");
            for (Prefix p : prefixes) {
                assertEquals(rib.adjRibOut(peer).get(p).orElseThrow(), replayed.get(peer).get(p), peer + " " + p);
            }
        }
        rib.withdraw(SOURCE, prefixes.get(1), 0);
        rib.peerDown(joiner);
        replayed = replay(rec.out);
        assertEquals(Map.of(), replayed.get(joiner), "the leaving peer's Adj-RIB-Out is withdrawn whole");
        assertEquals(2, replayed.get(founder).size(), "the member that stays keeps its routes");
        rib.peerDown(founder);
        assertEquals(Map.of(), replay(rec.out).get(founder), "the last member too");
    }

    /** Applies Adj-RIB-Out events in order: per peer, prefix to the attribute set announced. */
    private static Map<PeerId, Map<Prefix, PathAttributes>> replay(List<AdjRibOutChange> events) {
        Map<PeerId, Map<Prefix, PathAttributes>> out = new java.util.HashMap<>();
        for (AdjRibOutChange c : events) {
            Map<Prefix, PathAttributes> m = out.computeIfAbsent(c.peer(), k -> new java.util.HashMap<>());
            PathAttributes before = m.get(c.prefix());
            assertEquals(Optional.ofNullable(before), c.previous(), "an event's previous set is what was announced: " + c);
            if (c.current().isPresent()) {
                m.put(c.prefix(), c.current().get());
            } else {
                m.remove(c.prefix());
            }
        }
        return out;
    }

    @Test
    void importPolicyRejectsAndSetsAttributes() {
        Rib rib = Rib.create(config().build());
        Policy in = Policy.of("in",
                Term.reject(Match.prefixIn(dev.jbgp.rib.policy.PrefixList.parse("127.90.0.0/16 le 32"))),
                Term.accept(Match.community(0xFDE8, 1), Action.setLocalPref(300), Action.removeCommunity(0xFDE80001)),
                Term.accept(Match.any()));
        rib.peerUp(SOURCE, PeerSettings.builder().importPolicy(in).build());
        assertFalse(rib.announce(SOURCE, prefix("127.90.1.0/24"), 0, received()));
        assertTrue(rib.announce(SOURCE, P, 0, received()));
        PathAttributes stored = rib.bestPath(P).orElseThrow().attributes();
        assertEquals(300, stored.localPref(-1));
        assertEquals(0, stored.communities().length);
        // The same prefix now rejected: the earlier route is withdrawn.
        Rib rib2 = Rib.create(config().build());
        rib2.peerUp(SOURCE, PeerSettings.builder().importPolicy(Policy.of("deny-lp",
                Term.reject(Match.asPathLength(2, 10)), Term.accept(Match.any()))).build());
        rib2.announce(SOURCE, P, 0, attrs("127.0.0.2", 65001).build());
        assertEquals(1, rib2.size());
        rib2.announce(SOURCE, P, 0, attrs("127.0.0.2", 65001, 65005).build());
        assertEquals(0, rib2.size());
    }
}

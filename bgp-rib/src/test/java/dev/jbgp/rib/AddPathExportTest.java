package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.LOCAL_AS;
import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.ibgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ADD-PATH send (RFC 7911): several paths per prefix to a peer, with stable path identifiers, export
 * rules and policy per path, update groups kept apart, reference counts back to zero.
 */
class AddPathExportTest {

    private static final Prefix P = prefix("127.70.0.0/16");
    private static final Prefix P6 = prefix("2001:db8:70::/48");
    /** Three eBGP sources ranked by AS_PATH length: S1 (1 AS) beats S2 (2) beats S3 (3). */
    private static final PeerId S1 = ebgp(2, 65001);
    private static final PeerId S2 = ebgp(3, 65002);
    private static final PeerId S3 = ebgp(4, 65003);
    private static final PeerId T = ebgp(9, 65009);
    private static final PeerId PLAIN = ebgp(10, 65009);

    private static PeerSettings addPath(AddPathSend selection) {
        return open("127.0.0.1").toBuilder().nextHopMode(NextHopMode.UNCHANGED)
                .addPathSend(selection, Set.of(AddressFamily.IPV4_UNICAST)).build();
    }

    private static PathAttributes from(int n, long... asPath) {
        return attrs("127.0.0." + n, asPath).build();
    }

    /** A rib with S1..S3 up, each announcing {@link #P}, and {@code target} up with {@code settings}. */
    private static Rib ribWithThreePaths(Rib rib, PeerSettings settings) {
        rib.peerUp(S1, open("127.0.0.1"));
        rib.peerUp(S2, open("127.0.0.1"));
        rib.peerUp(S3, open("127.0.0.1"));
        rib.announce(S1, P, 0, from(2, 65001));
        rib.announce(S2, P, 0, from(3, 65002, 65102));
        rib.announce(S3, P, 0, from(4, 65003, 65103, 65203));
        rib.peerUp(T, settings);
        return rib;
    }

    /** "id@next-hop" of each path sent for {@code p}, best-ranked first. */
    private static List<String> sent(Rib rib, PeerId peer, Prefix p) {
        List<String> out = new ArrayList<>();
        for (AdvertisedPath a : rib.adjRibOut(peer).paths(p)) {
            out.add(a.pathId() + "@" + a.attributes().nextHop().orElseThrow().getHostAddress());
        }
        return out;
    }

    /** "W id" / "A id@next-hop" of a drain, in order. */
    private static List<String> drained(OutboundUpdates u) {
        List<String> out = new ArrayList<>();
        int[] w = u.withdrawnPathIds();
        for (int i = 0; i < u.withdrawn().size(); i++) {
            out.add("W " + u.withdrawn().get(i) + " " + (w.length == 0 ? 0 : w[i]));
        }
        for (UpdateBatch b : u.announcements()) {
            for (int i = 0; i < b.prefixes().size(); i++) {
                out.add("A " + b.prefixes().get(i) + " " + b.pathId(i) + "@"
                        + b.attributes().nextHop().orElseThrow().getHostAddress());
            }
        }
        return out;
    }

    @Test
    void allPathsAreSentWithDistinctIdsInDecisionOrder() {
        Rib rib = ribWithThreePaths(Rib.create(config().build()), addPath(AddPathSend.all()));
        assertEquals(List.of("1@127.0.0.2", "2@127.0.0.3", "3@127.0.0.4"), sent(rib, T, P));
        AdjRibOut g = rib.adjRibOut(T);
        assertEquals(1, g.size());
        assertEquals(3, g.pathCount());
        assertEquals(addr("127.0.0.2"), g.get(P).orElseThrow().nextHop().orElseThrow(), "get() is the best-ranked path");
        // The joining peer's full table: one batch per attribute set, each with its path id.
        List<UpdateBatch> full = g.fullTable();
        assertEquals(3, full.size());
        assertArrayEquals(new int[] {1}, full.get(0).pathIds());
        assertEquals(List.of(P), full.get(1).prefixes());
        assertTrue(g.announces(P, 3));
        assertFalse(g.announces(P, 4));
        assertFalse(g.announces(P, 0));
    }

    @Test
    void bestNTakesTheFirstNAndBestOnlyKeepsOnePathWithoutIds() {
        Rib rib = ribWithThreePaths(Rib.create(config().build()), addPath(AddPathSend.bestN(2)));
        assertEquals(List.of("1@127.0.0.2", "2@127.0.0.3"), sent(rib, T, P));

        Rib best = ribWithThreePaths(Rib.create(config().build()), addPath(AddPathSend.bestOnly()));
        assertEquals(List.of("0@127.0.0.2"), sent(best, T, P), "best only: the ordinary table, no path ids");
        assertSame(AddPathSend.bestOnly(), AddPathSend.bestN(1));
        assertThrows(IllegalArgumentException.class, () -> AddPathSend.bestN(0));
    }

    @Test
    void multipathSendsTheEcmpSet() {
        // S1 and S2b tie through the IGP-cost step (equal AS_PATH length, relax on): the ECMP set.
        Rib rib = Rib.create(config().decision(options().maxPathsEbgp(4).asPathMultipathRelax(true).build()).build());
        PeerId s2b = ebgp(5, 65005);
        rib.peerUp(s2b, open("127.0.0.1"));
        ribWithThreePaths(rib, addPath(AddPathSend.multipath()));
        rib.announce(s2b, P, 0, from(5, 65005));
        assertEquals(2, rib.multipath(P).size());
        List<String> s = sent(rib, T, P);
        assertEquals(2, s.size(), s.toString());
        assertTrue(s.contains("1@127.0.0.2") && s.stream().anyMatch(x -> x.endsWith("@127.0.0.5")), s.toString());
        // S2b leaves: the set is S1 alone; S2's path (not in the set) is not sent.
        rib.peerDown(s2b);
        assertEquals(List.of("1@127.0.0.2"), sent(rib, T, P));
    }

    @Test
    void idsStayWithTheirSourcePathAcrossBestPathChanges() {
        Rib rib = ribWithThreePaths(Rib.create(config().build()), addPath(AddPathSend.all()));
        AdjRibOut g = rib.adjRibOut(T);
        g.drainPending();
        // A new best path: it gets a fresh id; the others keep theirs, and nothing else is re-sent.
        PeerId s0 = ebgp(6, 65006);
        rib.peerUp(s0, open("127.0.0.1"));
        rib.announce(s0, P, 0, attrs("127.0.0.6", 65006).med(0).build());
        rib.announce(S1, P, 0, from(2, 65001, 65101)); // S1 loses to S0 and ties S2 on length
        assertEquals(addr("127.0.0.6"), rib.bestPath(P).orElseThrow().attributes().nextHop().orElseThrow());
        List<String> s = sent(rib, T, P);
        assertEquals("4@127.0.0.6", s.get(0), s.toString());
        assertTrue(s.containsAll(List.of("1@127.0.0.2", "2@127.0.0.3", "3@127.0.0.4")), s.toString());
        // S1 changed attributes on the same source path: re-announced under the same id 1.
        assertEquals(List.of("A " + P + " 1@127.0.0.2", "A " + P + " 4@127.0.0.6"), sortedAnnouncements(g.drainPending()));
    }

    private static List<String> sortedAnnouncements(OutboundUpdates u) {
        List<String> d = drained(u);
        d.sort(null);
        return d;
    }

    @Test
    void withdrawingOneOfSeveralPathsWithdrawsOnlyItsIdAndTheIdIsReusedAfterTheDrain() {
        Recorder rec = new Recorder();
        Rib rib = Rib.create(config().build());
        rib.addListener(rec);
        ribWithThreePaths(rib, addPath(AddPathSend.all()));
        AdjRibOut g = rib.adjRibOut(T);
        g.drainPending();
        rec.out.clear();
        rib.withdraw(S2, P, 0);
        assertEquals(List.of("1@127.0.0.2", "3@127.0.0.4"), sent(rib, T, P));
        assertEquals(1, rec.out.size());
        AdjRibOutChange c = rec.out.get(0);
        assertEquals(T, c.peer());
        assertEquals(2, c.pathId());
        assertTrue(c.previous().isPresent() && c.current().isEmpty());
        // Before the withdrawal of id 2 went out, a new path must not take id 2.
        rib.announce(S2, P, 0, from(3, 65002, 65102));
        assertEquals(List.of("1@127.0.0.2", "2@127.0.0.3", "3@127.0.0.4").size(), sent(rib, T, P).size());
        assertTrue(sent(rib, T, P).contains("4@127.0.0.3"), sent(rib, T, P).toString());
        OutboundUpdates u = g.drainPending();
        assertEquals(List.of("W " + P + " 2", "A " + P + " 4@127.0.0.3"), drained(u));
        // After the drain id 2 is free again.
        rib.withdraw(S3, P, 0);
        PeerId s5 = ebgp(7, 65007);
        rib.peerUp(s5, open("127.0.0.1"));
        rib.announce(s5, P, 0, from(7, 65007, 65107, 65207, 65307));
        assertTrue(sent(rib, T, P).contains("2@127.0.0.7"), sent(rib, T, P).toString());
    }

    @Test
    void exportPolicyRejectingOnePathSkipsItAndBestNTakesTheNext() {
        int noExport = 0xFDE8_0063; // 65000:99, tagged on S1's path
        Policy policy = Policy.of("no-65000:99", Term.reject(Match.community(noExport)), Term.accept(Match.any()));
        Rib rib = Rib.create(config().build());
        PeerSettings s = addPath(AddPathSend.bestN(2)).toBuilder().exportPolicy(policy).build();
        ribWithThreePaths(rib, s);
        rib.announce(S1, P, 0, attrs("127.0.0.2", 65001).addCommunity(noExport).build());
        assertEquals(addr("127.0.0.2"), rib.bestPath(P).orElseThrow().attributes().nextHop().orElseThrow());
        List<String> got = sent(rib, T, P);
        assertEquals(2, got.size(), got.toString());
        assertTrue(got.get(0).endsWith("@127.0.0.3") && got.get(1).endsWith("@127.0.0.4"), got.toString());
    }

    @Test
    void eachPathIsPrependedAndRewrittenOnItsOwn() {
        Policy prepend = Policy.of("prepend-2", Term.accept(Match.any(), Action.prependOwnAs(2)));
        PeerSettings s = addPath(AddPathSend.all()).toBuilder().exportPolicy(prepend).build();
        Rib rib = ribWithThreePaths(Rib.create(config().build()), s);
        List<AdvertisedPath> out = rib.adjRibOut(T).paths(P);
        assertEquals(3, out.size());
        long[] neighbours = {65001, 65002, 65003};
        for (int i = 0; i < 3; i++) {
            PathAttributes a = out.get(i).attributes();
            assertEquals(3, a.countAs(LOCAL_AS), "our AS once plus two policy prepends on path " + i);
            assertEquals(3 + 1 + i, a.asPathLength());
            assertTrue(a.containsAs(neighbours[i]));
            assertFalse(a.hasLocalPref(), "no LOCAL_PREF to eBGP");
        }
    }

    @Test
    void aPathIsNeverSentBackIntoTheAsItCameFrom() {
        Rib rib = Rib.create(config().build());
        PeerId sameAs = ebgp(9, 65002); // the target is in S2's AS
        rib.peerUp(S1, open("127.0.0.1"));
        rib.peerUp(S2, open("127.0.0.1"));
        rib.announce(S1, P, 0, from(2, 65001));
        rib.announce(S2, P, 0, from(3, 65002));
        rib.peerUp(sameAs, addPath(AddPathSend.all()));
        assertEquals(List.of("1@127.0.0.2"), sent(rib, sameAs, P));
    }

    @Test
    void ibgpPathsAreNotSentToIbgpPeersWithoutReflection() {
        Rib rib = Rib.create(config().build());
        PeerId i1 = ibgp(5, false);
        PeerId i2 = ibgp(6, false);
        PeerId target = ibgp(7, false);
        rib.peerUp(S1, open("127.0.0.1"));
        rib.peerUp(i1, open("127.0.0.1"));
        rib.peerUp(i2, open("127.0.0.1"));
        rib.announce(i1, P, 0, attrs("127.0.0.5", 65011).localPref(200).build());
        rib.announce(i2, P, 0, attrs("127.0.0.6", 65012).localPref(200).build());
        rib.announce(S1, P, 0, from(2, 65001));
        rib.peerUp(target, addPath(AddPathSend.all()));
        // The best two are iBGP-learned (LOCAL_PREF 200): only the eBGP path may go to an iBGP peer.
        assertEquals(List.of("1@127.0.0.2"), sent(rib, target, P));
    }

    @Test
    void routeReflectorSendsEachClientEveryPathButItsOwn() {
        int cluster = Fixtures.ip4("127.9.9.9");
        Rib rib = Rib.create(config().routeReflector(cluster).build());
        PeerId client1 = ibgp(5, true);
        PeerId client2 = ibgp(6, true);
        PeerId nonClient = ibgp(7, false);
        PeerId nonClientTarget = ibgp(8, false);
        PeerSettings all = addPath(AddPathSend.all());
        rib.peerUp(client1, all); // a source and an add-path receiver at once
        rib.peerUp(client2, open("127.0.0.1"));
        rib.peerUp(nonClient, open("127.0.0.1"));
        rib.announce(client1, P, 0, attrs("127.0.0.5", 65011).localPref(100).build());
        rib.announce(client2, P, 0, attrs("127.0.0.6", 65012, 65112).localPref(100).build());
        rib.announce(nonClient, P, 0, attrs("127.0.0.7", 65013, 65113, 65213).localPref(100).build());
        rib.peerUp(nonClientTarget, all);
        // Client 1 gets the other client's and the non-client's paths, never its own.
        List<String> toClient = sent(rib, client1, P);
        assertEquals(2, toClient.size(), toClient.toString());
        assertTrue(toClient.get(0).endsWith("@127.0.0.6") && toClient.get(1).endsWith("@127.0.0.7"), toClient.toString());
        PathAttributes reflected = rib.adjRibOut(client1).paths(P).get(0).attributes();
        assertTrue(reflected.hasOriginatorId(), "RFC 4456 §8: ORIGINATOR_ID on each reflected path");
        assertTrue(reflected.clusterListContains(cluster));
        // A non-client gets the clients' paths, not the other non-client's (RFC 4456 §6).
        List<String> toNonClient = sent(rib, nonClientTarget, P);
        assertEquals(2, toNonClient.size(), toNonClient.toString());
        assertTrue(toNonClient.get(0).endsWith("@127.0.0.5") && toNonClient.get(1).endsWith("@127.0.0.6"),
                toNonClient.toString());
        // Two add-path internal peers never share a group: each must be kept from its own paths.
        assertNotSame(rib.adjRibOut(client1), rib.adjRibOut(nonClientTarget));
    }

    @Test
    void identicalExportedSetsAreSentOnceAndTheIdPassesOnWithoutAnUpdate() {
        // Next-hop-self on eBGP: two paths from one AS with the same AS_PATH become one path out.
        Rib rib = Rib.create(config().build());
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65001);
        rib.peerUp(a, open("127.0.0.1"));
        rib.peerUp(b, open("127.0.0.1"));
        rib.announce(a, P, 0, from(2, 65001));
        rib.announce(b, P, 0, from(3, 65001));
        PeerSettings self = open("127.0.0.1").toBuilder().nextHopMode(NextHopMode.SELF)
                .addPathSend(AddPathSend.all(), Set.of(AddressFamily.IPV4_UNICAST)).build();
        rib.peerUp(T, self);
        assertEquals(List.of("1@127.0.0.1"), sent(rib, T, P));
        AdjRibOut g = rib.adjRibOut(T);
        g.drainPending();
        // The path kept leaves; the other, identical on the wire, takes over id 1: nothing to send.
        PeerId kept = rib.bestPath(P).orElseThrow().peer();
        rib.peerDown(kept);
        assertEquals(List.of("1@127.0.0.1"), sent(rib, T, P));
        assertTrue(g.drainPending().isEmpty());
    }

    @Test
    void addPathPeersAndOthersNeverShareAGroupAndOtherFamiliesGetTheBestPath() {
        Rib rib = ribWithThreePaths(Rib.create(config().build()), addPath(AddPathSend.all()));
        PeerSettings plain = open("127.0.0.1").toBuilder().nextHopMode(NextHopMode.UNCHANGED).build();
        rib.peerUp(PLAIN, plain);
        assertNotSame(rib.adjRibOut(T), rib.adjRibOut(PLAIN));
        assertEquals(List.of("0@127.0.0.2"), sent(rib, PLAIN, P));
        OutboundUpdates u = rib.adjRibOut(PLAIN).drainPending();
        assertEquals(0, u.withdrawnPathIds().length);
        assertEquals(0, u.announcements().get(0).pathIds().length, "no path ids for a peer without ADD-PATH");
        // IPv6 was not negotiated with ADD-PATH send: the add-path peer gets its best path only, id 0.
        rib.announce(S1, P6, 0, attrs("2001:db8::2", 65001).build());
        rib.announce(S2, P6, 0, attrs("2001:db8::3", 65002, 65102).build());
        List<AdvertisedPath> six = rib.adjRibOut(T).paths(P6);
        assertEquals(1, six.size());
        assertEquals(0, six.get(0).pathId());
        assertEquals(2, rib.adjRibOut(T).size());
        assertEquals(4, rib.adjRibOut(T).pathCount());
    }

    @Test
    void referenceCountsReturnToZeroWhenEveryoneGoes() {
        Rib rib = Rib.create(config().build());
        ribWithThreePaths(rib, addPath(AddPathSend.all()));
        PeerId t2 = ebgp(11, 65010);
        rib.peerUp(t2, addPath(AddPathSend.bestN(2)));
        rib.announce(S2, P, 0, from(3, 65002, 65102).toBuilder().med(5).build());
        rib.withdraw(S3, P, 0);
        assertTrue(rib.interner().size() > 0);
        for (PeerId p : List.of(T, t2, S1, S2, S3)) {
            rib.peerDown(p);
        }
        assertEquals(0, rib.interner().size(), "every exported and received set released");
        assertEquals(0, rib.interner().totalReferences());
        assertTrue(rib.updateGroups().isEmpty());
    }

    @Test
    void changeEventsCarryPathIds() {
        Recorder rec = new Recorder();
        Rib rib = Rib.create(config().build());
        rib.addListener(rec);
        ribWithThreePaths(rib, addPath(AddPathSend.all()));
        List<Integer> ids = new ArrayList<>();
        for (AdjRibOutChange c : rec.out) {
            if (c.peer().equals(T)) {
                ids.add(c.pathId());
            }
        }
        ids.sort(null);
        assertEquals(List.of(1, 2, 3), ids);
    }

    @Test
    void localRoutesAreSentAlongsideLearnedOnes() {
        Rib rib = ribWithThreePaths(Rib.create(config().build()), addPath(AddPathSend.all()));
        rib.originate(P, PathAttributes.builder().nextHop(addr("127.0.0.1")).build());
        List<String> s = sent(rib, T, P);
        assertEquals("4@127.0.0.1", s.get(0), "the local route is best and new: id 4");
        assertEquals(4, s.size());
        assertEquals(List.of(LOCAL_AS), List.of(rib.adjRibOut(T).paths(P).get(0).attributes().neighbourAs()));
    }

    /** Records Adj-RIB-Out changes. */
    private static final class Recorder implements RibListener {
        final List<AdjRibOutChange> out = new ArrayList<>();

        @Override
        public void locRibChanged(LocRibChange change) {
        }

        @Override
        public void adjRibOutChanged(AdjRibOutChange change) {
            out.add(change);
        }
    }
}

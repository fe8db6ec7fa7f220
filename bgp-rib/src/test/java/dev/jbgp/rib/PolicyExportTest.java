package dev.jbgp.rib;

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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.PrefixList;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.LargeCommunity;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An import and an export policy built from prefix-list ranges, {@code asPathContains},
 * {@code neighbour}, {@code largeCommunity}, next-hop, community, large-community and MED actions,
 * run by a real {@link Rib}: what the Loc-RIB keeps, what the Adj-RIB-Out of an eBGP and an iBGP peer
 * holds, and what those peers decode from the UPDATEs we would send them.
 */
class PolicyExportTest {

    private static final PeerId A = ebgp(2, 65001);
    private static final PeerId B = ebgp(3, 65003);
    private static final PeerId EXTERNAL = ebgp(4, 65002);
    private static final PeerId INTERNAL = ibgp(5, false);

    private static final int C_LOCAL_1 = 0xFDE80001;      // 65000:1
    private static final int C_FROM_A = 0xFDE80064;       // 65000:100
    private static final int C_VIA_65066 = 0xFDE8029A;    // 65000:666
    private static final int C_B = 0xFDEB0001;            // 65003:1

    /** 127.90.0.0/16 itself and up to /23 are accepted from A; its /24 and longer are not. */
    private static final Prefix PLAIN = prefix("127.90.0.0/16");
    private static final Prefix PLAIN_23 = prefix("127.90.2.0/23");
    private static final Prefix TOO_LONG = prefix("127.90.1.0/24");
    /** From A through AS 65066 with the large community 65001:0:1. */
    private static final Prefix TAGGED = prefix("127.92.0.0/16");
    /** From B: 127.91.0.0/16 goes to the eBGP peer; /17../24 inside it do not; a /25 does. */
    private static final Prefix B_16 = prefix("127.91.0.0/16");
    private static final Prefix B_20 = prefix("127.91.128.0/20");
    private static final Prefix B_24 = prefix("127.91.3.0/24");
    private static final Prefix B_25 = prefix("127.91.4.0/25");

    private Rib rib;

    @BeforeEach
    void setUp() {
        rib = Rib.create(config().build());
        Policy in = Policy.of("in-from-A",
                Term.reject(Match.prefixIn(PrefixList.parse("127.90.0.0/16 ge 24"))),
                Term.modify(Match.asPathContains(65066), Action.clearMed(), Action.addCommunity(C_VIA_65066)),
                Term.accept(Match.largeCommunity(65001, 0, 1), Action.setLocalPref(200),
                        Action.setNextHop(addr("127.0.0.20")), Action.removeLargeCommunity(65001, 0, 1),
                        Action.addLargeCommunity(65000, 1, 1)),
                Term.accept(Match.neighbour(A), Action.replaceCommunities(C_LOCAL_1)));
        rib.peerUp(A, PeerSettings.builder().importPolicy(in).localAddress(addr("127.0.0.1")).build());
        rib.peerUp(B, open("127.0.0.1"));
        Policy toExternal = Policy.of("out-ebgp",
                Term.reject(Match.prefixIn(PrefixList.parse("127.91.0.0/16 ge 17 le 24"))),
                Term.modify(Match.neighbour(A), Action.addCommunity(C_FROM_A)),
                Term.accept(Match.largeCommunity(65000, 1, 1), Action.replaceLargeCommunities(65000, 2, 2),
                        Action.setNextHop(addr("127.0.0.30"))),
                Term.accept(Match.asPathContains(65003), Action.replaceCommunities(), Action.clearMed()),
                Term.accept(Match.any()));
        rib.peerUp(EXTERNAL, PeerSettings.builder().importPolicy(Policy.acceptAll()).exportPolicy(toExternal)
                .localAddress(addr("127.0.0.1")).build());
        Policy toInternal = Policy.of("out-ibgp",
                Term.accept(Match.neighbour(A).and(Match.largeCommunity(65000, 1, 1)),
                        Action.addLargeCommunity(65000, 3, 3), Action.setNextHop(addr("127.0.0.40"))),
                Term.accept(Match.any(), Action.clearMed()));
        rib.peerUp(INTERNAL, PeerSettings.builder().importPolicy(Policy.acceptAll()).exportPolicy(toInternal)
                .localAddress(addr("127.0.0.1")).build());

        assertTrue(rib.announce(A, PLAIN, 0, attrs("127.0.0.2", 65001).med(10).communities(0xFDE90009).build()));
        assertTrue(rib.announce(A, PLAIN_23, 0, attrs("127.0.0.2", 65001).med(10).communities(0xFDE90009).build()));
        assertFalse(rib.announce(A, TOO_LONG, 0, attrs("127.0.0.2", 65001).build()), "ge 24: rejected on import");
        assertTrue(rib.announce(A, TAGGED, 0, attrs("127.0.0.2", 65001, 65066).med(20).localPref(900)
                .largeCommunities(65001, 0, 1, 65001, 0, 2).build()));
        PathAttributes fromB = attrs("127.0.0.3", 65003, 65005).med(5).communities(C_B).build();
        for (Prefix p : new Prefix[] {B_16, B_20, B_24, B_25}) {
            assertTrue(rib.announce(B, p, 0, fromB));
        }
    }

    @Test
    void importPolicyShapesTheLocRib() {
        assertEquals(7, rib.size(), "every route but the /24 under 127.90.0.0/16");
        assertTrue(rib.bestPath(TOO_LONG).isEmpty());

        PathAttributes plain = rib.bestPath(PLAIN).orElseThrow().attributes();
        assertArrayEquals(new int[] {C_LOCAL_1}, plain.communities(), "neighbour(A): communities replaced");
        assertEquals(10, plain.med(-1), "no clearMed on a path without 65066");
        assertEquals(addr("127.0.0.2"), plain.nextHop().orElseThrow());
        assertFalse(plain.hasLocalPref());
        assertEquals(plain, rib.bestPath(PLAIN_23).orElseThrow().attributes(), "/23 is below ge 24");

        PathAttributes tagged = rib.bestPath(TAGGED).orElseThrow().attributes();
        assertFalse(tagged.hasMed(), "asPathContains(65066): MED cleared");
        assertArrayEquals(new int[] {C_VIA_65066}, tagged.communities(),
                "added by the CONTINUE term, and the accepting term did not replace them");
        assertEquals(200, tagged.localPref(-1), "set by policy (the 900 from an eBGP peer was dropped first)");
        assertEquals(addr("127.0.0.20"), tagged.nextHop().orElseThrow());
        assertArrayEquals(new int[] {65001, 0, 2, 65000, 1, 1}, tagged.largeCommunities());
        assertEquals(List.of(AsPathSegment.sequence(65001, 65066)), tagged.asPath(), "import does not touch the path");

        PathAttributes b = rib.bestPath(B_20).orElseThrow().attributes();
        assertEquals(attrs("127.0.0.3", 65003, 65005).med(5).communities(C_B).build(), b, "B's routes are untouched");
    }

    @Test
    void ebgpPeerGetsTheExportPolicyAfterTheMandatoryRewrites() {
        AdjRibOut out = rib.adjRibOut(EXTERNAL);
        assertEquals(5, out.size(), "B's /20 and /24 are held back by the ge 17 le 24 range");
        assertTrue(out.get(B_20).isEmpty());
        assertTrue(out.get(B_24).isEmpty());
        assertTrue(out.get(TOO_LONG).isEmpty());

        PathAttributes plain = out.get(PLAIN).orElseThrow();
        assertEquals(List.of(AsPathSegment.sequence(LOCAL_AS, 65001)), plain.asPath());
        assertEquals(addr("127.0.0.1"), plain.nextHop().orElseThrow(), "next-hop-self");
        assertFalse(plain.hasMed(), "RFC 4271 §5.1.4: A's MED stays behind");
        assertArrayEquals(new int[] {C_LOCAL_1, C_FROM_A}, plain.communities(), "neighbour(A) added 65000:100");
        assertFalse(plain.hasLocalPref());

        PathAttributes tagged = out.get(TAGGED).orElseThrow();
        assertEquals(addr("127.0.0.30"), tagged.nextHop().orElseThrow(), "the policy's next hop beats next-hop-self");
        assertArrayEquals(new int[] {65000, 2, 2}, tagged.largeCommunities(), "replaced");
        assertArrayEquals(new int[] {C_VIA_65066, C_FROM_A}, tagged.communities());
        assertFalse(tagged.hasLocalPref(), "RFC 4271 §5.1.5: no LOCAL_PREF to eBGP");
        assertEquals(List.of(AsPathSegment.sequence(LOCAL_AS, 65001, 65066)), tagged.asPath());

        for (Prefix p : new Prefix[] {B_16, B_25}) {
            PathAttributes b = out.get(p).orElseThrow();
            assertArrayEquals(new int[0], b.communities(), p + ": replaceCommunities() removed them all");
            assertFalse(b.hasMed());
            assertEquals(addr("127.0.0.1"), b.nextHop().orElseThrow());
            assertEquals(List.of(AsPathSegment.sequence(LOCAL_AS, 65003, 65005)), b.asPath());
        }
    }

    @Test
    void ibgpPeerGetsLocalPrefAndItsOwnExportPolicy() {
        AdjRibOut out = rib.adjRibOut(INTERNAL);
        assertEquals(7, out.size(), "every eBGP-learned route");

        PathAttributes plain = out.get(PLAIN).orElseThrow();
        assertEquals(List.of(AsPathSegment.sequence(65001)), plain.asPath(), "no prepend inside the AS");
        assertEquals(addr("127.0.0.2"), plain.nextHop().orElseThrow(), "iBGP: next hop unchanged");
        assertEquals(100, plain.localPref(-1), "RFC 4271 §5.1.5: the default LOCAL_PREF");
        assertFalse(plain.hasMed(), "the policy's clearMed");
        assertArrayEquals(new int[] {C_LOCAL_1}, plain.communities());

        PathAttributes tagged = out.get(TAGGED).orElseThrow();
        assertEquals(addr("127.0.0.40"), tagged.nextHop().orElseThrow());
        assertEquals(200, tagged.localPref(-1), "the LOCAL_PREF the import policy set");
        assertArrayEquals(new int[] {65001, 0, 2, 65000, 1, 1, 65000, 3, 3}, tagged.largeCommunities());
        assertArrayEquals(new int[] {C_VIA_65066}, tagged.communities());

        PathAttributes b = out.get(B_20).orElseThrow();
        assertEquals(addr("127.0.0.3"), b.nextHop().orElseThrow());
        assertFalse(b.hasMed());
        assertArrayEquals(new int[] {C_B}, b.communities());
        assertEquals(100, b.localPref(-1));
    }

    @Test
    void whatTheEbgpPeerDecodesFromOurUpdates() throws Exception {
        CodecContext ctx = CodecContext.MODERN;
        List<SentUpdates.Decoded> updates = SentUpdates.announcements(rib.adjRibOut(EXTERNAL).drainPending(), ctx);
        Map<Prefix, SentUpdates.Decoded> sent = SentUpdates.byPrefix(updates);
        assertEquals(Set.of(PLAIN, PLAIN_23, TAGGED, B_16, B_25), sent.keySet());
        assertEquals(3, updates.size(), "three attribute sets, one UPDATE each");
        assertSame(sent.get(PLAIN), sent.get(PLAIN_23), "prefixes with one set share an UPDATE");
        for (SentUpdates.Decoded d : updates) {
            assertTrue(d.verdict().isOk(), d.verdict().errors().toString());
            assertFalse(d.attributes().localPref().isPresent(), "no LOCAL_PREF on eBGP");
            assertEquals(OptionalLong.empty(), d.attributes().med());
        }
        dev.jbgp.wire.attr.PathAttributes plain = sent.get(PLAIN).attributes();
        assertEquals(ip4("127.0.0.1"), plain.nextHop().getAsInt());
        assertEquals(List.of(new Community(C_LOCAL_1), new Community(C_FROM_A)), plain.communities());
        assertEquals(AsPath.sequence(LOCAL_AS, 65001), plain.asPath());
        assertEquals(List.of(), plain.largeCommunities());

        dev.jbgp.wire.attr.PathAttributes tagged = sent.get(TAGGED).attributes();
        assertEquals(ip4("127.0.0.30"), tagged.nextHop().getAsInt());
        assertEquals(List.of(new LargeCommunity(65000, 2, 2)), tagged.largeCommunities());
        assertEquals(List.of(new Community(C_VIA_65066), new Community(C_FROM_A)), tagged.communities());
        assertEquals(AsPath.sequence(LOCAL_AS, 65001, 65066), tagged.asPath());

        dev.jbgp.wire.attr.PathAttributes b = sent.get(B_25).attributes();
        assertEquals(List.of(), b.communities(), "no COMMUNITIES attribute at all");
        assertEquals(ip4("127.0.0.1"), b.nextHop().getAsInt());
        assertEquals(AsPath.sequence(LOCAL_AS, 65003, 65005), b.asPath());
    }

    @Test
    void whatTheIbgpPeerDecodesFromOurUpdates() throws Exception {
        CodecContext ctx = CodecContext.MODERN.withInternalPeer(true);
        List<SentUpdates.Decoded> updates = SentUpdates.announcements(rib.adjRibOut(INTERNAL).drainPending(), ctx);
        Map<Prefix, SentUpdates.Decoded> sent = SentUpdates.byPrefix(updates);
        assertEquals(Set.of(PLAIN, PLAIN_23, TAGGED, B_16, B_20, B_24, B_25), sent.keySet(),
                "every route but the one rejected on import");
        for (SentUpdates.Decoded d : updates) {
            assertTrue(d.verdict().isOk(), d.verdict().errors().toString());
            assertEquals(OptionalLong.empty(), d.attributes().med(), "the export policy cleared every MED");
        }
        dev.jbgp.wire.attr.PathAttributes tagged = sent.get(TAGGED).attributes();
        assertEquals(ip4("127.0.0.40"), tagged.nextHop().getAsInt());
        assertEquals(OptionalLong.of(200), tagged.localPref());
        assertEquals(List.of(new LargeCommunity(65001, 0, 2), new LargeCommunity(65000, 1, 1),
                new LargeCommunity(65000, 3, 3)), tagged.largeCommunities());
        assertEquals(AsPath.sequence(65001, 65066), tagged.asPath());

        dev.jbgp.wire.attr.PathAttributes plain = sent.get(PLAIN).attributes();
        assertEquals(ip4("127.0.0.2"), plain.nextHop().getAsInt());
        assertEquals(OptionalLong.of(100), plain.localPref());
        assertEquals(List.of(new Community(C_LOCAL_1)), plain.communities());

        dev.jbgp.wire.attr.PathAttributes b = sent.get(B_24).attributes();
        assertEquals(ip4("127.0.0.3"), b.nextHop().getAsInt());
        assertEquals(List.of(new Community(C_B)), b.communities());
    }

    /**
     * RFC 4271 §5.1.5: LOCAL_PREF MUST NOT be sent to an external peer, not even when an export
     * policy sets one; towards an internal peer the policy's value replaces the stored one.
     */
    @Test
    void anExportPolicyCannotPutLocalPrefOnAnEbgpSession() throws Exception {
        Policy lp = Policy.of("lp", Term.accept(Match.any(), Action.setLocalPref(300)));
        PeerId external = ebgp(7, 65008);
        PeerId internal = ibgp(8, false);
        rib.peerUp(external, PeerSettings.builder().exportPolicy(lp).localAddress(addr("127.0.0.1")).build());
        rib.peerUp(internal, PeerSettings.builder().exportPolicy(lp).localAddress(addr("127.0.0.1")).build());
        assertFalse(rib.adjRibOut(external).get(TAGGED).orElseThrow().hasLocalPref());
        assertEquals(300, rib.adjRibOut(internal).get(TAGGED).orElseThrow().localPref(-1));
        for (SentUpdates.Decoded d : SentUpdates.tableDump(rib.adjRibOut(external), CodecContext.MODERN)) {
            assertEquals(OptionalLong.empty(), d.attributes().localPref(), "no LOCAL_PREF on the wire to eBGP: " + d.nlri());
        }
        for (SentUpdates.Decoded d : SentUpdates.tableDump(rib.adjRibOut(internal), CodecContext.MODERN.withInternalPeer(true))) {
            assertEquals(OptionalLong.of(300), d.attributes().localPref());
        }
    }

    /**
     * The production way in: one UPDATE read in place, its attribute block decoded once and shared by
     * its NLRI, and the import policy still judged per prefix (prefix-list range) and per path
     * (asPathContains, large community).
     */
    @Test
    void importPolicyOnTheWirePathJudgesEachPrefixOfOneUpdate() throws Exception {
        PathAttributes sent = attrs("127.0.0.2", 65001, 65066).med(20).largeCommunities(65001, 0, 1).build();
        List<Ipv4Prefix> nlri = List.of((Ipv4Prefix) prefix("127.90.8.0/22"), (Ipv4Prefix) prefix("127.90.12.0/24"),
                (Ipv4Prefix) prefix("127.90.13.128/25"), (Ipv4Prefix) prefix("127.93.0.0/16"));
        ByteBuf block = Unpooled.buffer();
        ByteBuf message = Unpooled.buffer();
        try {
            WireAttributes.write(sent, block, CodecContext.MODERN);
            assertEquals(nlri.size(), new UpdateBuilder(CodecContext.MODERN).announceIpv4(message, block, nlri, new int[0], 0));
            UpdateView view = new UpdateView().wrap(message, CodecContext.MODERN);
            UpdateOutcome o = rib.adjRibIn(A).apply(view, new UpdateValidator().validate(view));
            assertEquals(4, o.announced());
            assertTrue(o.action().isEmpty(), o.toString());
        } finally {
            block.release();
            message.release();
        }
        assertTrue(rib.bestPath(prefix("127.90.8.0/22")).isPresent(), "/22 is below ge 24");
        assertTrue(rib.bestPath(prefix("127.90.12.0/24")).isEmpty(), "ge 24: rejected");
        assertTrue(rib.bestPath(prefix("127.90.13.128/25")).isEmpty(), "ge 24 runs to /32");
        PathAttributes kept = rib.bestPath(prefix("127.93.0.0/16")).orElseThrow().attributes();
        assertSame(kept, rib.bestPath(prefix("127.90.8.0/22")).orElseThrow().attributes(), "one interned result");
        assertEquals(200, kept.localPref(-1));
        assertFalse(kept.hasMed());
        assertArrayEquals(new int[] {C_VIA_65066}, kept.communities());
        assertArrayEquals(new int[] {65000, 1, 1}, kept.largeCommunities());
        assertEquals(addr("127.0.0.20"), kept.nextHop().orElseThrow());
        assertEquals(addr("127.0.0.30"), rib.adjRibOut(EXTERNAL).get(prefix("127.93.0.0/16")).orElseThrow()
                .nextHop().orElseThrow(), "and the export policy's large-community term on top");
    }

    /** The same matches and actions on IPv6 unicast: prefix-list ranges of 128 bits, an IPv6 next hop. */
    @Test
    void ipv6RoutesGoThroughTheSamePolicies() {
        Rib r = Rib.create(config().build());
        PeerId v6source = ebgp(2, 65001);
        PeerId v6target = ebgp(3, 65002);
        r.peerUp(v6source, PeerSettings.builder().importPolicy(Policy.of("in6",
                Term.reject(Match.prefixIn(PrefixList.parse("::127.64.0.0/112 ge 120"))),
                Term.accept(Match.asPathContains(65066), Action.addLargeCommunity(65000, 6, 6)),
                Term.accept(Match.any()))).build());
        r.peerUp(v6target, PeerSettings.builder().exportPolicy(Policy.of("out6",
                Term.accept(Match.largeCommunity(65000, 6, 6), Action.setNextHop(addr("::127.0.0.70")), Action.clearMed()),
                Term.accept(Match.neighbour(v6source)))).localAddress(addr("::127.0.0.1")).build());
        Prefix wide = prefix("::127.64.0.0/112");
        Prefix narrow = prefix("::127.64.1.0/120");
        Prefix other = prefix("::127.65.0.0/112");
        assertTrue(r.announce(v6source, wide, 0, attrs("::127.0.0.2", 65001, 65066).build()));
        assertFalse(r.announce(v6source, narrow, 0, attrs("::127.0.0.2", 65001).build()), "ge 120: rejected");
        assertTrue(r.announce(v6source, other, 0, attrs("::127.0.0.2", 65001).build()));
        assertArrayEquals(new int[] {65000, 6, 6}, r.bestPath(wide).orElseThrow().attributes().largeCommunities());
        assertEquals(addr("::127.0.0.70"), r.adjRibOut(v6target).get(wide).orElseThrow().nextHop().orElseThrow());
        assertEquals(addr("::127.0.0.1"), r.adjRibOut(v6target).get(other).orElseThrow().nextHop().orElseThrow(),
                "next-hop-self from the IPv6 local address");
        assertTrue(r.adjRibOut(v6target).get(narrow).isEmpty());
        assertEquals(2, r.adjRibOut(v6target).size());
    }

    @Test
    void exportPolicyFollowsTheBestPathWhenItMoves() {
        // A better path to TAGGED from a third peer (its import policy gives it weight, which comes
        // before LOCAL_PREF): the export policy now sees that path, not A's.
        PeerId c = ebgp(6, 65007);
        rib.peerUp(c, PeerSettings.builder().importPolicy(Policy.of("w", Term.accept(Match.any(), Action.setWeight(5))))
                .exportPolicy(Policy.acceptAll()).localAddress(addr("127.0.0.1")).build());
        rib.announce(c, TAGGED, 0, attrs("127.0.0.6", 65007).build());
        assertEquals(c, rib.bestPath(TAGGED).orElseThrow().peer());
        PathAttributes toExternal = rib.adjRibOut(EXTERNAL).get(TAGGED).orElseThrow();
        assertEquals(addr("127.0.0.1"), toExternal.nextHop().orElseThrow(),
                "no longer the large-community term: next-hop-self again");
        assertArrayEquals(new int[0], toExternal.largeCommunities());
        assertArrayEquals(new int[0], toExternal.communities(), "not from A: no 65000:100");
        assertEquals(List.of(AsPathSegment.sequence(LOCAL_AS, 65007)), toExternal.asPath());
        rib.withdraw(c, TAGGED, 0);
        assertEquals(addr("127.0.0.30"), rib.adjRibOut(EXTERNAL).get(TAGGED).orElseThrow().nextHop().orElseThrow(),
                "back to A's path and its term");
    }
}

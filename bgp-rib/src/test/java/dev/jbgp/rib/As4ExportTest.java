package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.ip4;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.Aggregator;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6793 §4.2.2 on export: a route prepended by policy and sent to a peer without the 4-octet AS
 * capability. We decode the UPDATE bytes we would send with bgp-wire in the 2-octet context: AS_PATH
 * must carry AS_TRANS (23456) wherever a 4-octet AS stands and a 2-octet AS as itself, AS4_PATH the
 * true path, with the same hop count as AS_PATH; segments stay within 255 ASes on both.
 */
class As4ExportTest {

    /** A 4-octet AS above 2^31, so a signed/unsigned mix-up shows. */
    private static final long LOCAL_AS4 = 4_200_000_001L;
    private static final long GIVEN_AS4 = 4_200_000_002L;
    private static final long AS_TRANS = AsPath.AS_TRANS;
    private static final PeerId SOURCE = ebgp(2, 65001);
    private static final PeerId OLD = ebgp(3, 65002);
    private static final Prefix P = prefix("127.40.0.0/16");
    /** Plain RFC 4271 eBGP: 2-octet AS numbers, as with a peer that did not announce the capability. */
    private static final CodecContext TWO_OCTET = CodecContext.RFC4271;

    private static Rib exporting(long localAs, Action... prepends) {
        Rib rib = Rib.create(RibConfig.builder(localAs, Fixtures.ROUTER_ID).build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(OLD, PeerSettings.builder().importPolicy(Policy.acceptAll())
                .exportPolicy(Policy.of("prepend", Term.accept(Match.any(), prepends)))
                .localAddress(addr("127.0.0.1")).build());
        rib.announce(SOURCE, P, 0, attrs("127.0.0.2", 65001).build());
        return rib;
    }

    /** The one UPDATE the old peer is sent for {@link #P}, decoded as that peer decodes it. */
    private static SentUpdates.Decoded sentToOldPeer(Rib rib) throws Exception {
        List<SentUpdates.Decoded> updates = SentUpdates.announcements(rib.adjRibOut(OLD).drainPending(), TWO_OCTET);
        assertEquals(1, updates.size());
        SentUpdates.Decoded d = updates.get(0);
        assertEquals(List.of(P), d.nlri());
        assertTrue(d.verdict().isOk(), "the 2-octet receiver finds nothing wrong: " + d.verdict().errors());
        return d;
    }

    private static long[] repeat(long asn, int times) {
        long[] out = new long[times];
        Arrays.fill(out, asn);
        return out;
    }

    private static long[] concat(long[]... parts) {
        int n = 0;
        for (long[] p : parts) {
            n += p.length;
        }
        long[] out = new long[n];
        int i = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    private static long count(AsPath path, long asn) {
        long n = 0;
        for (AsPathSegment s : path.segments()) {
            for (long a : s.asns()) {
                n += a == asn ? 1 : 0;
            }
        }
        return n;
    }

    @ParameterizedTest(name = "prependOwnAs({0})")
    @ValueSource(ints = {1, 2, 3, 10})
    void fourOctetLocalAsReadsAsTransNPlusOneTimesAndAs4PathHasTheTruth(int n) throws Exception {
        Rib rib = exporting(LOCAL_AS4, Action.prependOwnAs(n));
        SentUpdates.Decoded d = sentToOldPeer(rib);
        long[] truth = concat(repeat(LOCAL_AS4, n + 1), new long[] {65001});
        assertEquals(AsPath.sequence(concat(repeat(AS_TRANS, n + 1), new long[] {65001})), d.asPathField());
        assertEquals(n + 1, count(d.asPathField(), AS_TRANS), "our AS N times by policy, once by RFC 4271 §5.1.2");
        assertEquals(AsPath.sequence(truth), d.as4PathField().orElseThrow());
        assertEquals(n + 1, count(d.as4PathField().orElseThrow(), LOCAL_AS4));
        assertEquals(d.asPathField().hopCount(), d.as4PathField().orElseThrow().hopCount(),
                "same hop count on both, so the receiver's reconciliation takes AS4_PATH whole (§4.2.3)");
        assertEquals(AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE, d.as4PathFlags(),
                "AS4_PATH is optional transitive, Partial not set by its originator");
        assertEquals(AsPath.sequence(truth), d.attributes().asPath(), "what the receiver reconstructs");
    }

    @ParameterizedTest(name = "prependOwnAs({0}) + prepend(4200000002, {0})")
    @ValueSource(ints = {1, 2, 5})
    void twoOctetLocalAsAppearsAsItselfBesideAGivenFourOctetAs(int n) throws Exception {
        long local = Fixtures.LOCAL_AS; // 65000
        Rib rib = exporting(local, Action.prependOwnAs(n), Action.prepend(GIVEN_AS4, n));
        // Actions apply in order, then the final eBGP prepend: 65000, then n x given, n x 65000, 65001.
        long[] truth = concat(new long[] {local}, repeat(GIVEN_AS4, n), repeat(local, n), new long[] {65001});
        assertEquals(List.of(AsPathSegment.sequence(truth)), rib.adjRibOut(OLD).get(P).orElseThrow().asPath());
        SentUpdates.Decoded d = sentToOldPeer(rib);
        assertEquals(AsPath.sequence(concat(new long[] {local}, repeat(AS_TRANS, n), repeat(local, n), new long[] {65001})),
                d.asPathField());
        assertEquals(n + 1, count(d.asPathField(), local), "a 2-octet local AS is written as itself, N+1 times");
        assertEquals(n, count(d.asPathField(), AS_TRANS), "the given 4-octet AS, N times, as AS_TRANS");
        assertEquals(AsPath.sequence(truth), d.as4PathField().orElseThrow());
        assertEquals(n + 1, count(d.as4PathField().orElseThrow(), local));
        assertEquals(n, count(d.as4PathField().orElseThrow(), GIVEN_AS4));
        assertEquals(AsPath.sequence(truth), d.attributes().asPath());
    }

    @Test
    void aPathOfTwoOctetAsesOnlyGetsNoAs4Path() throws Exception {
        Rib rib = exporting(Fixtures.LOCAL_AS, Action.prependOwnAs(2), Action.prepend(64999, 1));
        SentUpdates.Decoded d = sentToOldPeer(rib);
        AsPath expected = AsPath.sequence(65000, 64999, 65000, 65000, 65001);
        assertEquals(expected, d.asPathField());
        assertTrue(d.as4PathField().isEmpty(), "RFC 6793 §4.2.2: no AS4_PATH when every AS fits in 2 octets");
        assertEquals(expected, d.attributes().asPath());
    }

    @Test
    void aFourOctetSessionGetsTheTruePathAndNoAs4Path() throws Exception {
        Rib rib = exporting(LOCAL_AS4, Action.prependOwnAs(2));
        List<SentUpdates.Decoded> updates = SentUpdates.announcements(rib.adjRibOut(OLD).drainPending(), CodecContext.MODERN);
        assertEquals(1, updates.size());
        AsPath truth = AsPath.sequence(LOCAL_AS4, LOCAL_AS4, LOCAL_AS4, 65001);
        assertEquals(truth, updates.get(0).asPathField());
        assertTrue(updates.get(0).as4PathField().isEmpty());
        assertTrue(updates.get(0).verdict().isOk());
    }

    /**
     * More prepends than one segment holds: the 2-octet AS_PATH and the AS4_PATH both split into
     * AS_SEQUENCEs of at most 255 (RFC 4271 §4.3 count is one octet), their hop counts agree, the 2-octet
     * receiver's validator accepts them and its reconciliation gives back the whole true path. N = 254
     * and 255 put the original AS exactly at and just past the first boundary.
     */
    @ParameterizedTest(name = "prependOwnAs({0})")
    @ValueSource(ints = {253, 254, 255, 300, 600})
    void prependsAcrossThe255AsSegmentLimitOnATwoOctetSession(int n) throws Exception {
        Rib rib = exporting(LOCAL_AS4, Action.prependOwnAs(n));
        long[] truth = concat(repeat(LOCAL_AS4, n + 1), new long[] {65001});
        PathAttributes exported = rib.adjRibOut(OLD).get(P).orElseThrow();
        assertEquals(n + 2, exported.asPathLength());
        SentUpdates.Decoded d = sentToOldPeer(rib);
        AsPath asPath = d.asPathField();
        AsPath as4Path = d.as4PathField().orElseThrow();
        for (AsPath path : List.of(asPath, as4Path)) {
            assertEquals(n + 2, path.hopCount());
            assertEquals((n + 2 + 254) / 255, path.segments().size(), "as few segments as the limit allows: " + path);
            for (AsPathSegment s : path.segments()) {
                assertEquals(AsPathSegment.AS_SEQUENCE, s.type());
                assertTrue(s.size() >= 1 && s.size() <= AsPathSegment.MAX_LENGTH, "a segment of " + s.size());
            }
        }
        assertEquals(flatten(AsPath.sequence(truth)), flatten(as4Path), "AS4_PATH: the true path in order");
        List<Long> expected2 = new ArrayList<>();
        for (long a : truth) {
            expected2.add(a > 0xFFFF ? AS_TRANS : a);
        }
        assertEquals(expected2, flatten(asPath), "AS_PATH: AS_TRANS for each 4-octet AS, in the same places");
        // The split points agree too: segment i of AS_PATH and of AS4_PATH hold the same number of ASes.
        for (int i = 0; i < asPath.segments().size(); i++) {
            assertEquals(as4Path.segments().get(i).size(), asPath.segments().get(i).size(), "segment " + i);
        }
        assertEquals(flatten(AsPath.sequence(truth)), flatten(d.attributes().asPath()), "reconciled by the receiver");
        assertEquals(n + 2, d.attributes().asPath().hopCount());
    }

    /**
     * RFC 6793 §4.2.2 for AGGREGATOR: an aggregate we originate in a 4-octet AS reaches a 2-octet peer
     * with AS_TRANS in AGGREGATOR and our AS in AS4_AGGREGATOR; a 2-octet aggregator AS needs neither.
     */
    @Test
    void aFourOctetAggregatorGoesAsAsTransPlusAs4Aggregator() throws Exception {
        Rib rib = exporting(LOCAL_AS4, Action.prependOwnAs(1));
        Prefix aggregate = prefix("127.44.0.0/14");
        rib.originate(aggregate, PathAttributes.builder().atomicAggregate(true)
                .aggregator(LOCAL_AS4, ip4("127.1.0.1")).build());
        rib.originate(prefix("127.48.0.0/14"), PathAttributes.builder().atomicAggregate(true)
                .aggregator(65010, ip4("127.1.0.1")).build());
        Map<Prefix, SentUpdates.Decoded> sent = SentUpdates.byPrefix(
                SentUpdates.announcements(rib.adjRibOut(OLD).drainPending(), TWO_OCTET));
        SentUpdates.Decoded d = sent.get(aggregate);
        assertTrue(d.verdict().isOk(), d.verdict().errors().toString());
        assertEquals(new Aggregator(AS_TRANS, ip4("127.1.0.1")), d.aggregatorField().orElseThrow());
        assertEquals(new Aggregator(LOCAL_AS4, ip4("127.1.0.1")), d.as4AggregatorField().orElseThrow());
        assertEquals(new Aggregator(LOCAL_AS4, ip4("127.1.0.1")), d.attributes().aggregator().orElseThrow(),
                "what the receiver reconstructs");
        assertEquals(AsPath.sequence(AS_TRANS, AS_TRANS), d.asPathField(), "our AS twice: prepend 1 plus the eBGP one");
        assertEquals(AsPath.sequence(LOCAL_AS4, LOCAL_AS4), d.as4PathField().orElseThrow());
        assertTrue(d.attributes().atomicAggregate());

        SentUpdates.Decoded small = sent.get(prefix("127.48.0.0/14"));
        assertEquals(new Aggregator(65010, ip4("127.1.0.1")), small.aggregatorField().orElseThrow());
        assertTrue(small.as4AggregatorField().isEmpty(), "a 2-octet aggregator AS needs no AS4_AGGREGATOR");
        assertTrue(small.as4PathField().isPresent(), "the path still holds our 4-octet AS");
    }

    /** An AS_SET holding a 4-octet AS: AS_TRANS inside the set on AS_PATH, the true set on AS4_PATH. */
    @Test
    void anAsSetWithAFourOctetAsKeepsItsShapeOnBothAttributes() throws Exception {
        Rib rib = Rib.create(Fixtures.config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(OLD, open("127.0.0.1"));
        rib.announce(SOURCE, P, 0, PathAttributes.builder().nextHop(addr("127.0.0.2"))
                .asPath(AsPathSegment.sequence(65001), AsPathSegment.set(GIVEN_AS4, 65020)).build());
        SentUpdates.Decoded d = sentToOldPeer(rib);
        assertEquals(AsPath.of(List.of(AsPathSegment.sequence(Fixtures.LOCAL_AS, 65001), AsPathSegment.set(AS_TRANS, 65020))),
                d.asPathField());
        AsPath truth = AsPath.of(List.of(AsPathSegment.sequence(Fixtures.LOCAL_AS, 65001), AsPathSegment.set(GIVEN_AS4, 65020)));
        assertEquals(truth, d.as4PathField().orElseThrow());
        assertEquals(3, d.asPathField().hopCount(), "an AS_SET counts one");
        assertEquals(truth, d.attributes().asPath());
    }

    /** A peer joining gets the table from the group's 2-octet dump cache: the same AS_PATH and AS4_PATH. */
    @Test
    void theTableDumpForATwoOctetPeerCarriesTheSameAs4Path() throws Exception {
        Rib rib = exporting(LOCAL_AS4, Action.prependOwnAs(300));
        SentUpdates.Decoded incremental = sentToOldPeer(rib);
        List<SentUpdates.Decoded> dump = SentUpdates.tableDump(rib.adjRibOut(OLD), TWO_OCTET);
        assertEquals(1, dump.size());
        assertTrue(dump.get(0).verdict().isOk());
        assertEquals(incremental.asPathField(), dump.get(0).asPathField());
        assertEquals(incremental.as4PathField(), dump.get(0).as4PathField());
        assertEquals(incremental.attributes(), dump.get(0).attributes());
        // And the 4-octet dump of the same group, cached separately, has no AS4_PATH.
        List<SentUpdates.Decoded> dump4 = SentUpdates.tableDump(rib.adjRibOut(OLD), CodecContext.MODERN);
        assertTrue(dump4.get(0).as4PathField().isEmpty());
        assertEquals(incremental.attributes().asPath(), dump4.get(0).asPathField());
    }

    /**
     * A route that came from a 2-octet peer as AS_TRANS plus AS4_PATH goes out to another 2-octet peer
     * with our AS in front and the 4-octet AS still recoverable: the RIB kept the reconciled path
     * (RFC 6793 §4.2.3) and the encoder makes AS_PATH and AS4_PATH again from it (§4.2.2).
     */
    @Test
    void aReconciledPathFromOneTwoOctetPeerIsRebuiltForAnother() throws Exception {
        // What an old peer in AS 65001 sends when the route came to it through AS 4200000002.
        Rib upstream = Rib.create(RibConfig.builder(65001, ip4("127.1.0.2")).build());
        PeerId feed = ebgp(9, GIVEN_AS4);
        PeerId us = PeerId.external(addr("127.0.0.1"), Fixtures.LOCAL_AS, Fixtures.ROUTER_ID);
        upstream.peerUp(feed, open("127.0.0.2"));
        upstream.peerUp(us, PeerSettings.builder().importPolicy(Policy.acceptAll()).exportPolicy(Policy.acceptAll())
                .localAddress(addr("127.0.0.2")).build());
        upstream.announce(feed, P, 0, attrs("127.0.0.9", GIVEN_AS4).build());
        OutboundUpdates toUs = upstream.adjRibOut(us).drainPending();
        assertEquals(1, toUs.announcements().size());

        Rib rib = Rib.create(Fixtures.config().build());
        rib.peerUp(SOURCE, open("127.0.0.1"));
        rib.peerUp(OLD, open("127.0.0.1"));
        ByteBuf block = Unpooled.buffer();
        ByteBuf message = Unpooled.buffer();
        try {
            WireAttributes.write(toUs.announcements().get(0).attributes(), block, TWO_OCTET);
            new UpdateBuilder(TWO_OCTET).announceIpv4(message, block,
                    List.of((Ipv4Prefix) P), new int[0], 0);
            UpdateView view = new UpdateView().wrap(message, TWO_OCTET);
            UpdateOutcome o = rib.adjRibIn(SOURCE).apply(view, new UpdateValidator().validate(view));
            assertEquals(1, o.announced());
            assertTrue(o.action().isEmpty(), o.toString());
        } finally {
            block.release();
            message.release();
        }
        assertEquals(List.of(AsPathSegment.sequence(65001, GIVEN_AS4)), rib.bestPath(P).orElseThrow().attributes().asPath(),
                "the RIB stores the reconciled path");
        assertEquals(0, rib.bestPath(P).orElseThrow().attributes().passThrough().length,
                "the received AS4_PATH is not kept to be forwarded as an unknown attribute");

        SentUpdates.Decoded d = sentToOldPeer(rib);
        assertEquals(AsPath.sequence(Fixtures.LOCAL_AS, 65001, AS_TRANS), d.asPathField());
        assertEquals(AsPath.sequence(Fixtures.LOCAL_AS, 65001, GIVEN_AS4), d.as4PathField().orElseThrow());
        assertEquals(AsPath.sequence(Fixtures.LOCAL_AS, 65001, GIVEN_AS4), d.attributes().asPath());
    }

    private static List<Long> flatten(AsPath path) {
        List<Long> out = new ArrayList<>();
        for (AsPathSegment s : path.segments()) {
            for (long a : s.asns()) {
                out.add(a);
            }
        }
        return out;
    }
}

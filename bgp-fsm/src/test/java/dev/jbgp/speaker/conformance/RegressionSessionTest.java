package dev.jbgp.speaker.conformance;

import dev.jbgp.rib.Route;
import dev.jbgp.testkit.peer.RawMessages;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.speaker.LocalRoute;
import dev.jbgp.speaker.Neighbor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.jbgp.testkit.peer.RawMessages.attribute;
import static dev.jbgp.testkit.peer.RawMessages.concat;
import static dev.jbgp.testkit.peer.RawMessages.fromHex;
import static dev.jbgp.testkit.peer.RawMessages.prefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One session-level regression test per real-world failure named in issue #5 (the FRR, OpenBGPD and
 * GoBGP CVEs of 2023–2026, the 2023 attribute-28 and May 2025 attribute-40 incidents). The bytes are
 * written here from the RFCs; each test asserts the outcome, that the bystander peer is untouched,
 * and, for the attributes that travel on, what the observer we export to receives.
 */
class RegressionSessionTest extends HarnessedSessionTest {

    private static final long AS4 = 4_200_000_001L;   // a 4-octet AS (0xFA56EA01)
    private static final long AS4_B = 4_200_000_002L;
    private static final int AS_TRANS = RawMessages.AS_TRANS;

    // ------------------------------------------------------------------ how a case is run

    /** Sent on an Established eBGP session, {@code message} makes the speaker reset it as {@code reset} says. */
    private void assertResets(byte[] message, Expected reset) throws Exception {
        SessionCases.sendAndAssertReset(harness.hostile(PeerKind.EBGP), message, reset);
    }

    /** An eBGP UPDATE with NLRI and the Path Attributes {@code attrs} builds, run by {@link SessionCases#run}. */
    private void assertUpdateCase(int type, Function<HostilePeer, byte[]> attrs, Expected e) throws Exception {
        SessionCases.run(harness, PeerKind.EBGP, type, attrs, true, e);
    }

    /** An OPEN from AS 65001 whose Optional Parameters are {@code field}, after the length octet {@code optParmLen}. */
    private void assertOpenCase(int optParmLen, byte[] field, Expected e) throws Exception {
        OpenCases.run(harness, 65001, RawMessages.openWithParameters(65001, 0, "192.0.2.77", optParmLen, field), e);
    }

    /** A fresh eBGP session from AS 65001 announcing IPv4 unicast, 4-octet AS and {@code capability}. */
    private HostilePeer sessionWith(UnaryOperator<Neighbor.Builder> tune, byte[] capability) throws Exception {
        HostilePeer p = harness.connectHostile(PeerKind.EBGP, 65001, tune);
        p.establish(RawMessages.open(65001, 0, p.address.getHostAddress(), RawMessages.multiprotocol(1, 1),
                RawMessages.fourOctetAs(65001), capability));
        return p;
    }

    /** Announces IPv6 {@code net} and waits until it is installed; returns the MP_REACH_NLRI sent. */
    private byte[] announceIpv6(HostilePeer p, String net) throws Exception {
        byte[] reach = attribute(0x90, 14, ConformanceHarness.mpReachIpv6(prefix(net)));
        p.send(RawMessages.update(new byte[0], concat(p.baseAttributes(3), reach), new byte[0]));
        harness.await(net + " installed", () -> p.route(net).isPresent());
        return reach;
    }

    /** Sends {@code prefix} with {@code attrs}; returns the route the speaker kept, the session still up. */
    private static Route keptRoute(HostilePeer p, String prefix, byte[] attrs) throws Exception {
        p.send(RawMessages.update(new byte[0], attrs, prefix(prefix)));
        assertStillEstablished(p);
        return p.route(prefix).orElseThrow(() -> new AssertionError(prefix + " was not kept"));
    }

    /** Waits until the speaker has taken in all {@code p} sent ({@link HostilePeer#barrier}): the session stays up. */
    private static void assertStillEstablished(HostilePeer p) throws Exception {
        p.barrier();
        assertEquals(SessionState.ESTABLISHED, p.state());
    }

    // ------------------------------------------------------------------ AS4_PATH (RFC 6793)

    private static byte[] origin() {
        return attribute(0x40, 1, new byte[] {0});
    }

    private static byte[] nextHop(HostilePeer p) {
        return attribute(0x40, 3, p.address.getAddress());
    }

    /** An AS4_PATH (optional transitive, type 17) value: segments of 4-octet AS numbers. */
    private static byte[] as4Path(byte[]... segments) {
        return attribute(0xC0, 17, concat(segments));
    }

    private static byte[] segment4(int type, long... asns) {
        byte[] s = ConformanceHarness.asSequence4(asns);
        s[0] = (byte) type;
        return s;
    }

    /** An AS_PATH attribute of a 2-octet session: one AS_SEQUENCE (RFC 4271 §4.3). */
    private static byte[] asPath2(int... asns) {
        return attribute(0x40, 2, ConformanceHarness.asSequence2(asns));
    }

    /**
     * A 2-octet (OLD) peer announces a fresh prefix with {@code attrs}: the speaker keeps the route
     * with AS_PATH {@code path}. The prefix is withdrawn again.
     */
    private void assertPathFromOldSpeaker(Function<HostilePeer, byte[]> attrs, AsPathSegment path) throws Exception {
        HostilePeer p = harness.hostile(PeerKind.EBGP_TWO_OCTET);
        String net = ConformanceHarness.nextIpv4Prefix();
        Route r = keptRoute(p, net, attrs.apply(p));
        assertEquals(List.of(path), r.attributes().asPath());
        p.withdraw(net);
    }

    @Test
    void as4PathBeforeAsPathIsReconciled() throws Exception {
        // RFC 4271 §5: attributes may come in any order; RFC 6793 §4.2.3: the AS_PATH [65001, AS_TRANS]
        // of an OLD speaker with AS4_PATH [4200000001] is the path [65001, 4200000001].
        HostilePeer p = harness.hostile(PeerKind.EBGP_TWO_OCTET);
        String net = ConformanceHarness.nextIpv4Prefix();
        Route r = keptRoute(p, net, concat(origin(), as4Path(segment4(2, AS4)), asPath2(65001, AS_TRANS), nextHop(p)));
        assertEquals(List.of(AsPathSegment.sequence(65001, AS4)), r.attributes().asPath());
        // To the observer, a NEW speaker: the whole path in a 4-octet AS_PATH, no AS4_PATH (RFC 6793 §4.1).
        ObservedUpdate seen = observed(net);
        assertArrayEquals(ConformanceHarness.asSequence4(ConformanceHarness.LOCAL_AS, 65001, AS4),
                ObservedUpdate.value(seen.attribute(2)));
        assertNull(seen.attribute(17));
        p.withdraw(net);
    }

    @Test
    void malformedAs4PathIsDiscardedNotReset() throws Exception {
        // RFC 6793 §6: a malformed AS4_PATH is handled by attribute discard; the route keeps its AS_PATH.
        byte[] badSegment = {2, 5, (byte) 0xFA, 0x56, (byte) 0xEA, 0x01}; // says 5 ASes, holds 1
        assertPathFromOldSpeaker(p -> concat(origin(), asPath2(65001, AS_TRANS), nextHop(p), as4Path(badSegment)),
                AsPathSegment.sequence(65001, AS_TRANS));
    }

    @Test
    void as4PathConfederationSegmentsAreDropped() throws Exception {
        // RFC 6793 §6: AS_CONFED_SEQUENCE / AS_CONFED_SET are invalid in AS4_PATH; a NEW speaker drops
        // those segments and goes on with the rest: [65001, AS_TRANS] + AS4_PATH [confed 64512][4200000001].
        assertPathFromOldSpeaker(p -> concat(origin(), asPath2(65001, AS_TRANS), nextHop(p),
                as4Path(segment4(AsPathSegment.AS_CONFED_SEQUENCE, 64512), segment4(2, AS4))),
                AsPathSegment.sequence(65001, AS4));
    }

    @Test
    void as4PathLongerThanAsPathIsIgnored() throws Exception {
        // RFC 6793 §4.2.3: more AS numbers in AS4_PATH than in AS_PATH: AS4_PATH is ignored.
        assertPathFromOldSpeaker(p -> concat(origin(), asPath2(65001), nextHop(p), as4Path(segment4(2, AS4, AS4_B))),
                AsPathSegment.sequence(65001));
    }

    // ------------------------------------------------------------------ lengths (RFC 4271 §6.3, RFC 7606 §4, §5)

    @Test
    void truncatedIpv6ExtendedCommunitiesAreTreatAsWithdraw() throws Exception {
        // RFC 5701 / RFC 7606 §7.15 (updating RFC 5701): a length that is not a non-zero multiple of 20.
        byte[] oneCommunityMinusAnOctet = fromHex("0002 20010db8000000000000000000000001 00");
        assertUpdateCase(25, p -> concat(p.baseAttributes(0),
                attribute(0xC0, 25, oneCommunityMinusAnOctet)), Expected.of(Expected.Outcome.WITHDRAW, ""));
    }

    @Test
    void withdrawnRoutesLengthPastTheEndResets() throws Exception {
        // RFC 4271 §6.3: Withdrawn Routes Length + Total Attribute Length + 23 > Length: Malformed
        // Attribute List; RFC 7606 §5.3 keeps it a session reset (nothing can be located).
        byte[] body = fromHex("00C8 0A0000"); // says 200 octets of withdrawn routes, has 3
        assertResets(RawMessages.message(RawMessages.UPDATE, body), Expected.reset(3, 1, ""));
    }

    @Test
    void attributeLengthPastTheTotalIsTreatAsWithdraw() throws Exception {
        // RFC 7606 §4: the last attribute's length overruns the Total Path Attribute Length: treat-as-
        // withdraw, and the NLRI field is still found by the Total Path Attribute Length.
        assertUpdateCase(4, p -> concat(p.baseAttributes(0), fromHex("80 04 04 0000")),
                Expected.of(Expected.Outcome.WITHDRAW, ""));
    }

    @Test
    void totalAttributeLengthPastTheEndResets() throws Exception {
        // RFC 4271 §6.3: Total Attribute Length runs past the message: Malformed Attribute List.
        assertResets(RawMessages.message(RawMessages.UPDATE, fromHex("0000 0040 40010100")), Expected.reset(3, 1, ""));
    }

    @Test
    void onlyUnknownAttributesWithNlriAreTreatAsWithdraw() throws Exception {
        // RFC 7606 §3 d: ORIGIN, AS_PATH and NEXT_HOP missing from an UPDATE with NLRI: treat-as-withdraw
        // (the route announced validly before is withdrawn; the session stays).
        assertUpdateCase(0xF1, p -> concat(attribute(0xC0, 0xF1, fromHex("ABCD")),
                attribute(0x80, 0xF2, fromHex("00"))), Expected.of(Expected.Outcome.WITHDRAW, ""));
    }

    @Test
    void mpUnreachAloneNeedsNoMandatoryAttributes() throws Exception {
        // RFC 7606 §3 d: mandatory attributes are needed only with NLRI to announce; an UPDATE with just
        // MP_UNREACH_NLRI (or with it and ORIGIN alone) is a plain withdraw.
        HostilePeer p = harness.hostile(PeerKind.EBGP);
        for (boolean withOrigin : new boolean[] {false, true}) {
            String net = ConformanceHarness.nextIpv6Prefix();
            announceIpv6(p, net);
            byte[] unreach = attribute(0x90, 15, ConformanceHarness.mpUnreachIpv6(prefix(net)));
            p.send(RawMessages.update(new byte[0], withOrigin ? concat(origin(), unreach) : unreach, new byte[0]));
            assertStillEstablished(p);
            assertTrue(p.route(net).isEmpty(), net + " withdrawn");
        }
    }

    // ------------------------------------------------------------------ End-of-RIB shapes (RFC 4724 §2)

    @Test
    void endOfRibWithADefaultRouteAndNoAttributesIsTreatAsWithdraw() throws Exception {
        // An IPv4 End-of-RIB (23 octets) plus one NLRI octet 0: 0.0.0.0/0 announced without attributes.
        // Not an End-of-RIB; RFC 7606 §3 d: treat-as-withdraw. The session stays, no default route.
        HostilePeer p = harness.hostile(PeerKind.EBGP);
        p.send(RawMessages.message(RawMessages.UPDATE, fromHex("0000 0000 00")));
        assertStillEstablished(p);
        assertTrue(p.route("0.0.0.0/0").isEmpty());
    }

    @Test
    void ipv6EndOfRibWithATruncatedFamilyResets() throws Exception {
        // An IPv6 End-of-RIB is an UPDATE with only MP_UNREACH_NLRI holding AFI 2 / SAFI 1. Here the
        // attribute holds the AFI alone: its family cannot be read, RFC 7606 §5.3 / §7.11: session
        // reset, Optional Attribute Error (RFC 4760 §7).
        assertResets(RawMessages.update(new byte[0], fromHex("800F02 0002"), new byte[0]),
                Expected.reset(3, 9, fromHex("800F02 0002"), "RFC 4271 §6.3: the attribute as data"));
    }

    @Test
    void endOfRibWithAnAttributeLengthOfOneResets() throws Exception {
        // 23 octets whose Total Path Attribute Length says 1: past the end, Malformed Attribute List.
        assertResets(RawMessages.message(RawMessages.UPDATE, fromHex("0000 0001")), Expected.reset(3, 1, ""));
    }

    // ------------------------------------------------------------------ OPEN (RFC 4271 §6.2, RFC 9072)

    @Test
    void openWithTruncatedRfc9072MarkerIsRejected() throws Exception {
        // RFC 9072 §2: Non-Ext OP Len 255 and Non-Ext OP Type 255 announce a 2-octet Extended Opt. Parm.
        // Length that is not there: OPEN Message Error.
        assertOpenCase(255, new byte[] {(byte) 0xFF}, Expected.reset(2, 0, ""));
    }

    @Test
    void openEndingAtTheOptionalParameterLengthIsRejected() throws Exception {
        // 29 octets (the minimum) whose Opt Parm Len promises 8 octets of parameters: OPEN Message Error.
        assertOpenCase(8, new byte[0], Expected.reset(2, 0, ""));
    }

    // ------------------------------------------------------------------ attributes that travel on

    @Test
    void corruptUnknownOptionalTransitiveAttributeIsPassedOnWithPartial() throws Exception {
        // The 2023 attribute-28 incident: a value no parser would accept in an attribute we do not know.
        // RFC 4271 §5: an unrecognised optional transitive attribute is accepted and passed on with the
        // Partial bit set — never a reset.
        HostilePeer p = harness.hostile(PeerKind.EBGP);
        String net = ConformanceHarness.nextIpv4Prefix();
        byte[] corrupt = fromHex("FF FFFF 00"); // a TLV whose length runs far past the attribute
        Route r = keptRoute(p, net, concat(p.baseAttributes(0), attribute(0xC0, 28, corrupt)));
        assertTrue(SessionCases.carries(r, 28), "kept for passing on: " + r.attributes());
        ObservedUpdate seen = observed(net);
        byte[] a = seen.attribute(28);
        assertNotNull(a, "the observer receives attribute 28");
        assertEquals(0xE0, a[0] & 0xF0, "Optional, Transitive and Partial set");
        assertArrayEquals(corrupt, ObservedUpdate.value(a), "the value unchanged");
        p.withdraw(net);
    }

    @Test
    void corruptPrefixSidIsDiscardedAndNotPassedOn() throws Exception {
        // The May 2025 attribute-40 incident: a BGP Prefix-SID whose TLV runs past the attribute.
        // RFC 8669 §6: attribute discard; the route is kept, the attribute is neither kept nor sent on.
        HostilePeer p = harness.hostile(PeerKind.EBGP);
        String net = ConformanceHarness.nextIpv4Prefix();
        byte[] corrupt = fromHex("01 00FF 00 0000"); // Label-Index TLV claiming 255 octets
        Route r = keptRoute(p, net, concat(p.baseAttributes(0), attribute(0xC0, 40, corrupt)));
        assertFalse(SessionCases.carries(r, 40), "discarded: " + r.attributes());
        ObservedUpdate seen = observed(net);
        assertNull(seen.attribute(40), "the observer receives no attribute 40");
        p.withdraw(net);
    }

    private ObservedUpdate observed(String net) {
        return harness.observed.route(net).orElseThrow(() -> new AssertionError("the observer receives " + net));
    }

    // ------------------------------------------------------------------ message size (RFC 4271 §4.1, RFC 8654)

    @Test
    void updateLongerThan4096WithoutExtendedMessagesResets() throws Exception {
        // RFC 4271 §6.1: Length above 4096 without RFC 8654 extended messages negotiated (the speaker does
        // not announce them, so announcing them alone does not count, RFC 8654 §3): Bad Message Length,
        // with the erroneous Length field as data.
        for (boolean peerAnnouncesExtended : new boolean[] {false, true}) {
            HostilePeer p = sessionWith(n -> n, peerAnnouncesExtended ? RawMessages.extendedMessage() : new byte[0]);
            byte[] nlri = new byte[4100 - 19 - 4 - p.baseAttributes(0).length];
            for (int i = 0; i + 4 <= nlri.length; i += 4) { // /24s: 24, 10, x, y
                nlri[i] = 24;
                nlri[i + 1] = 10;
                nlri[i + 2] = (byte) (i >>> 10);
                nlri[i + 3] = (byte) (i >>> 2);
            }
            byte[] update = RawMessages.update(new byte[0], p.baseAttributes(0), nlri);
            assertTrue(update.length > RawMessages.MAX_LENGTH);
            byte[] lengthField = {(byte) (update.length >>> 8), (byte) update.length};
            SessionCases.sendAndAssertReset(p, update, Expected.reset(1, 2, lengthField, ""));
        }
    }

    // ------------------------------------------------------------------ beyond the list

    @Test
    void repeatedAttributeOnlyTheFirstCounts() throws Exception {
        // RFC 7606 §3 g: of an attribute that appears more than once, all but the first are discarded.
        HostilePeer p = harness.hostile(PeerKind.EBGP);
        String net = ConformanceHarness.nextIpv4Prefix();
        Route r = keptRoute(p, net,
                concat(p.baseAttributes(0), fromHex("80 04 04 0000000A"), fromHex("80 04 04 00000014")));
        assertEquals(10, r.attributes().med(-1));
        p.withdraw(net);
    }

    @Test
    void malformedRepeatOfAnAttributeIsDiscardedWithoutEffect() throws Exception {
        // RFC 7606 §3 g: the repeat is discarded whatever it holds, so its malformation must not turn
        // into treat-as-withdraw: ORIGIN IGP, then ORIGIN of length 2.
        assertUpdateCase(0, p -> concat(p.baseAttributes(0), fromHex("40 01 02 0000")),
                Expected.of(Expected.Outcome.OK, ""));
    }

    @Test
    void extendedLengthOnAShortAttributeIsFine() throws Exception {
        // RFC 4271 §4.3: the Extended Length bit may be set for any attribute; ORIGIN with a 2-octet length.
        assertUpdateCase(1, p -> concat(fromHex("50 01 0001 00"), p.baseAttributes(1)),
                Expected.of(Expected.Outcome.OK, ""));
    }

    @Test
    void treatAsWithdrawCoversMpReachNlri() throws Exception {
        // RFC 7606 §2: treat-as-withdraw applies to every NLRI of the UPDATE, those in MP_REACH_NLRI too.
        HostilePeer p = harness.hostile(PeerKind.EBGP);
        String net = ConformanceHarness.nextIpv6Prefix();
        byte[] reach = announceIpv6(p, net);
        byte[] badOrigin = fromHex("40 01 01 07"); // ORIGIN 7: RFC 7606 §7.1
        byte[] rest = p.baseAttributes(3);
        p.send(RawMessages.update(new byte[0], concat(badOrigin,
                Arrays.copyOfRange(rest, 4, rest.length), reach), new byte[0]));
        assertStillEstablished(p);
        assertTrue(p.route(net).isEmpty(), net + " treated as withdrawn");
    }

    @Test
    void addPathTreatAsWithdrawRemovesOnlyThatPath() throws Exception {
        // RFC 7911 §3: with ADD-PATH each NLRI carries a Path Identifier; treat-as-withdraw of an UPDATE
        // for path 1 removes that path only. Then a Path Identifier cut short: the NLRI field cannot be
        // parsed, RFC 7606 §5.3 session reset with Invalid Network Field (RFC 4271 §6.3).
        HostilePeer p = sessionWith(n -> n.addPath(3), RawMessages.addPath(1, 1, 3));
        String net = ConformanceHarness.nextIpv4Prefix();
        byte[] path1 = concat(fromHex("00000001"), prefix(net));
        byte[] path2 = concat(fromHex("00000002"), prefix(net));
        p.send(RawMessages.update(new byte[0], p.baseAttributes(0), concat(path1, path2)));
        harness.await("two paths", () -> p.status().accepted() == 2);
        byte[] rest = p.baseAttributes(1);
        p.send(RawMessages.update(new byte[0], concat(fromHex("40 01 01 07"), rest), path1));
        harness.await("path 1 treated as withdrawn", () -> p.status().accepted() == 1);
        assertEquals(2, harness.routeFrom(LocalRoute.parsePrefix(net), p.address).orElseThrow().pathId());
        assertEquals(SessionState.ESTABLISHED, p.state());
        SessionCases.sendAndAssertReset(p, RawMessages.update(new byte[0], p.baseAttributes(0), fromHex("000000")),
                Expected.reset(3, 10, ""));
    }

    @Test
    void openInTheRfc9072ExtendedFormatIsAccepted() throws Exception {
        // RFC 9072 §2: Non-Ext OP Len 255, Non-Ext OP Type 255, a 2-octet Extended Opt. Parm. Length,
        // then parameters with 2-octet lengths. The well-formed counterpart of the truncated marker.
        byte[] caps = concat(RawMessages.multiprotocol(1, 1), RawMessages.fourOctetAs(65001));
        byte[] param = concat(new byte[] {2, 0, (byte) caps.length}, caps);
        byte[] field = concat(new byte[] {(byte) 0xFF, 0, (byte) param.length}, param);
        assertOpenCase(255, field, Expected.of(Expected.Outcome.OK, ""));
    }

    @Test
    void keepaliveWithABodyResets() throws Exception {
        // RFC 4271 §6.1: a KEEPALIVE whose Length is not 19: Bad Message Length, the Length as data.
        assertResets(RawMessages.message(RawMessages.KEEPALIVE, new byte[] {0}),
                Expected.reset(1, 2, new byte[] {0, 20}, ""));
    }

    @Test
    void headerLengthBelowNineteenResets() throws Exception {
        // RFC 4271 §6.1: Length below 19: Bad Message Length, the Length as data.
        byte[] m = RawMessages.keepalive();
        m[17] = 18;
        assertResets(m, Expected.reset(1, 2, new byte[] {0, 18}, ""));
    }

    @Test
    void unknownMessageTypeResets() throws Exception {
        // RFC 4271 §6.1: an unrecognised Type: Bad Message Type, the Type as data.
        assertResets(RawMessages.message(0xEE, new byte[] {1, 2, 3}),
                Expected.reset(1, 3, new byte[] {(byte) 0xEE}, ""));
    }

    @Test
    void fourOctetPathGoesToAnOldSpeakerAsAsTransWithAs4Path() throws Exception {
        // RFC 6793 §4.2.2: to an OLD speaker, AS numbers above 65535 become AS_TRANS in AS_PATH and the
        // real path travels in AS4_PATH. The route comes from a NEW peer (path [65001, 4200000001]).
        HostilePeer from = harness.hostile(PeerKind.EBGP);
        String net = ConformanceHarness.nextIpv4Prefix();
        from.send(RawMessages.update(new byte[0], concat(origin(),
                attribute(0x40, 2, ConformanceHarness.asSequence4(65001, AS4)), nextHop(from)), prefix(net)));
        from.barrier();
        HostilePeer old = harness.connectHostile(PeerKind.EBGP_TWO_OCTET, 65005);
        old.establish(RawMessages.open(65005, 0, old.address.getHostAddress(), RawMessages.multiprotocol(1, 1)));
        byte[] m = old.inbox().next(RawMessages.UPDATE, u -> {
            List<byte[]> entries = MpCases.entries(ObservedUpdate.of(u).nlri(), 0, 32);
            return entries != null && entries.stream().anyMatch(e -> Arrays.equals(e, prefix(net)));
        }, ConformanceHarness.TIMEOUT);
        assertNotNull(m, "the OLD speaker receives " + net);
        ObservedUpdate u = ObservedUpdate.of(m);
        assertArrayEquals(ConformanceHarness.asSequence2((int) ConformanceHarness.LOCAL_AS, 65001, AS_TRANS),
                ObservedUpdate.value(u.attribute(2)), "AS_PATH with AS_TRANS");
        byte[] as4 = u.attribute(17);
        assertNotNull(as4, "AS4_PATH sent to the OLD speaker");
        assertEquals(0xC0, as4[0] & 0xC0, "AS4_PATH is optional transitive");
        assertArrayEquals(ConformanceHarness.asSequence4(ConformanceHarness.LOCAL_AS, 65001, AS4),
                ObservedUpdate.value(as4), "the 4-octet path");
        harness.retire(old);
        from.withdraw(net);
    }

    @Test
    void routeRefreshOfTheWrongLengthResets() throws Exception {
        // RFC 2918 §3 fixes ROUTE-REFRESH at 23 octets; without enhanced route refresh negotiated (the
        // speaker does not announce it, so RFC 7313 §5's own error does not apply) a shorter one is a
        // header error: Bad Message Length with the Length as data (RFC 4271 §6.1).
        assertResets(RawMessages.message(RawMessages.ROUTE_REFRESH, fromHex("0001 00")),
                Expected.reset(1, 2, new byte[] {0, 22}, ""));
    }

    @Test
    void routeRefreshForAFamilyNotNegotiatedIsIgnored() throws Exception {
        // RFC 2918 §4: a ROUTE-REFRESH for an AFI/SAFI not advertised at session start is ignored.
        HostilePeer p = sessionWith(n -> n, RawMessages.routeRefresh());
        p.send(RawMessages.message(RawMessages.ROUTE_REFRESH, fromHex("0002 00 01")));
        assertStillEstablished(p);
        assertEquals(0, p.status().refreshRequests(), "not answered");
        harness.retire(p);
    }

    @Test
    void notificationShorterThanItsMinimumResets() throws Exception {
        // RFC 4271 §6.1: a NOTIFICATION under 21 octets has a bad Length: Bad Message Length, Length as data.
        assertResets(RawMessages.message(RawMessages.NOTIFICATION, new byte[] {6}),
                Expected.reset(1, 2, new byte[] {0, 20}, ""));
    }

    @Test
    void openInEstablishedIsAnFsmError() throws Exception {
        // RFC 4271 §8.2.2 and RFC 6608 §4: an OPEN on an Established session is a Finite State Machine
        // Error, Receive Unexpected Message in Established State (5/3).
        HostilePeer p = harness.hostile(PeerKind.EBGP);
        SessionCases.sendAndAssertReset(p, PeerKind.EBGP.open(p.address), Expected.reset(5, 3, ""));
    }

    @Test
    void nextHopThatIsOurOwnAddressIsIgnoredNotAnError() throws Exception {
        // RFC 4271 §6.3: a NEXT_HOP equal to the receiving speaker's address is semantically incorrect;
        // the route is not used (here: treated as withdrawn, RFC 7606 §7.3), no NOTIFICATION is sent.
        assertUpdateCase(3, p -> concat(p.baseAttributes(3), attribute(0x40, 3, harness.self.getAddress())),
                Expected.of(Expected.Outcome.WITHDRAW, ""));
    }
}

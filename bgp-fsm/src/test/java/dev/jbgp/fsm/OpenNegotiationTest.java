package dev.jbgp.fsm;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AddressFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OPEN checks and capability negotiation (RFC 4271 §6.2, RFC 6793, RFC 6286, RFC 5492 and friends). */
class OpenNegotiationTest {

    private static final AddressFamily V4 = AddressFamily.IPV4_UNICAST;
    private static final AddressFamily V6 = AddressFamily.IPV6_UNICAST;

    private static OpenInfo peer(int myAs, int hold, int id, Capabilities caps) {
        return new OpenInfo(4, myAs, hold, id, caps);
    }

    private static BgpDecodeException refused(SessionConfig config, OpenInfo open, int subcode) {
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> OpenNegotiation.negotiate(config, open));
        assertEquals(ErrorCode.OPEN_MESSAGE_ERROR, e.code());
        assertEquals(subcode, e.subcode(), e.toString());
        assertEquals(ErrorAction.SESSION_RESET, e.action());
        return e;
    }

    @ParameterizedTest(name = "ours {0}, theirs {1} -> hold {2}, keepalive {3}")
    @CsvSource({
        "90, 90, 90, 30",
        "90, 30, 30, 10",
        "30, 90, 30, 10",
        "90, 3, 3, 1",
        "90, 0, 0, 0",
        "0, 90, 0, 0",
        "9, 10, 9, 3",
        "4, 180, 4, 1",
    })
    void holdTimeIsTheSmallerOfBothAndKeepaliveAThird(int ours, int theirs, int hold, int keepalive) throws Exception {
        NegotiatedSession s = OpenNegotiation.negotiate(Fixtures.config().holdTimeSeconds(ours).build(),
                Fixtures.peerOpen(theirs));
        assertEquals(hold, s.holdTimeSeconds());
        assertEquals(keepalive, s.keepaliveSeconds());
    }

    @Test
    void configuredKeepaliveWinsWhileShorterThanTheHoldTime() throws Exception {
        SessionConfig config = Fixtures.config().keepaliveSeconds(OptionalInt.of(5)).build();
        assertEquals(5, OpenNegotiation.negotiate(config, Fixtures.peerOpen(90)).keepaliveSeconds());
        assertEquals(1, OpenNegotiation.negotiate(config, Fixtures.peerOpen(3)).keepaliveSeconds());
    }

    @ParameterizedTest
    @CsvSource({"1", "2"})
    void holdTimeOfOneOrTwoSecondsIsUnacceptable(int hold) {
        BgpDecodeException e = refused(Fixtures.config().build(), Fixtures.peerOpen(hold), Subcodes.Open.UNACCEPTABLE_HOLD_TIME);
        assertEquals(0, e.data().length);
    }

    @Test
    void configuredMinimumHoldTimeIsEnforced() throws Exception {
        SessionConfig config = Fixtures.config().minHoldTimeSeconds(10).build();
        refused(config, Fixtures.peerOpen(9), Subcodes.Open.UNACCEPTABLE_HOLD_TIME);
        assertEquals(10, OpenNegotiation.negotiate(config, Fixtures.peerOpen(10)).holdTimeSeconds());
        assertEquals(0, OpenNegotiation.negotiate(config, Fixtures.peerOpen(0)).holdTimeSeconds(), "0 is always allowed");
    }

    @Test
    void unsupportedVersionCarriesOurVersion() {
        OpenInfo v3 = new OpenInfo(3, (int) Fixtures.PEER_AS, 90, Fixtures.PEER_ID, Fixtures.peerCaps());
        BgpDecodeException e = refused(Fixtures.config().build(), v3, Subcodes.Open.UNSUPPORTED_VERSION_NUMBER);
        assertArrayEquals(new byte[] {0, 4}, e.data());
    }

    @Test
    void peerAsMismatchIsBadPeerAsWithMyAsAsData() {
        OpenInfo wrong = peer(64999, 90, Fixtures.PEER_ID, Fixtures.peerCaps().withFourOctetAs(OptionalLong.of(64999)));
        BgpDecodeException e = refused(Fixtures.config().build(), wrong, Subcodes.Open.BAD_PEER_AS);
        assertArrayEquals(new byte[] {(byte) 0xFD, (byte) 0xE7}, e.data());
    }

    @Test
    void fourOctetPeerAsComesFromTheCapabilityWithAsTransInMyAs() throws Exception {
        SessionConfig config = Fixtures.config().peerAs(4_200_000_000L).build();
        Capabilities caps = Fixtures.peerCaps().withFourOctetAs(OptionalLong.of(4_200_000_000L));
        NegotiatedSession s = OpenNegotiation.negotiate(config, peer(OpenInfo.AS_TRANS, 90, Fixtures.PEER_ID, caps));
        assertEquals(4_200_000_000L, s.peerAs());
        assertTrue(s.fourOctetAs());
        // Without the capability the peer can only be AS_TRANS, never our 4-octet peer.
        refused(config, peer(OpenInfo.AS_TRANS, 90, Fixtures.PEER_ID, Capabilities.NONE), Subcodes.Open.BAD_PEER_AS);
        // A large AS must come with AS_TRANS in My AS.
        refused(config, peer(1234, 90, Fixtures.PEER_ID, caps), Subcodes.Open.BAD_PEER_AS);
    }

    @Test
    void asTransInTheCapabilityIsBadPeerAs() {
        SessionConfig config = Fixtures.config().peerAs(OpenInfo.AS_TRANS).build();
        Capabilities caps = Fixtures.peerCaps().withFourOctetAs(OptionalLong.of(OpenInfo.AS_TRANS));
        refused(config, peer(OpenInfo.AS_TRANS, 90, Fixtures.PEER_ID, caps), Subcodes.Open.BAD_PEER_AS);
    }

    @Test
    void twoOctetSpeakerWithoutCapabilities() throws Exception {
        NegotiatedSession s = OpenNegotiation.negotiate(Fixtures.config().build(),
                peer((int) Fixtures.PEER_AS, 90, Fixtures.PEER_ID, Capabilities.NONE));
        assertFalse(s.fourOctetAs());
        assertEquals(Set.of(V4), s.families(), "no Multiprotocol capability means IPv4 unicast (RFC 4760 §8)");
        assertFalse(s.routeRefresh());
        assertEquals(new CodecContext(false, 4096, false, Set.of(), Set.of()), s.codecContext());
    }

    @Test
    void identifierZeroIsBad() {
        refused(Fixtures.config().build(), peer((int) Fixtures.PEER_AS, 90, 0, Fixtures.peerCaps()),
                Subcodes.Open.BAD_BGP_IDENTIFIER);
    }

    @Test
    void ibgpPeerMustNotShareOurIdentifierButAnEbgpPeerMay() throws Exception {
        SessionConfig ibgp = Fixtures.config().peerAs(Fixtures.LOCAL_AS).build();
        Capabilities caps = Fixtures.peerCaps().withFourOctetAs(OptionalLong.of(Fixtures.LOCAL_AS));
        refused(ibgp, peer((int) Fixtures.LOCAL_AS, 90, Fixtures.LOCAL_ID, caps), Subcodes.Open.BAD_BGP_IDENTIFIER);
        NegotiatedSession ok = OpenNegotiation.negotiate(ibgp, peer((int) Fixtures.LOCAL_AS, 90, Fixtures.PEER_ID, caps));
        assertTrue(ok.internal());
        assertTrue(ok.codecContext().internalPeer());
        // RFC 6286 §2.3: between ASes the same identifier is allowed.
        NegotiatedSession ebgp = OpenNegotiation.negotiate(Fixtures.config().build(),
                peer((int) Fixtures.PEER_AS, 90, Fixtures.LOCAL_ID, Fixtures.peerCaps()));
        assertFalse(ebgp.internal());
    }

    @Test
    void familiesAreTheIntersection() throws Exception {
        SessionConfig config = Fixtures.config().families(Set.of(V4, V6)).build();
        NegotiatedSession s = OpenNegotiation.negotiate(config,
                peer((int) Fixtures.PEER_AS, 90, Fixtures.PEER_ID, Fixtures.peerCaps().withMultiprotocol(Set.of(V6, AddressFamily.of(1, 128)))));
        assertEquals(Set.of(V6), s.families());
    }

    @Test
    void noCommonFamilyIsUnsupportedCapabilityListingOurs() {
        SessionConfig config = Fixtures.config().families(Set.of(V6, V4)).build();
        OpenInfo open = peer((int) Fixtures.PEER_AS, 90, Fixtures.PEER_ID,
                Fixtures.peerCaps().withMultiprotocol(Set.of(AddressFamily.of(25, 70))));
        BgpDecodeException e = refused(config, open, Subcodes.Open.UNSUPPORTED_CAPABILITY);
        assertArrayEquals(new byte[] {1, 4, 0, 1, 0, 1, 1, 4, 0, 2, 0, 1}, e.data());
    }

    @Test
    void addPathDirectionsPerFamily() throws Exception {
        Capabilities ours = Fixtures.config().build().capabilities().withMultiprotocol(Set.of(V4, V6))
                .withAddPath(Map.of(V4, AddPathMode.BOTH, V6, AddPathMode.RECEIVE));
        SessionConfig config = Fixtures.config().capabilities(ours).build();
        Capabilities theirs = Fixtures.peerCaps().withMultiprotocol(Set.of(V4, V6))
                .withAddPath(Map.of(V4, AddPathMode.SEND, V6, AddPathMode.BOTH));
        NegotiatedSession s = OpenNegotiation.negotiate(config, peer((int) Fixtures.PEER_AS, 90, Fixtures.PEER_ID, theirs));
        // v4: we both-ways, they only send -> we receive ids, we do not send them.
        // v6: we only receive, they both -> we receive ids.
        assertEquals(Set.of(V4, V6), s.addPathReceive());
        assertEquals(Set.of(), s.addPathSend());
        Capabilities theirs2 = theirs.withAddPath(Map.of(V4, AddPathMode.RECEIVE));
        NegotiatedSession s2 = OpenNegotiation.negotiate(config, peer((int) Fixtures.PEER_AS, 90, Fixtures.PEER_ID, theirs2));
        assertEquals(Set.of(), s2.addPathReceive());
        assertEquals(Set.of(V4), s2.addPathSend());
        assertTrue(s2.codecContext().sendsPathIds(1, 1));
        assertFalse(s2.codecContext().receivesPathIds(1, 1));
    }

    @Test
    void extendedMessageAndRouteRefreshNeedBothSides() throws Exception {
        Capabilities ours = Fixtures.config().build().capabilities().withExtendedMessage(true).withRouteRefresh(true, true);
        SessionConfig config = Fixtures.config().capabilities(ours).build();
        NegotiatedSession one = OpenNegotiation.negotiate(config, Fixtures.peerOpen());
        assertFalse(one.extendedMessage());
        assertEquals(4096, one.codecContext().maxMessageLength());
        assertTrue(one.routeRefresh());
        assertFalse(one.enhancedRouteRefresh());
        NegotiatedSession both = OpenNegotiation.negotiate(config, peer((int) Fixtures.PEER_AS, 90, Fixtures.PEER_ID,
                Fixtures.peerCaps().withExtendedMessage(true).withRouteRefresh(true, true)));
        assertTrue(both.extendedMessage());
        assertEquals(65535, both.codecContext().maxMessageLength());
        assertTrue(both.enhancedRouteRefresh());
    }

    @Test
    void gracefulRestartKeepsThePeersTimesAndNegotiatedFamilyBits() throws Exception {
        GracefulRestart mine = new GracefulRestart(false, true, 120, Map.of(V4, false));
        SessionConfig config = Fixtures.config().capabilities(
                Fixtures.config().build().capabilities().withGracefulRestart(Optional.of(mine))).build();
        GracefulRestart theirs = new GracefulRestart(true, true, 300, Map.of(V4, true, V6, true));
        NegotiatedSession s = OpenNegotiation.negotiate(config, peer((int) Fixtures.PEER_AS, 90, Fixtures.PEER_ID,
                Fixtures.peerCaps().withGracefulRestart(Optional.of(theirs))));
        GracefulRestart gr = s.peerGracefulRestart().orElseThrow();
        assertEquals(300, gr.restartTimeSeconds());
        assertTrue(gr.restarting());
        assertTrue(gr.notification());
        assertEquals(Map.of(V4, true), gr.forwardingPreserved(), "v6 was not negotiated");
        // Without ours, the peer's capability does not count.
        NegotiatedSession none = OpenNegotiation.negotiate(Fixtures.config().build(), peer((int) Fixtures.PEER_AS, 90,
                Fixtures.PEER_ID, Fixtures.peerCaps().withGracefulRestart(Optional.of(theirs))));
        assertEquals(Optional.empty(), none.peerGracefulRestart());
    }

    @Test
    void localOpenUsesAsTransForA4OctetAs() {
        SessionConfig config = Fixtures.config().localAs(4_200_000_001L).build();
        OpenInfo open = config.localOpen();
        assertEquals(OpenInfo.AS_TRANS, open.myAs());
        assertEquals(OptionalLong.of(4_200_000_001L), open.capabilities().fourOctetAs());
        assertEquals(4_200_000_001L, open.effectiveAs());
        assertEquals(Fixtures.LOCAL_ID, open.bgpIdentifier());
        assertEquals(90, open.holdTime());
    }

    @Test
    void sendHoldTimeDefaultFollowsRfc9687() {
        SessionConfig config = Fixtures.config().build();
        assertEquals(java.time.Duration.ofMinutes(8), config.effectiveSendHoldTime(90));
        assertEquals(java.time.Duration.ofSeconds(1200), config.effectiveSendHoldTime(600));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().holdTimeSeconds(2).build());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().bgpIdentifier(0).build());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().peerAs(0).build());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().localAs(1L << 32).build());
    }
}

package dev.jbgp.fsm;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.capability.AddPath;
import dev.jbgp.wire.capability.Capability;
import dev.jbgp.wire.capability.EnhancedRouteRefresh;
import dev.jbgp.wire.capability.ExtendedMessage;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.capability.Multiprotocol;
import dev.jbgp.wire.capability.RouteRefresh;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.OpenMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
    private static final int PEER_AS = (int) Fixtures.PEER_AS;

    private static OpenMessage peer(int myAs, int hold, int id, List<Capability> caps) {
        return Fixtures.open(myAs, hold, id, caps);
    }

    private static BgpDecodeException refused(SessionConfig config, OpenMessage open, int subcode) {
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
        OpenMessage v3 = Fixtures.open(3, PEER_AS, 90, Fixtures.PEER_ID, Fixtures.peerCaps());
        BgpDecodeException e = refused(Fixtures.config().build(), v3, Subcodes.Open.UNSUPPORTED_VERSION_NUMBER);
        assertArrayEquals(new byte[] {0, 4}, e.data());
    }

    @Test
    void peerAsMismatchIsBadPeerAsWithMyAsAsData() {
        OpenMessage wrong = peer(64999, 90, Fixtures.PEER_ID, List.of(new Multiprotocol(V4), new FourOctetAs(64999)));
        BgpDecodeException e = refused(Fixtures.config().build(), wrong, Subcodes.Open.BAD_PEER_AS);
        assertArrayEquals(new byte[] {(byte) 0xFD, (byte) 0xE7}, e.data());
    }

    @Test
    void fourOctetPeerAsComesFromTheCapabilityWithAsTransInMyAs() throws Exception {
        SessionConfig config = Fixtures.config().peerAs(4_200_000_000L).build();
        List<Capability> caps = List.of(new Multiprotocol(V4), new FourOctetAs(4_200_000_000L));
        NegotiatedSession s = OpenNegotiation.negotiate(config, peer(OpenMessage.AS_TRANS, 90, Fixtures.PEER_ID, caps));
        assertEquals(4_200_000_000L, s.peerAs());
        assertTrue(s.fourOctetAs());
        // Without the capability the peer can only be AS_TRANS, never our 4-octet peer.
        refused(config, peer(OpenMessage.AS_TRANS, 90, Fixtures.PEER_ID, List.of()), Subcodes.Open.BAD_PEER_AS);
        // A large AS must come with AS_TRANS in My AS.
        refused(config, peer(1234, 90, Fixtures.PEER_ID, caps), Subcodes.Open.BAD_PEER_AS);
    }

    @Test
    void anyExternalAsAcceptsEveryAsButOursAndLearnsIt() throws Exception {
        SessionConfig config = Fixtures.config().peerAsAnyExternal().build();
        assertTrue(config.anyExternalPeerAs());
        assertFalse(config.internal());
        NegotiatedSession two = OpenNegotiation.negotiate(config, peer(64999, 90, Fixtures.PEER_ID,
                List.of(new Multiprotocol(V4), new FourOctetAs(64999))));
        assertEquals(64999, two.peerAs(), "the AS is learned from the OPEN");
        assertFalse(two.internal(), "and the session is eBGP");
        NegotiatedSession four = OpenNegotiation.negotiate(config, peer(OpenMessage.AS_TRANS, 90, Fixtures.PEER_ID,
                List.of(new Multiprotocol(V4), new FourOctetAs(4_200_000_000L))));
        assertEquals(4_200_000_000L, four.peerAs());
        // Our own AS is not external: Bad Peer AS with the 2-octet My AS as data.
        BgpDecodeException e = refused(config, peer((int) Fixtures.LOCAL_AS, 90, Fixtures.PEER_ID,
                List.of(new Multiprotocol(V4), new FourOctetAs(Fixtures.LOCAL_AS))), Subcodes.Open.BAD_PEER_AS);
        assertArrayEquals(new byte[] {(byte) (Fixtures.LOCAL_AS >>> 8), (byte) Fixtures.LOCAL_AS}, e.data());
        // Ours in 4 octets, with AS_TRANS in My AS, is refused as well; so is an inconsistent OPEN.
        SessionConfig wide = config.toBuilder().localAs(4_200_000_000L).build();
        refused(wide, peer(OpenMessage.AS_TRANS, 90, Fixtures.PEER_ID,
                List.of(new Multiprotocol(V4), new FourOctetAs(4_200_000_000L))), Subcodes.Open.BAD_PEER_AS);
        refused(config, peer(1234, 90, Fixtures.PEER_ID, List.of(new Multiprotocol(V4), new FourOctetAs(4_200_000_000L))),
                Subcodes.Open.BAD_PEER_AS);
    }

    @Test
    void anyExternalIsAskedForExplicitlyAndSurvivesToBuilder() {
        // A forgotten peerAs (0) stays an error; "any external" is its own builder call.
        SessionConfig any = Fixtures.config().peerAsAnyExternal().build();
        assertEquals(SessionConfig.ANY_EXTERNAL_AS, any.peerAs());
        assertTrue(any.toBuilder().build().anyExternalPeerAs());
        assertFalse(any.toBuilder().peerAs(PEER_AS).build().anyExternalPeerAs());
    }

    @Test
    void asTransInTheCapabilityIsBadPeerAs() {
        SessionConfig config = Fixtures.config().peerAs(OpenMessage.AS_TRANS).build();
        List<Capability> caps = List.of(new Multiprotocol(V4), new FourOctetAs(OpenMessage.AS_TRANS));
        refused(config, peer(OpenMessage.AS_TRANS, 90, Fixtures.PEER_ID, caps), Subcodes.Open.BAD_PEER_AS);
    }

    @Test
    void twoOctetSpeakerWithoutCapabilities() throws Exception {
        NegotiatedSession s = OpenNegotiation.negotiate(Fixtures.config().build(), peer(PEER_AS, 90, Fixtures.PEER_ID, List.of()));
        assertFalse(s.fourOctetAs());
        assertEquals(Set.of(V4), s.families(), "no Multiprotocol capability means IPv4 unicast (RFC 4760 §8)");
        assertFalse(s.routeRefresh());
        assertEquals(new CodecContext(false, 4096, false, Set.of(), Set.of()), s.codecContext());
    }

    @Test
    void identifierZeroIsBad() {
        refused(Fixtures.config().build(), peer(PEER_AS, 90, 0, Fixtures.peerCaps()), Subcodes.Open.BAD_BGP_IDENTIFIER);
    }

    @Test
    void ibgpPeerMustNotShareOurIdentifierButAnEbgpPeerMay() throws Exception {
        SessionConfig ibgp = Fixtures.config().peerAs(Fixtures.LOCAL_AS).build();
        List<Capability> caps = List.of(new Multiprotocol(V4), new FourOctetAs(Fixtures.LOCAL_AS));
        refused(ibgp, peer((int) Fixtures.LOCAL_AS, 90, Fixtures.LOCAL_ID, caps), Subcodes.Open.BAD_BGP_IDENTIFIER);
        NegotiatedSession ok = OpenNegotiation.negotiate(ibgp, peer((int) Fixtures.LOCAL_AS, 90, Fixtures.PEER_ID, caps));
        assertTrue(ok.internal());
        assertTrue(ok.codecContext().internalPeer());
        // RFC 6286 §2.3: between ASes the same identifier is allowed.
        NegotiatedSession ebgp = OpenNegotiation.negotiate(Fixtures.config().build(),
                peer(PEER_AS, 90, Fixtures.LOCAL_ID, Fixtures.peerCaps()));
        assertFalse(ebgp.internal());
    }

    @Test
    void familiesAreTheIntersection() throws Exception {
        SessionConfig config = Fixtures.config().families(Set.of(V4, V6)).build();
        NegotiatedSession s = OpenNegotiation.negotiate(config, peer(PEER_AS, 90, Fixtures.PEER_ID,
                List.of(new Multiprotocol(V6), Multiprotocol.of(1, 128), new FourOctetAs(PEER_AS))));
        assertEquals(Set.of(V6), s.families());
    }

    @Test
    void noCommonFamilyIsUnsupportedCapabilityListingOurs() {
        SessionConfig config = Fixtures.config().families(Set.of(V6, V4)).build();
        OpenMessage open = peer(PEER_AS, 90, Fixtures.PEER_ID, List.of(Multiprotocol.of(25, 70)));
        BgpDecodeException e = refused(config, open, Subcodes.Open.UNSUPPORTED_CAPABILITY);
        assertArrayEquals(new byte[] {1, 4, 0, 1, 0, 1, 1, 4, 0, 2, 0, 1}, e.data());
    }

    @Test
    void addPathDirectionsPerFamily() throws Exception {
        SessionConfig config = Fixtures.config().families(Set.of(V4, V6))
                .addPath(Map.of(V4, AddPath.BOTH, V6, AddPath.RECEIVE)).build();
        OpenMessage theirs = peer(PEER_AS, 90, Fixtures.PEER_ID, List.of(new Multiprotocol(V4), new Multiprotocol(V6),
                new AddPath(List.of(new AddPath.Entry(V4, AddPath.SEND), new AddPath.Entry(V6, AddPath.BOTH)))));
        NegotiatedSession s = OpenNegotiation.negotiate(config, theirs);
        // v4: we both ways, they only send -> we receive ids and do not send them.
        // v6: we only receive, they both -> we receive ids.
        assertEquals(Set.of(V4, V6), s.addPathReceive());
        assertEquals(Set.of(), s.addPathSend());
        OpenMessage theirs2 = peer(PEER_AS, 90, Fixtures.PEER_ID, List.of(new Multiprotocol(V4), new Multiprotocol(V6),
                new AddPath(List.of(new AddPath.Entry(V4, AddPath.RECEIVE)))));
        NegotiatedSession s2 = OpenNegotiation.negotiate(config, theirs2);
        assertEquals(Set.of(), s2.addPathReceive());
        assertEquals(Set.of(V4), s2.addPathSend());
        assertTrue(s2.codecContext().sendsPathIds(1, 1));
        assertFalse(s2.codecContext().receivesPathIds(1, 1));
    }

    @Test
    void extendedMessageAndRouteRefreshNeedBothSides() throws Exception {
        SessionConfig config = Fixtures.config().extendedMessage(true).enhancedRouteRefresh(true).build();
        NegotiatedSession one = OpenNegotiation.negotiate(config, Fixtures.peerOpen());
        assertFalse(one.extendedMessage());
        assertEquals(4096, one.codecContext().maxMessageLength());
        assertTrue(one.routeRefresh());
        assertFalse(one.enhancedRouteRefresh());
        NegotiatedSession both = OpenNegotiation.negotiate(config, peer(PEER_AS, 90, Fixtures.PEER_ID,
                Fixtures.peerCapsPlus(ExtendedMessage.INSTANCE, EnhancedRouteRefresh.INSTANCE)));
        assertTrue(both.extendedMessage());
        assertEquals(65535, both.codecContext().maxMessageLength());
        assertTrue(both.enhancedRouteRefresh());
        // Cisco's old route refresh code counts as route refresh.
        NegotiatedSession cisco = OpenNegotiation.negotiate(config, peer(PEER_AS, 90, Fixtures.PEER_ID,
                List.of(new Multiprotocol(V4), RouteRefresh.CISCO)));
        assertTrue(cisco.routeRefresh());
    }

    @Test
    void gracefulRestartKeepsThePeersTimesAndNegotiatedFamilyBits() throws Exception {
        GracefulRestart mine = GracefulRestart.of(false, true, 120, List.of(GracefulRestart.Family.of(V4, false)));
        SessionConfig config = Fixtures.config().gracefulRestart(Optional.of(mine)).build();
        GracefulRestart theirs = GracefulRestart.of(true, true, 300,
                List.of(GracefulRestart.Family.of(V4, true), GracefulRestart.Family.of(V6, true)));
        NegotiatedSession s = OpenNegotiation.negotiate(config, peer(PEER_AS, 90, Fixtures.PEER_ID, Fixtures.peerCapsPlus(theirs)));
        GracefulRestart gr = s.peerGracefulRestart().orElseThrow();
        assertEquals(300, gr.restartTime());
        assertTrue(gr.restartState());
        assertTrue(gr.notification());
        assertEquals(List.of(GracefulRestart.Family.of(V4, true)), gr.families(), "v6 was not negotiated");
        // Without ours, the peer's capability does not count.
        NegotiatedSession none = OpenNegotiation.negotiate(Fixtures.config().build(),
                peer(PEER_AS, 90, Fixtures.PEER_ID, Fixtures.peerCapsPlus(theirs)));
        assertEquals(Optional.empty(), none.peerGracefulRestart());
    }

    @Test
    void localOpenRoundTripsThroughTheWireCodec() throws Exception {
        SessionConfig config = Fixtures.config().localAs(4_200_000_001L).families(Set.of(V6, V4))
                .addPath(Map.of(V4, AddPath.BOTH)).extendedMessage(true).build();
        OpenMessage open = config.localOpen();
        assertEquals(OpenMessage.AS_TRANS, open.myAs());
        assertEquals(4_200_000_001L, open.effectiveAs());
        assertEquals(Fixtures.LOCAL_ID, open.bgpIdentifier());
        assertEquals(90, open.holdTime());
        ByteBuf buf = Unpooled.buffer();
        try {
            open.encode(buf);
            assertEquals(open, OpenMessage.decode(buf));
        } finally {
            buf.release();
        }
        // Two speakers with the same configuration style negotiate everything they both offer.
        SessionConfig peerConfig = SessionConfig.builder().localAs(Fixtures.PEER_AS).peerAs(4_200_000_001L)
                .bgpIdentifier(Fixtures.PEER_ID).families(Set.of(V4)).addPath(Map.of(V4, AddPath.RECEIVE)).build();
        NegotiatedSession s = OpenNegotiation.negotiate(peerConfig, open);
        assertEquals(Set.of(V4), s.families());
        assertEquals(Set.of(V4), s.addPathReceive());
        assertTrue(s.fourOctetAs());
    }

    @Test
    void sendHoldTimeDefaultFollowsRfc9687() {
        SessionConfig config = Fixtures.config().build();
        assertEquals(Duration.ofMinutes(8), config.effectiveSendHoldTime(90));
        assertEquals(Duration.ofSeconds(1200), config.effectiveSendHoldTime(600));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().holdTimeSeconds(2).build());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().bgpIdentifier(0).build());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().peerAs(0).build());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().localAs(1L << 32).build());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().addPath(Map.of(V4, 4)).build());
        assertThrows(IllegalArgumentException.class, () -> Fixtures.config().families(Set.of()).build());
    }
}

package dev.jbgp.fsm;

import dev.jbgp.wire.capability.AddPath;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.iana.CapabilityCode;
import dev.jbgp.wire.message.OpenMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.Comparator;

/**
 * Checks a received OPEN against our configuration and negotiates the session (RFC 4271 §6.2 and
 * §4.2, RFC 6793, RFC 6286, RFC 5492 and the capability RFCs). Pure: the same inputs always give
 * the same {@link NegotiatedSession} or the same NOTIFICATION.
 */
public final class OpenNegotiation {

    private OpenNegotiation() {
    }

    /**
     * Negotiates a session from our OPEN and the peer's.
     *
     * @throws BgpDecodeException (always {@link dev.jbgp.wire.error.ErrorAction#SESSION_RESET}) with
     *         the OPEN Message Error to send when the peer's OPEN is not acceptable
     */
    public static NegotiatedSession negotiate(SessionConfig config, OpenMessage peer) throws BgpDecodeException {
        OpenMessage local = config.localOpen();
        // §6.2: version first; the data field is the largest version we support, in 2 octets.
        if (peer.version() != OpenMessage.BGP_VERSION) {
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.UNSUPPORTED_VERSION_NUMBER,
                    new byte[] {0, OpenMessage.BGP_VERSION}, "unsupported BGP version " + peer.version());
        }
        checkPeerAs(config, peer, CapabilityView.of(peer));
        checkIdentifier(config, peer);
        int hold = negotiateHoldTime(config, peer);
        int keepalive = hold == 0 ? 0 : keepaliveFor(config, hold);

        CapabilityView ours = CapabilityView.of(local);
        CapabilityView theirs = CapabilityView.of(peer);
        Set<AddressFamily> families = new HashSet<>(ours.families());
        families.retainAll(theirs.families());
        if (families.isEmpty()) {
            // Nothing to exchange: tell the peer which Multiprotocol capabilities we would have accepted (RFC 5492 §5).
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.UNSUPPORTED_CAPABILITY,
                    multiprotocolTlvs(ours.families()), "no address family in common: ours " + ours.families()
                            + ", peer's " + theirs.families());
        }
        Set<AddressFamily> addPathReceive = new HashSet<>();
        Set<AddressFamily> addPathSend = new HashSet<>();
        for (AddressFamily family : families) {
            AddPath.Entry mine = ours.addPath().get(family);
            AddPath.Entry peers = theirs.addPath().get(family);
            if (mine == null || peers == null) {
                continue;
            }
            // RFC 7911 §4: path identifiers flow in a direction when its sender can send and its receiver can receive.
            if (mine.canReceive() && peers.canSend()) {
                addPathReceive.add(family);
            }
            if (mine.canSend() && peers.canReceive()) {
                addPathSend.add(family);
            }
        }
        Optional<GracefulRestart> peerGr = Optional.empty();
        if (ours.gracefulRestart().isPresent() && theirs.gracefulRestart().isPresent()) {
            GracefulRestart gr = theirs.gracefulRestart().get();
            List<GracefulRestart.Family> negotiated = new ArrayList<>();
            for (GracefulRestart.Family f : gr.families()) {
                if (families.contains(f.family())) {
                    negotiated.add(f);
                }
            }
            peerGr = Optional.of(new GracefulRestart(gr.restartFlags(), gr.restartTime(), negotiated));
        }
        return new NegotiatedSession(local, peer, config.localAs(), theirs.fourOctetAs().orElse(peer.myAs()), hold, keepalive,
                ours.fourOctetAs().isPresent() && theirs.fourOctetAs().isPresent(), families, addPathReceive, addPathSend,
                ours.extendedMessage() && theirs.extendedMessage(), ours.routeRefresh() && theirs.routeRefresh(),
                ours.enhancedRouteRefresh() && theirs.enhancedRouteRefresh(), peerGr);
    }

    private static void checkPeerAs(SessionConfig config, OpenMessage peer, CapabilityView caps) throws BgpDecodeException {
        long announced = caps.fourOctetAs().orElse(peer.myAs());
        boolean consistent = true;
        if (caps.fourOctetAs().isPresent()) {
            long four = caps.fourOctetAs().getAsLong();
            // RFC 6793 §4.1: a 2-octet-sized AS appears in both fields; a larger one as AS_TRANS in My AS.
            // AS_TRANS itself is never a speaker's AS (RFC 6793 §9).
            consistent = four != OpenMessage.AS_TRANS && four != 0
                    && (four > 0xFFFF ? peer.myAs() == OpenMessage.AS_TRANS : peer.myAs() == four);
        }
        // With "any external AS" the check is against ours: the peer must be in another AS (eBGP).
        boolean acceptable = config.anyExternalPeerAs() ? announced != config.localAs() && announced != 0
                : announced == config.peerAs();
        if (!consistent || !acceptable) {
            // RFC 4271 §6.2 gives Bad Peer AS no data; the 2-octet field the peer sent helps the operator.
            byte[] myAs = {(byte) (peer.myAs() >>> 8), (byte) peer.myAs()};
            String expected = config.anyExternalPeerAs() ? "any AS but ours (" + config.localAs() + ")"
                    : Long.toString(config.peerAs());
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_PEER_AS, myAs,
                    "peer announced AS " + announced + " (My AS " + peer.myAs() + "), expected " + expected);
        }
    }

    private static void checkIdentifier(SessionConfig config, OpenMessage peer) throws BgpDecodeException {
        // RFC 6286 §2.1: any non-zero value is a valid identifier; §2.2: within one AS they must differ.
        if (peer.bgpIdentifier() == 0) {
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_BGP_IDENTIFIER,
                    new byte[0], "BGP identifier 0");
        }
        if (config.internal() && peer.bgpIdentifier() == config.bgpIdentifier()) {
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_BGP_IDENTIFIER,
                    new byte[0], "iBGP peer uses our BGP identifier " + peer.bgpIdentifierText());
        }
    }

    private static int negotiateHoldTime(SessionConfig config, OpenMessage peer) throws BgpDecodeException {
        int theirs = peer.holdTime();
        // §4.2: zero or at least three seconds; we may also refuse a short non-zero one (§6.2).
        if (theirs != 0 && theirs < config.minHoldTimeSeconds()) {
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.UNACCEPTABLE_HOLD_TIME,
                    new byte[0], "hold time " + theirs + " s below the minimum " + config.minHoldTimeSeconds() + " s");
        }
        return Math.min(theirs, config.holdTimeSeconds());
    }

    private static int keepaliveFor(SessionConfig config, int hold) {
        int third = Math.max(1, hold / 3);
        if (config.keepaliveSeconds().isPresent()) {
            int configured = config.keepaliveSeconds().getAsInt();
            // A configured interval longer than the hold time would let the peer's HoldTimer expire.
            return configured < hold ? configured : third;
        }
        return third;
    }

    private static byte[] multiprotocolTlvs(Set<AddressFamily> families) {
        Set<AddressFamily> sorted = new TreeSet<>(Comparator.comparingInt(AddressFamily::afi).thenComparingInt(AddressFamily::safi));
        sorted.addAll(families);
        byte[] out = new byte[sorted.size() * 6];
        int i = 0;
        for (AddressFamily f : sorted) {
            out[i++] = (byte) CapabilityCode.MULTIPROTOCOL;
            out[i++] = 4;
            out[i++] = (byte) (f.afi() >>> 8);
            out[i++] = (byte) f.afi();
            out[i++] = 0;
            out[i++] = (byte) f.safi();
        }
        return out;
    }

}

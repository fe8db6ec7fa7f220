package dev.jbgp.fsm;

import dev.jbgp.wire.iana.AddressFamily;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Configurations and OPENs shared by the state machine tests (documentation AS numbers, 127/8 ids). */
final class Fixtures {

    private Fixtures() {
    }

    static final long LOCAL_AS = 64500;
    static final long PEER_AS = 64501;
    static final int LOCAL_ID = BgpIdentifiers.parse("127.0.0.1");
    static final int PEER_ID = BgpIdentifiers.parse("127.0.0.2");

    static SessionConfig.Builder config() {
        return SessionConfig.builder().localAs(LOCAL_AS).peerAs(PEER_AS).bgpIdentifier(LOCAL_ID);
    }

    static Capabilities peerCaps() {
        return new Capabilities(Set.of(AddressFamily.IPV4_UNICAST), OptionalLong.of(PEER_AS), Map.of(), false, true,
                false, Optional.empty());
    }

    static OpenInfo peerOpen(int holdTime) {
        return new OpenInfo(4, (int) PEER_AS, holdTime, PEER_ID, peerCaps());
    }

    static OpenInfo peerOpen() {
        return peerOpen(90);
    }

    /** A harness driven to the given state along the plain active path. */
    static FsmHarness harnessIn(SessionState state, SessionConfig config) {
        FsmHarness h = new FsmHarness(config);
        switch (state) {
            case IDLE:
                break;
            case CONNECT:
                h.fire(SessionEvent.ManualStart.INSTANCE);
                break;
            case ACTIVE:
                h.fire(SessionEvent.ManualStartPassive.INSTANCE);
                break;
            case OPEN_SENT:
                h.fire(SessionEvent.ManualStart.INSTANCE);
                h.fire(SessionEvent.TcpCrAcked.INSTANCE);
                break;
            case OPEN_CONFIRM:
                h.fire(SessionEvent.ManualStart.INSTANCE);
                h.fire(SessionEvent.TcpCrAcked.INSTANCE);
                h.fire(new SessionEvent.BgpOpen(peerOpen()));
                break;
            case ESTABLISHED:
                h.fire(SessionEvent.ManualStart.INSTANCE);
                h.fire(SessionEvent.TcpCrAcked.INSTANCE);
                h.fire(new SessionEvent.BgpOpen(peerOpen()));
                h.fire(SessionEvent.KeepAliveMsg.INSTANCE);
                break;
            default:
                throw new AssertionError(state);
        }
        if (h.state() != state) {
            throw new AssertionError("could not reach " + state + ", got " + h.state());
        }
        h.log.clear();
        return h;
    }
}

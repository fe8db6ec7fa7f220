package dev.jbgp.fsm;

import dev.jbgp.wire.capability.Capability;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.capability.Multiprotocol;
import dev.jbgp.wire.capability.RouteRefresh;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.CapabilityParameter;
import dev.jbgp.wire.message.OpenMessage;

import java.util.ArrayList;
import java.util.List;

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

    /** The peer's usual capabilities: IPv4 unicast, route refresh, 4-octet AS. */
    static List<Capability> peerCaps() {
        return List.of(new Multiprotocol(AddressFamily.IPV4_UNICAST), RouteRefresh.STANDARD, new FourOctetAs(PEER_AS));
    }

    /** The peer's usual capabilities plus these. */
    static List<Capability> peerCapsPlus(Capability... more) {
        List<Capability> all = new ArrayList<>(peerCaps());
        all.addAll(List.of(more));
        return all;
    }

    static OpenMessage open(int version, int myAs, int holdTime, int id, List<Capability> caps) {
        return new OpenMessage(version, myAs, holdTime, id, caps.isEmpty() ? List.of() : List.of(new CapabilityParameter(caps)));
    }

    static OpenMessage open(int myAs, int holdTime, int id, List<Capability> caps) {
        return open(4, myAs, holdTime, id, caps);
    }

    static OpenMessage peerOpen(int holdTime) {
        return open((int) PEER_AS, holdTime, PEER_ID, peerCaps());
    }

    static OpenMessage peerOpen() {
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

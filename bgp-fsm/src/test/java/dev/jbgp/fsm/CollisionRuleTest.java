package dev.jbgp.fsm;

import dev.jbgp.fsm.CollisionRule.Slot;
import dev.jbgp.wire.error.Subcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Connection collision resolution (RFC 4271 §6.8, RFC 6286 §2.3). */
class CollisionRuleTest {

    private static final int LOW = BgpIdentifiers.parse("127.0.0.1");
    private static final int HIGH = BgpIdentifiers.parse("127.0.0.2");
    /** Above 2^31: compared as unsigned, this is the highest identifier. */
    private static final int TOP = BgpIdentifiers.parse("200.0.0.1");

    @ParameterizedTest(name = "{0} vs {1}: outgoing {2}, incoming {3} -> close {4}")
    @CsvSource({
        // the higher identifier's own connection stays
        "LOW, HIGH, OPEN_CONFIRM, OPEN_CONFIRM, OUTGOING",
        "HIGH, LOW, OPEN_CONFIRM, OPEN_CONFIRM, INCOMING",
        "HIGH, LOW, OPEN_SENT, OPEN_CONFIRM, INCOMING",
        "LOW, HIGH, OPEN_CONFIRM, OPEN_SENT, OUTGOING",
        // unsigned comparison: 200.0.0.1 is above 127.0.0.2
        "TOP, HIGH, OPEN_CONFIRM, OPEN_CONFIRM, INCOMING",
        "HIGH, TOP, OPEN_CONFIRM, OPEN_CONFIRM, OUTGOING",
        // Established always wins against the newcomer, whatever the identifiers
        "LOW, HIGH, ESTABLISHED, OPEN_CONFIRM, INCOMING",
        "HIGH, LOW, OPEN_SENT, ESTABLISHED, OUTGOING",
        // no collision until both connections have an OPEN exchange under way
        "LOW, HIGH, CONNECT, OPEN_CONFIRM, NONE",
        "LOW, HIGH, OPEN_CONFIRM, ACTIVE, NONE",
        "LOW, HIGH, IDLE, ESTABLISHED, NONE",
    })
    void loser(String local, String remote, SessionState outgoing, SessionState incoming, String expected) {
        Optional<Slot> loser = CollisionRule.loser(id(local), 64500, id(remote), 64501, outgoing, incoming, false);
        assertEquals(expected.equals("NONE") ? Optional.empty() : Optional.of(Slot.valueOf(expected)), loser);
    }

    @Test
    void detectionInEstablishedAppliesTheIdentifierRule() {
        assertEquals(Optional.of(Slot.OUTGOING),
                CollisionRule.loser(LOW, 64500, HIGH, 64501, SessionState.ESTABLISHED, SessionState.OPEN_CONFIRM, true));
        assertEquals(Optional.of(Slot.INCOMING),
                CollisionRule.loser(HIGH, 64500, LOW, 64501, SessionState.ESTABLISHED, SessionState.OPEN_CONFIRM, true));
    }

    @Test
    void equalIdentifiersLetTheHigherAsWin() {
        assertEquals(Optional.of(Slot.INCOMING),
                CollisionRule.loser(LOW, 65001, LOW, 65000, SessionState.OPEN_CONFIRM, SessionState.OPEN_CONFIRM, false));
        assertEquals(Optional.of(Slot.OUTGOING),
                CollisionRule.loser(LOW, 65000, LOW, 65001, SessionState.OPEN_CONFIRM, SessionState.OPEN_CONFIRM, false));
    }

    @Test
    void bothSidesAgreeOnTheSurvivor() {
        // Seen from the other speaker, our outgoing connection is its incoming one: both must close the same TCP connection.
        for (SessionState a : List.of(SessionState.OPEN_SENT, SessionState.OPEN_CONFIRM)) {
            Optional<Slot> ours = CollisionRule.loser(LOW, 64500, HIGH, 64501, a, a, false);
            Optional<Slot> theirs = CollisionRule.loser(HIGH, 64501, LOW, 64500, a, a, false);
            assertEquals(Optional.of(Slot.OUTGOING), ours);
            assertEquals(Optional.of(Slot.INCOMING), theirs);
        }
    }

    @Test
    void twoMachinesResolveACollisionWithEvent23() {
        // We (127.0.0.1) opened one connection and the peer (127.0.0.2) opened another.
        FsmHarness outgoing = Fixtures.harnessIn(SessionState.OPEN_SENT, Fixtures.config().build());
        FsmHarness incoming = new FsmHarness(Fixtures.config().build());
        incoming.fire(SessionEvent.ManualStartPassive.INSTANCE);
        incoming.fire(SessionEvent.TcpConnectionConfirmed.INSTANCE);
        incoming.fire(new SessionEvent.BgpOpen(Fixtures.peerOpen()));
        assertEquals(SessionState.OPEN_CONFIRM, incoming.state());

        Optional<Slot> loser = CollisionRule.loser(Fixtures.LOCAL_ID, Fixtures.LOCAL_AS, Fixtures.PEER_ID, Fixtures.PEER_AS,
                outgoing.state(), incoming.state(), false);
        assertEquals(Optional.of(Slot.OUTGOING), loser, "the peer has the higher identifier");
        outgoing.fire(SessionEvent.OpenCollisionDump.INSTANCE);
        assertEquals(SessionState.IDLE, outgoing.state());
        assertEquals(List.of(Notifications.cease(Subcodes.Cease.CONNECTION_COLLISION_RESOLUTION)), outgoing.sentNotifications());
        incoming.fire(SessionEvent.KeepAliveMsg.INSTANCE);
        assertEquals(SessionState.ESTABLISHED, incoming.state());
    }

    private static int id(String name) {
        switch (name) {
            case "LOW": return LOW;
            case "HIGH": return HIGH;
            case "TOP": return TOP;
            default: throw new AssertionError(name);
        }
    }
}

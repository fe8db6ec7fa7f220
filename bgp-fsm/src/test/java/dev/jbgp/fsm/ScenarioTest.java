package dev.jbgp.fsm;

import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.message.NotificationMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions over time on a manual clock: DelayOpen, damping, SendHoldTimer, HoldTimer, keepalives. */
class ScenarioTest {

    private static SessionEvent open(int hold) {
        return new SessionEvent.BgpOpen(Fixtures.peerOpen(hold));
    }

    @Test
    void delayOpenWaitsBeforeSendingOpen() {
        FsmHarness h = new FsmHarness(Fixtures.config().delayOpenTime(Optional.of(Duration.ofSeconds(5))).build());
        h.fire(SessionEvent.ManualStart.INSTANCE);
        h.fire(SessionEvent.TcpCrAcked.INSTANCE);
        assertEquals(SessionState.CONNECT, h.state());
        assertTrue(h.scheduled(SessionTimer.DELAY_OPEN));
        assertFalse(h.scheduled(SessionTimer.CONNECT_RETRY));
        assertEquals(0, h.count(SessionAction.SendOpen.class));

        h.advance(Duration.ofMillis(4999));
        assertEquals(0, h.count(SessionAction.SendOpen.class), "no OPEN before DelayOpenTime");
        h.advance(Duration.ofMillis(1));
        assertEquals(1, h.count(SessionAction.SendOpen.class));
        assertEquals(SessionState.OPEN_SENT, h.state());
        assertEquals(SessionConfig.LARGE_HOLD_TIME, h.remaining(SessionTimer.HOLD));
    }

    @Test
    void openReceivedDuringDelayOpenIsAnsweredWithOpenAndKeepalive() {
        FsmHarness h = new FsmHarness(Fixtures.config().passive(true)
                .delayOpenTime(Optional.of(Duration.ofSeconds(5))).build());
        h.fire(SessionEvent.ManualStartPassive.INSTANCE);
        h.fire(SessionEvent.TcpConnectionConfirmed.INSTANCE);
        assertEquals(SessionState.ACTIVE, h.state());
        h.advance(Duration.ofSeconds(2));
        // The driver sends plain Event 19; the machine knows its DelayOpenTimer runs and makes it Event 20.
        List<SessionAction> actions = h.fire(open(30));
        assertEquals(SessionState.OPEN_CONFIRM, h.state());
        assertTrue(actions.get(actions.size() - 1) instanceof SessionAction.StartTimer);
        int openAt = -1;
        int keepaliveAt = -1;
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof SessionAction.SendOpen) {
                openAt = i;
            }
            if (actions.get(i) instanceof SessionAction.SendKeepalive) {
                keepaliveAt = i;
            }
        }
        assertTrue(openAt >= 0 && keepaliveAt > openAt, "OPEN then KEEPALIVE: " + actions);
        assertFalse(h.scheduled(SessionTimer.DELAY_OPEN));
        assertEquals(Duration.ofSeconds(30), h.remaining(SessionTimer.HOLD));
        assertEquals(Duration.ofSeconds(10), h.remaining(SessionTimer.KEEPALIVE));
    }

    @Test
    void connectionLostDuringDelayOpenFallsBackToActive() {
        FsmHarness h = new FsmHarness(Fixtures.config().delayOpenTime(Optional.of(Duration.ofSeconds(5))).build());
        h.fire(SessionEvent.ManualStart.INSTANCE);
        h.fire(SessionEvent.TcpCrAcked.INSTANCE);
        h.fire(SessionEvent.TcpConnectionFails.INSTANCE);
        assertEquals(SessionState.ACTIVE, h.state());
        assertFalse(h.scheduled(SessionTimer.DELAY_OPEN));
        assertTrue(h.scheduled(SessionTimer.CONNECT_RETRY));
        // ConnectRetryTimer expiry in Active connects again.
        h.advance(Duration.ofSeconds(120));
        assertEquals(SessionState.CONNECT, h.state());
        assertEquals(2, h.count(SessionAction.ConnectTcp.class));
    }

    @Test
    void badOpenDuringDelayOpenIsRefusedWithoutOurOpen() {
        FsmHarness h = new FsmHarness(Fixtures.config().delayOpenTime(Optional.of(Duration.ofSeconds(5))).build());
        h.fire(SessionEvent.ManualStart.INSTANCE);
        h.fire(SessionEvent.TcpCrAcked.INSTANCE);
        h.fire(new SessionEvent.BgpOpen(Fixtures.open(65000, 90, Fixtures.PEER_ID, List.of())));
        assertEquals(SessionState.IDLE, h.state());
        assertEquals(List.of(NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_PEER_AS,
                new byte[] {(byte) 0xFD, (byte) 0xE8})), h.sentNotifications());
        assertEquals(0, h.count(SessionAction.SendOpen.class));
    }

    @Test
    void anyExternalPeerAsIsLearnedInOpenSentAndOurOwnAsIsRefused() {
        SessionConfig any = Fixtures.config().peerAsAnyExternal().build();
        FsmHarness h = Fixtures.harnessIn(SessionState.OPEN_SENT, any);
        h.fire(new SessionEvent.BgpOpen(Fixtures.open(64999, 90, Fixtures.PEER_ID,
                List.of(new dev.jbgp.wire.capability.Multiprotocol(dev.jbgp.wire.iana.AddressFamily.IPV4_UNICAST),
                        new dev.jbgp.wire.capability.FourOctetAs(64999)))));
        assertEquals(SessionState.OPEN_CONFIRM, h.state());
        assertEquals(64999, h.fsm.negotiated().orElseThrow().peerAs(), "the AS comes from the OPEN");
        h.fire(SessionEvent.KeepAliveMsg.INSTANCE);
        assertEquals(SessionState.ESTABLISHED, h.state());

        FsmHarness ours = Fixtures.harnessIn(SessionState.OPEN_SENT, any);
        ours.fire(new SessionEvent.BgpOpen(Fixtures.open((int) Fixtures.LOCAL_AS, 90, Fixtures.PEER_ID, List.of())));
        assertEquals(SessionState.IDLE, ours.state());
        assertEquals(List.of(NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_PEER_AS,
                new byte[] {(byte) (Fixtures.LOCAL_AS >>> 8), (byte) Fixtures.LOCAL_AS})), ours.sentNotifications());
    }

    @Test
    void manualStopInActiveDuringDelayOpenSendsCeaseWithoutOpen() {
        FsmHarness h = new FsmHarness(Fixtures.config().passive(true)
                .delayOpenTime(Optional.of(Duration.ofSeconds(5))).build());
        h.fire(SessionEvent.ManualStartPassive.INSTANCE);
        h.fire(SessionEvent.TcpConnectionConfirmed.INSTANCE);
        h.fire(new SessionEvent.ManualStop(Optional.of("bye")));
        assertEquals(SessionState.IDLE, h.state());
        assertEquals(List.of(Notifications.administrativeShutdown(Optional.of("bye"))), h.sentNotifications());
        // Without SendNOTIFICATIONwithoutOPEN the peer hears nothing.
        FsmHarness quiet = new FsmHarness(Fixtures.config().passive(true).sendNotificationWithoutOpen(false)
                .delayOpenTime(Optional.of(Duration.ofSeconds(5))).build());
        quiet.fire(SessionEvent.ManualStartPassive.INSTANCE);
        quiet.fire(SessionEvent.TcpConnectionConfirmed.INSTANCE);
        quiet.fire(new SessionEvent.ManualStop(Optional.of("bye")));
        assertEquals(List.of(), quiet.sentNotifications());
    }

    @Test
    void versionErrorDuringDelayOpenDoesNotCountAsAFailure() {
        FsmHarness h = new FsmHarness(Fixtures.config().delayOpenTime(Optional.of(Duration.ofSeconds(5))).build());
        h.fire(SessionEvent.ManualStart.INSTANCE);
        h.fire(SessionEvent.TcpCrAcked.INSTANCE);
        h.fire(SessionEvent.notificationReceived(NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR,
                Subcodes.Open.UNSUPPORTED_VERSION_NUMBER, new byte[] {0, 4})));
        assertEquals(SessionState.IDLE, h.state());
        assertEquals(0, h.fsm.connectRetryCounter(), "§8.2.2: Event 24 with the DelayOpenTimer running");
        assertEquals(List.of(), h.sentNotifications());
    }

    /** Brings an automatic-restart session from wherever it is to Established. */
    private static void establish(FsmHarness h, int hold) {
        if (h.state() == SessionState.IDLE && !h.scheduled(SessionTimer.IDLE_HOLD)) {
            h.fire(SessionEvent.ManualStart.INSTANCE);
        }
        while (h.state() == SessionState.IDLE) {
            h.advance(Duration.ofMillis(100)); // wait out the IdleHoldTimer
        }
        assertEquals(SessionState.CONNECT, h.state());
        h.fire(SessionEvent.TcpCrAcked.INSTANCE);
        h.fire(open(hold));
        h.fire(SessionEvent.KeepAliveMsg.INSTANCE);
        assertEquals(SessionState.ESTABLISHED, h.state());
    }

    @Test
    void manualStopInIdleStopsTheAutomaticRestart() {
        // Regression: a session that failed (IdleHoldTimer running) and was then stopped by hand, as the
        // speaker does to hold a neighbour down after maximum-prefix, started again by itself 1 s later.
        SessionConfig config = Fixtures.config().dampPeerOscillations(true)
                .idleHoldTime(Duration.ofSeconds(1)).build();
        FsmHarness h = new FsmHarness(config);
        establish(h, 9);
        h.fire(SessionEvent.TcpConnectionFails.INSTANCE);
        assertEquals(SessionState.IDLE, h.state());
        assertTrue(h.scheduled(SessionTimer.IDLE_HOLD));
        h.fire(SessionEvent.ManualStop.INSTANCE);
        assertFalse(h.scheduled(SessionTimer.IDLE_HOLD));
        assertEquals(config.idleHoldTime(), h.fsm.idleHoldTime(), "the damping back-off is forgotten");
        h.advance(Duration.ofMinutes(10));
        assertEquals(SessionState.IDLE, h.state());
        h.fire(SessionEvent.ManualStart.INSTANCE);
        assertEquals(SessionState.CONNECT, h.state());
    }

    @Test
    void dampingDoublesIdleHoldForAnOscillatingPeerAndForgivesAStableOne() {
        SessionConfig config = Fixtures.config().dampPeerOscillations(true)
                .idleHoldTime(Duration.ofSeconds(1)).maxIdleHoldTime(Duration.ofSeconds(8))
                .dampingStableTime(Duration.ofSeconds(60)).build();
        FsmHarness h = new FsmHarness(config);
        List<Duration> waits = new ArrayList<>();
        for (int flap = 0; flap < 5; flap++) {
            establish(h, 9);
            h.advance(Duration.ofSeconds(9)); // peer goes silent: HoldTimer expires
            assertEquals(SessionState.IDLE, h.state());
            waits.add(h.remaining(SessionTimer.IDLE_HOLD));
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8)), waits);
        // §8.2.2: every start, automatic ones included, sets the ConnectRetryCounter to zero.
        assertEquals(1, h.fsm.connectRetryCounter());

        // A session that stays up past the stable time starts the back-off again.
        establish(h, 0); // hold time 0: no HoldTimer, the session stays up as long as we like
        h.advance(Duration.ofSeconds(61));
        h.fire(SessionEvent.TcpConnectionFails.INSTANCE);
        assertEquals(Duration.ofSeconds(1), h.remaining(SessionTimer.IDLE_HOLD));

        // A manual stop clears the back-off and does not restart.
        establish(h, 9);
        h.fire(SessionEvent.ManualStop.INSTANCE);
        assertFalse(h.scheduled(SessionTimer.IDLE_HOLD));
        assertEquals(config.idleHoldTime(), h.fsm.idleHoldTime());
        h.advance(Duration.ofMinutes(10));
        assertEquals(SessionState.IDLE, h.state());
    }

    @Test
    void dampedAutomaticStartWaitsTheIdleHoldTime() {
        FsmHarness h = new FsmHarness(Fixtures.config().dampPeerOscillations(true).passive(true)
                .idleHoldTime(Duration.ofSeconds(3)).build());
        h.fire(SessionEvent.AutomaticStartDampedPassive.INSTANCE);
        assertEquals(SessionState.IDLE, h.state());
        h.advance(Duration.ofMillis(2999));
        assertEquals(SessionState.IDLE, h.state());
        h.advance(Duration.ofMillis(1));
        assertEquals(SessionState.ACTIVE, h.state(), "a passive session waits in Active");
        assertEquals(0, h.count(SessionAction.ConnectTcp.class));
    }

    @Test
    void passiveSessionNeverConnectsOutWhenTheConnectRetryTimerExpires() {
        FsmHarness h = new FsmHarness(Fixtures.config().passive(true).connectRetryTime(Duration.ofSeconds(1)).build());
        h.fire(SessionEvent.ManualStartPassive.INSTANCE);
        h.advance(Duration.ofSeconds(10));
        assertEquals(SessionState.ACTIVE, h.state(), "still waiting for the peer to connect");
        assertEquals(0, h.count(SessionAction.ConnectTcp.class));
        h.fire(SessionEvent.TcpConnectionConfirmed.INSTANCE);
        assertEquals(SessionState.OPEN_SENT, h.state(), "the peer's connection is taken as usual");
    }

    @Test
    void sendHoldTimerDropsAPeerThatStopsReading() {
        FsmHarness h = Fixtures.harnessIn(SessionState.ESTABLISHED, Fixtures.config().build());
        h.fire(SessionEvent.SendBlocked.INSTANCE);
        // RFC 9687 default: max(8 minutes, 2 x hold time 90 s) = 8 minutes.
        assertEquals(Duration.ofMinutes(8), h.remaining(SessionTimer.SEND_HOLD));
        h.fire(SessionEvent.SendBlocked.INSTANCE);
        assertEquals(Duration.ofMinutes(8), h.remaining(SessionTimer.SEND_HOLD), "blocked again does not restart it");
        // The peer still talks, it just does not read.
        peerTalks(h, Duration.ofMinutes(8).minusSeconds(1));
        assertEquals(SessionState.ESTABLISHED, h.state());
        h.advance(Duration.ofSeconds(1));
        assertEquals(SessionState.IDLE, h.state());
        assertEquals(List.of(NotificationMessage.of(ErrorCode.SEND_HOLD_TIMER_EXPIRED, 0)), h.sentNotifications());
        assertEquals(1, h.count(SessionAction.SessionDown.class));
    }

    @Test
    void sendProgressStopsTheSendHoldTimer() {
        FsmHarness h = Fixtures.harnessIn(SessionState.ESTABLISHED, Fixtures.config().holdTimeSeconds(300)
                .sendHoldTime(Optional.empty()).build());
        h.fire(SessionEvent.SendBlocked.INSTANCE);
        assertEquals(Duration.ofMinutes(8), h.remaining(SessionTimer.SEND_HOLD), "hold is min(300, 90) = 90");
        peerTalks(h, Duration.ofMinutes(7));
        h.fire(SessionEvent.SendProgress.INSTANCE);
        assertFalse(h.scheduled(SessionTimer.SEND_HOLD));
        h.fire(SessionEvent.SendBlocked.INSTANCE);
        assertEquals(Duration.ofMinutes(8), h.remaining(SessionTimer.SEND_HOLD));
        peerTalks(h, Duration.ofMinutes(7));
        assertEquals(SessionState.ESTABLISHED, h.state(), "the restarted timer has a full 8 minutes again");
    }

    /** Advances time in 10-second steps with a KEEPALIVE from the peer after each. */
    private static void peerTalks(FsmHarness h, Duration total) {
        for (long s = 0; s < total.toSeconds(); s += 10) {
            h.advance(Duration.ofSeconds(Math.min(10, total.toSeconds() - s)));
            if (h.state() == SessionState.ESTABLISHED) {
                h.fire(SessionEvent.KeepAliveMsg.INSTANCE);
            }
        }
    }

    @Test
    void keepalivesFlowAndHoldTimerExpiresWhenThePeerGoesSilent() {
        FsmHarness h = new FsmHarness(Fixtures.config().build());
        h.fire(SessionEvent.ManualStart.INSTANCE);
        h.fire(SessionEvent.TcpCrAcked.INSTANCE);
        h.fire(open(9)); // min(90, 9) = 9 s, keepalive 3 s
        h.fire(SessionEvent.KeepAliveMsg.INSTANCE);
        assertEquals(9, h.fsm.negotiated().orElseThrow().holdTimeSeconds());
        long keepalivesAtStart = h.count(SessionAction.SendKeepalive.class);
        for (int i = 0; i < 10; i++) {
            h.advance(Duration.ofSeconds(3));
            h.fire(SessionEvent.KeepAliveMsg.INSTANCE); // the peer keeps the session alive
        }
        assertEquals(SessionState.ESTABLISHED, h.state());
        assertEquals(10, h.count(SessionAction.SendKeepalive.class) - keepalivesAtStart);
        h.advance(Duration.ofMillis(8999));
        assertEquals(SessionState.ESTABLISHED, h.state());
        h.advance(Duration.ofMillis(1));
        assertEquals(SessionState.IDLE, h.state());
        assertEquals(List.of(NotificationMessage.of(ErrorCode.HOLD_TIMER_EXPIRED, 0)), h.sentNotifications());
    }

    @Test
    void holdTimerInOpenSentIsTheLargeValue() {
        FsmHarness h = Fixtures.harnessIn(SessionState.OPEN_SENT, Fixtures.config().build());
        h.advance(Duration.ofMinutes(4).minusMillis(1));
        assertEquals(SessionState.OPEN_SENT, h.state());
        h.advance(Duration.ofMillis(1));
        assertEquals(SessionState.IDLE, h.state());
        assertEquals(List.of(NotificationMessage.of(ErrorCode.HOLD_TIMER_EXPIRED, 0)), h.sentNotifications());
    }

    @Test
    void zeroHoldTimeMeansNoKeepalivesAndNoHoldTimer() {
        FsmHarness h = Fixtures.harnessIn(SessionState.OPEN_SENT, Fixtures.config().build());
        h.fire(open(0));
        h.fire(SessionEvent.KeepAliveMsg.INSTANCE);
        assertEquals(SessionState.ESTABLISHED, h.state());
        assertFalse(h.scheduled(SessionTimer.HOLD));
        assertFalse(h.scheduled(SessionTimer.KEEPALIVE));
        h.advance(Duration.ofHours(1));
        assertEquals(SessionState.ESTABLISHED, h.state());
        assertEquals(1, h.count(SessionAction.SendKeepalive.class), "only the one answering the OPEN");
    }

    @Test
    void manualStopSendsTheShutdownCommunication() {
        FsmHarness h = Fixtures.harnessIn(SessionState.ESTABLISHED, Fixtures.config().build());
        h.fire(new SessionEvent.ManualStop(Optional.of("planned maintenance, back at 10:00")));
        NotificationMessage sent = h.sentNotifications().get(0);
        assertEquals(ErrorCode.CEASE.value(), sent.code());
        assertEquals(Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN, sent.subcode());
        assertEquals(Optional.of("planned maintenance, back at 10:00"), sent.shutdownCommunication());
        SessionAction.SessionDown down = (SessionAction.SessionDown) h.log.stream()
                .filter(a -> a instanceof SessionAction.SessionDown).findFirst().orElseThrow();
        assertEquals(Optional.of(sent), down.sent());
        assertEquals(Optional.empty(), down.received());
    }

    @Test
    void receivedNotificationIsReportedInSessionDown() {
        FsmHarness h = Fixtures.harnessIn(SessionState.ESTABLISHED, Fixtures.config().build());
        NotificationMessage bye = Notifications.administrativeShutdown(Optional.of("bye"));
        h.fire(SessionEvent.notificationReceived(bye));
        SessionAction.SessionDown down = (SessionAction.SessionDown) h.log.stream()
                .filter(a -> a instanceof SessionAction.SessionDown).findFirst().orElseThrow();
        assertEquals(Optional.of(bye), down.received());
        assertEquals(List.of(), h.sentNotifications());
    }

    @Test
    void notificationReceivedPicksEvent24ForVersionErrors() {
        assertEquals(24, SessionEvent.notificationReceived(
                NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.UNSUPPORTED_VERSION_NUMBER)).number());
        assertEquals(25, SessionEvent.notificationReceived(
                NotificationMessage.of(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_PEER_AS)).number());
    }

    @Test
    void everyTimerMapsToItsExpiryEventNumber() {
        int[] expected = {9, 10, 11, 12, 13, 29};
        for (SessionTimer t : SessionTimer.values()) {
            assertEquals(expected[t.ordinal()], t.expiryEvent().number(), t.name());
        }
    }
}

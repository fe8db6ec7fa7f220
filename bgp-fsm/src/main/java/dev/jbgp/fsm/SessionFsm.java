package dev.jbgp.fsm;

import dev.jbgp.fsm.SessionAction.ConnectTcp;
import dev.jbgp.fsm.SessionAction.DeliverRouteRefresh;
import dev.jbgp.fsm.SessionAction.DeliverUpdate;
import dev.jbgp.fsm.SessionAction.DropTcp;
import dev.jbgp.fsm.SessionAction.ReleaseResources;
import dev.jbgp.fsm.SessionAction.SendKeepalive;
import dev.jbgp.fsm.SessionAction.SendNotification;
import dev.jbgp.fsm.SessionAction.SendOpen;
import dev.jbgp.fsm.SessionAction.SessionDown;
import dev.jbgp.fsm.SessionAction.SessionUp;
import dev.jbgp.fsm.SessionAction.StartTimer;
import dev.jbgp.fsm.SessionAction.StateChange;
import dev.jbgp.fsm.SessionAction.StopTimer;
import dev.jbgp.fsm.SessionEvent.BgpHeaderErr;
import dev.jbgp.fsm.SessionEvent.BgpOpen;
import dev.jbgp.fsm.SessionEvent.BgpOpenMsgErr;
import dev.jbgp.fsm.SessionEvent.BgpOpenWithDelayOpenTimerRunning;
import dev.jbgp.fsm.SessionEvent.ManualStop;
import dev.jbgp.fsm.SessionEvent.NotifMsg;
import dev.jbgp.fsm.SessionEvent.NotifMsgVerErr;
import dev.jbgp.fsm.SessionEvent.UpdateMsgErr;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.OpenMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The BGP finite state machine of one connection (RFC 4271 §8.2.2), without I/O: feed it
 * {@link SessionEvent}s with {@link #handle(SessionEvent)} and carry out the {@link SessionAction}s
 * it returns, in order. Timers are actions out and events in; the only clock read is the injected
 * {@link FsmClock}, to judge how long a session stayed up for peer oscillation damping.
 *
 * <p>Confined to one thread: the driver calls it from the event loop that owns the connection.
 *
 * <p>Where the RFC's tables are silent or odd, this machine chooses, and says so here:
 * <ul>
 * <li>A received NOTIFICATION (Event 25) in OpenSent is not answered by an FSM Error NOTIFICATION
 *     (a NOTIFICATION is never an answer to a NOTIFICATION); the session just goes to Idle.</li>
 * <li>Header and OPEN errors (Events 21, 22) in Established send their own NOTIFICATION rather
 *     than an FSM Error, which tells the peer more.</li>
 * <li>Collision detection over two connections is the driver's job ({@link CollisionRule}); it
 *     feeds Event 23 to the loser. An OPEN on a connection already past OpenSent is an FSM Error
 *     (RFC 6608 subcodes).</li>
 * <li>After a failure (every transition to Idle except ManualStop) with AllowAutomaticStart on, the
 *     machine starts the IdleHoldTimer itself; its expiry (Event 13) restarts the session actively
 *     or passively as configured. A ManualStop in Idle stops that timer (the RFC ignores Event 2
 *     in Idle, but a stopped session must not start again by itself). With DampPeerOscillations the IdleHoldTime doubles after each
 *     failure of a session that did not stay up for {@link SessionConfig#dampingStableTime()}.</li>
 * <li>The KeepaliveTimer is restarted when it expires, not on each UPDATE sent: a few extra
 *     KEEPALIVEs are harmless and the machine then needs no send notifications.</li>
 * </ul>
 */
public final class SessionFsm {

    /** How the ConnectRetryCounter changes on a transition to Idle. */
    private enum Counter { RESET, KEEP, INCREMENT }

    private final SessionConfig config;
    private final FsmClock clock;

    private SessionState state = SessionState.IDLE;
    private int connectRetryCounter;
    private final EnumSet<SessionTimer> running = EnumSet.noneOf(SessionTimer.class);
    private NegotiatedSession negotiated;
    private Duration idleHold;
    private long establishedAtNanos;

    /** A machine in Idle for one connection with this configuration, reading this clock. */
    public SessionFsm(SessionConfig config, FsmClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleHold = config.idleHoldTime();
    }

    /** The configuration. */
    public SessionConfig config() {
        return config;
    }

    /** The current state. */
    public SessionState state() {
        return state;
    }

    /** The ConnectRetryCounter: failures since the last manual start or stop. */
    public int connectRetryCounter() {
        return connectRetryCounter;
    }

    /** The timers the machine considers running. */
    public Set<SessionTimer> runningTimers() {
        return Collections.unmodifiableSet(EnumSet.copyOf(running));
    }

    /** The IdleHoldTime the next automatic restart will wait. */
    public Duration idleHoldTime() {
        return idleHold;
    }

    /** What was negotiated, from OpenConfirm until the connection ends. */
    public Optional<NegotiatedSession> negotiated() {
        return Optional.ofNullable(negotiated);
    }

    /**
     * Processes one event and returns what to do, in order. Never throws for any event in any state.
     */
    public List<SessionAction> handle(SessionEvent event) {
        Objects.requireNonNull(event, "event");
        for (SessionTimer t : SessionTimer.values()) {
            if (t.expiryEvent().equals(event)) {
                running.remove(t); // a timer that fired is no longer running
            }
        }
        SessionState before = state;
        List<SessionAction> out = new ArrayList<>(6);
        switch (state) {
            case IDLE: idle(event, out); break;
            case CONNECT: connectOrActive(event, out, true); break;
            case ACTIVE: connectOrActive(event, out, false); break;
            case OPEN_SENT: openSent(event, out); break;
            case OPEN_CONFIRM: openConfirm(event, out); break;
            case ESTABLISHED: established(event, out); break;
            default: throw new AssertionError(state);
        }
        if (state != before) {
            out.add(0, new StateChange(before, state));
        }
        return out;
    }

    // ---------------------------------------------------------------- Idle

    private void idle(SessionEvent event, List<SessionAction> out) {
        switch (event.number()) {
            case 1: case 3:
                start(out, false);
                break;
            case 4: case 5:
                start(out, true);
                break;
            case 6: case 7:
                if (config.dampPeerOscillations()) {
                    // §8.2.2: damping events hold the session in Idle for the IdleHoldTime first.
                    startTimer(out, SessionTimer.IDLE_HOLD, idleHold);
                } else {
                    start(out, event.number() == 7);
                }
                break;
            case 13:
                start(out, config.passive());
                break;
            case 2:
                // §8.2.2 ignores ManualStop in Idle, but after a failure the IdleHoldTimer is running
                // and would restart the session: a manual stop must stay stopped (a maximum-prefix
                // hold-down relies on it), so it also stops that timer and forgets the damping.
                stopTimer(out, SessionTimer.IDLE_HOLD);
                connectRetryCounter = 0;
                idleHold = config.idleHoldTime();
                break;
            default:
                // §8.2.2: AutomaticStop and events 9-12, 14-28 do not change Idle.
                break;
        }
    }

    private void start(List<SessionAction> out, boolean passive) {
        stopTimer(out, SessionTimer.IDLE_HOLD);
        connectRetryCounter = 0;
        startTimer(out, SessionTimer.CONNECT_RETRY, config.connectRetryTime());
        if (passive) {
            state = SessionState.ACTIVE;
        } else {
            out.add(ConnectTcp.INSTANCE);
            state = SessionState.CONNECT;
        }
    }

    // ---------------------------------------------------------------- Connect and Active

    private void connectOrActive(SessionEvent event, List<SessionAction> out, boolean connect) {
        int n = event.number();
        if (event instanceof BgpOpen open && running.contains(SessionTimer.DELAY_OPEN)) {
            n = 20; // §8.1.5: an OPEN while the DelayOpenTimer runs is Event 20
            event = new BgpOpenWithDelayOpenTimerRunning(open.open());
        }
        switch (n) {
            case 1: case 3: case 4: case 5: case 6: case 7:
                break; // ignored
            case 2: {
                NotificationMessage cease = null;
                if (!connect && running.contains(SessionTimer.DELAY_OPEN) && config.sendNotificationWithoutOpen()) {
                    cease = Notifications.administrativeShutdown(((ManualStop) event).shutdownMessage());
                }
                toIdle(out, cease, null, Counter.RESET);
                break;
            }
            case 9:
                if (!connect && config.passive()) {
                    // PassiveTcpEstablishment (§8.1.1) means the peer connects, never us: the literal
                    // Active/Event 9 row would connect out after ConnectRetryTime and race the peer's
                    // own connection into a collision (seen with BIRD, FRR and GoBGP dialling in).
                    startTimer(out, SessionTimer.CONNECT_RETRY, config.connectRetryTime());
                    break;
                }
                if (connect) {
                    out.add(DropTcp.INSTANCE);
                    stopTimer(out, SessionTimer.DELAY_OPEN);
                }
                startTimer(out, SessionTimer.CONNECT_RETRY, config.connectRetryTime());
                out.add(ConnectTcp.INSTANCE);
                state = SessionState.CONNECT;
                break;
            case 12:
                stopTimer(out, SessionTimer.CONNECT_RETRY);
                sendOpen(out);
                break;
            case 14: case 15:
                break; // the driver accepts or rejects the connection; the state does not change
            case 16: case 17:
                stopTimer(out, SessionTimer.CONNECT_RETRY);
                if (config.delayOpenTime().isPresent()) {
                    startTimer(out, SessionTimer.DELAY_OPEN, config.delayOpenTime().get());
                } else {
                    sendOpen(out);
                }
                break;
            case 18:
                if (running.contains(SessionTimer.DELAY_OPEN)) {
                    startTimer(out, SessionTimer.CONNECT_RETRY, config.connectRetryTime());
                    stopTimer(out, SessionTimer.DELAY_OPEN);
                    out.add(DropTcp.INSTANCE);
                    state = SessionState.ACTIVE;
                } else {
                    toIdle(out, null, null, connect ? Counter.KEEP : Counter.INCREMENT);
                }
                break;
            case 20:
                if (running.contains(SessionTimer.DELAY_OPEN)) {
                    openWhileDelayed(((BgpOpenWithDelayOpenTimerRunning) event).open(), out);
                } else {
                    toIdle(out, null, null, Counter.INCREMENT);
                }
                break;
            case 21: case 22: {
                NotificationMessage error = event instanceof BgpHeaderErr h ? h.error() : ((BgpOpenMsgErr) event).error();
                toIdle(out, config.sendNotificationWithoutOpen() ? error : null, null, Counter.INCREMENT);
                break;
            }
            case 24:
                toIdle(out, null, ((NotifMsgVerErr) event).notification(),
                        running.contains(SessionTimer.DELAY_OPEN) ? Counter.KEEP : Counter.INCREMENT);
                break;
            default:
                if (isSendHoldInput(event)) {
                    break; // nothing is being sent before the OPEN
                }
                // §8.2.2 "any other event" (8, 10, 11, 13, 19, 23, 25-29, ROUTE-REFRESH).
                toIdle(out, null, received(event), Counter.INCREMENT);
                break;
        }
    }

    private void openWhileDelayed(OpenMessage peer, List<SessionAction> out) {
        NegotiatedSession session;
        try {
            session = OpenNegotiation.negotiate(config, peer);
        } catch (BgpDecodeException e) {
            toIdle(out, config.sendNotificationWithoutOpen() ? NotificationMessage.from(e) : null, null, Counter.INCREMENT);
            return;
        }
        stopTimer(out, SessionTimer.CONNECT_RETRY);
        stopTimer(out, SessionTimer.DELAY_OPEN);
        out.add(new SendOpen(config.localOpen()));
        toOpenConfirm(session, out);
    }

    private void sendOpen(List<SessionAction> out) {
        out.add(new SendOpen(config.localOpen()));
        startTimer(out, SessionTimer.HOLD, SessionConfig.LARGE_HOLD_TIME);
        state = SessionState.OPEN_SENT;
    }

    // ---------------------------------------------------------------- OpenSent

    private void openSent(SessionEvent event, List<SessionAction> out) {
        switch (event.number()) {
            case 1: case 3: case 4: case 5: case 6: case 7:
            case 14: case 15: case 16: case 17:
                break; // ignored; a second connection is tracked by the driver
            case 2:
                toIdle(out, Notifications.administrativeShutdown(((ManualStop) event).shutdownMessage()), null, Counter.RESET);
                break;
            case 8:
                toIdle(out, Notifications.cease(Subcodes.UNSPECIFIC), null, Counter.INCREMENT);
                break;
            case 10:
                toIdle(out, NotificationMessage.of(ErrorCode.HOLD_TIMER_EXPIRED, Subcodes.UNSPECIFIC), null, Counter.INCREMENT);
                break;
            case 18:
                // §8.2.2: close this connection and wait in Active for the peer or the ConnectRetryTimer.
                stopTimer(out, SessionTimer.HOLD);
                stopTimer(out, SessionTimer.SEND_HOLD);
                out.add(DropTcp.INSTANCE);
                startTimer(out, SessionTimer.CONNECT_RETRY, config.connectRetryTime());
                state = SessionState.ACTIVE;
                break;
            case 19: {
                NegotiatedSession session;
                try {
                    session = OpenNegotiation.negotiate(config, ((BgpOpen) event).open());
                } catch (BgpDecodeException e) {
                    toIdle(out, NotificationMessage.from(e), null, Counter.INCREMENT);
                    break;
                }
                stopTimer(out, SessionTimer.DELAY_OPEN);
                stopTimer(out, SessionTimer.CONNECT_RETRY);
                toOpenConfirm(session, out);
                break;
            }
            case 21: case 22:
                toIdle(out, carriedError(event), null, Counter.INCREMENT);
                break;
            case 23:
                toIdle(out, Notifications.cease(Subcodes.Cease.CONNECTION_COLLISION_RESOLUTION), null, Counter.INCREMENT);
                break;
            case 24:
                toIdle(out, null, ((NotifMsgVerErr) event).notification(), Counter.KEEP);
                break;
            case 25:
                toIdle(out, null, ((NotifMsg) event).notification(), Counter.INCREMENT);
                break;
            case 29:
                toIdle(out, sendHoldExpired(), null, Counter.INCREMENT);
                break;
            default:
                if (sendHold(event, out)) {
                    break;
                }
                // "any other event" (9, 11-13, 20, 26-28, ROUTE-REFRESH).
                toIdle(out, fsmError(event, Subcodes.Fsm.UNEXPECTED_MESSAGE_IN_OPENSENT), null, Counter.INCREMENT);
                break;
        }
    }

    private void toOpenConfirm(NegotiatedSession session, List<SessionAction> out) {
        negotiated = session;
        out.add(SendKeepalive.INSTANCE);
        if (session.holdTimeSeconds() != 0) {
            startTimer(out, SessionTimer.KEEPALIVE, Duration.ofSeconds(session.keepaliveSeconds()));
            startTimer(out, SessionTimer.HOLD, Duration.ofSeconds(session.holdTimeSeconds()));
        } else {
            stopTimer(out, SessionTimer.KEEPALIVE);
            stopTimer(out, SessionTimer.HOLD);
        }
        state = SessionState.OPEN_CONFIRM;
    }

    // ---------------------------------------------------------------- OpenConfirm

    private void openConfirm(SessionEvent event, List<SessionAction> out) {
        switch (event.number()) {
            case 1: case 3: case 4: case 5: case 6: case 7:
            case 14: case 15: case 16: case 17:
                break;
            case 2:
                toIdle(out, Notifications.administrativeShutdown(((ManualStop) event).shutdownMessage()), null, Counter.RESET);
                break;
            case 8:
                toIdle(out, Notifications.cease(Subcodes.UNSPECIFIC), null, Counter.INCREMENT);
                break;
            case 10:
                toIdle(out, NotificationMessage.of(ErrorCode.HOLD_TIMER_EXPIRED, Subcodes.UNSPECIFIC), null, Counter.INCREMENT);
                break;
            case 11:
                out.add(SendKeepalive.INSTANCE);
                startTimer(out, SessionTimer.KEEPALIVE, Duration.ofSeconds(negotiated.keepaliveSeconds()));
                break;
            case 18:
                toIdle(out, null, null, Counter.INCREMENT);
                break;
            case 25:
                toIdle(out, null, ((NotifMsg) event).notification(), Counter.INCREMENT);
                break;
            case 24:
                toIdle(out, null, ((NotifMsgVerErr) event).notification(), Counter.KEEP);
                break;
            case 21: case 22:
                toIdle(out, carriedError(event), null, Counter.INCREMENT);
                break;
            case 23:
                toIdle(out, Notifications.cease(Subcodes.Cease.CONNECTION_COLLISION_RESOLUTION), null, Counter.INCREMENT);
                break;
            case 26:
                if (negotiated.holdTimeSeconds() != 0) {
                    startTimer(out, SessionTimer.HOLD, Duration.ofSeconds(negotiated.holdTimeSeconds()));
                }
                state = SessionState.ESTABLISHED;
                establishedAtNanos = clock.nanoTime();
                out.add(new SessionUp(negotiated));
                break;
            case 29:
                toIdle(out, sendHoldExpired(), null, Counter.INCREMENT);
                break;
            default:
                if (sendHold(event, out)) {
                    break;
                }
                // "any other event" (9, 12, 13, 19, 20, 27, 28, ROUTE-REFRESH).
                toIdle(out, fsmError(event, Subcodes.Fsm.UNEXPECTED_MESSAGE_IN_OPENCONFIRM), null, Counter.INCREMENT);
                break;
        }
    }

    // ---------------------------------------------------------------- Established

    private void established(SessionEvent event, List<SessionAction> out) {
        switch (event.number()) {
            case 1: case 3: case 4: case 5: case 6: case 7:
            case 14: case 15: case 16: case 17:
                break;
            case 2:
                toIdle(out, Notifications.administrativeShutdown(((ManualStop) event).shutdownMessage()), null, Counter.RESET);
                break;
            case 8:
                toIdle(out, Notifications.cease(Subcodes.UNSPECIFIC), null, Counter.INCREMENT);
                break;
            case 10:
                toIdle(out, NotificationMessage.of(ErrorCode.HOLD_TIMER_EXPIRED, Subcodes.UNSPECIFIC), null, Counter.INCREMENT);
                break;
            case 11:
                out.add(SendKeepalive.INSTANCE);
                if (negotiated.holdTimeSeconds() != 0) {
                    startTimer(out, SessionTimer.KEEPALIVE, Duration.ofSeconds(negotiated.keepaliveSeconds()));
                }
                break;
            case 18:
                toIdle(out, null, null, Counter.INCREMENT);
                break;
            case 24:
                toIdle(out, null, ((NotifMsgVerErr) event).notification(), Counter.INCREMENT);
                break;
            case 25:
                toIdle(out, null, ((NotifMsg) event).notification(), Counter.INCREMENT);
                break;
            case 21: case 22: case 28:
                toIdle(out, carriedError(event), null, Counter.INCREMENT);
                break;
            case 23:
                toIdle(out, Notifications.cease(Subcodes.Cease.CONNECTION_COLLISION_RESOLUTION), null, Counter.INCREMENT);
                break;
            case 26:
                restartHold(out);
                break;
            case 27:
                restartHold(out);
                out.add(DeliverUpdate.INSTANCE);
                break;
            case 29:
                toIdle(out, sendHoldExpired(), null, Counter.INCREMENT);
                break;
            default:
                if (sendHold(event, out)) {
                    break;
                }
                if (event instanceof SessionEvent.RouteRefreshMsg) {
                    // RFC 2918 §4 / RFC 7313 §5: only meaningful when negotiated; otherwise ignored.
                    if (negotiated.routeRefresh() || negotiated.enhancedRouteRefresh()) {
                        out.add(DeliverRouteRefresh.INSTANCE);
                    }
                    break;
                }
                // "any other event" (9, 12, 13, 19, 20).
                toIdle(out, fsmError(event, Subcodes.Fsm.UNEXPECTED_MESSAGE_IN_ESTABLISHED), null, Counter.INCREMENT);
                break;
        }
    }

    private void restartHold(List<SessionAction> out) {
        if (negotiated.holdTimeSeconds() != 0) {
            startTimer(out, SessionTimer.HOLD, Duration.ofSeconds(negotiated.holdTimeSeconds()));
        }
    }

    // ---------------------------------------------------------------- shared steps

    /** RFC 9687: start the SendHoldTimer when sending blocks, stop it when sending progresses. */
    private boolean sendHold(SessionEvent event, List<SessionAction> out) {
        if (event instanceof SessionEvent.SendBlocked) {
            if (!running.contains(SessionTimer.SEND_HOLD)) {
                int hold = negotiated != null ? negotiated.holdTimeSeconds() : config.holdTimeSeconds();
                startTimer(out, SessionTimer.SEND_HOLD, config.effectiveSendHoldTime(hold));
            }
            return true;
        }
        if (event instanceof SessionEvent.SendProgress) {
            stopTimer(out, SessionTimer.SEND_HOLD);
            return true;
        }
        return false;
    }

    private static boolean isSendHoldInput(SessionEvent event) {
        return event instanceof SessionEvent.SendBlocked || event instanceof SessionEvent.SendProgress;
    }

    private static NotificationMessage sendHoldExpired() {
        return NotificationMessage.of(ErrorCode.SEND_HOLD_TIMER_EXPIRED, Subcodes.UNSPECIFIC);
    }

    private static NotificationMessage carriedError(SessionEvent event) {
        if (event instanceof BgpHeaderErr e) {
            return e.error();
        }
        if (event instanceof BgpOpenMsgErr e) {
            return e.error();
        }
        return ((UpdateMsgErr) event).error();
    }

    private static NotificationMessage received(SessionEvent event) {
        return event instanceof NotifMsg n ? n.notification() : null;
    }

    /** RFC 6608: an unexpected message gets the state's subcode, anything else the unspecific one. */
    private static NotificationMessage fsmError(SessionEvent event, int messageSubcode) {
        boolean message = event.number() >= 19 && event.number() <= 28 || event instanceof SessionEvent.RouteRefreshMsg;
        return NotificationMessage.of(ErrorCode.FINITE_STATE_MACHINE_ERROR, message ? messageSubcode : Subcodes.UNSPECIFIC);
    }

    /**
     * The common exit of §8.2.2: optionally send a NOTIFICATION, stop every timer, delete the
     * session's routes if it was up, release resources, drop TCP, adjust the ConnectRetryCounter,
     * damp, and go to Idle.
     */
    private void toIdle(List<SessionAction> out, NotificationMessage send, NotificationMessage receivedNotification, Counter counter) {
        if (send != null) {
            out.add(new SendNotification(send));
        }
        for (SessionTimer t : SessionTimer.values()) {
            stopTimer(out, t);
        }
        if (state == SessionState.ESTABLISHED) {
            out.add(new SessionDown(Optional.ofNullable(send), Optional.ofNullable(receivedNotification)));
        }
        out.add(ReleaseResources.INSTANCE);
        out.add(DropTcp.INSTANCE);
        negotiated = null;
        long now = clock.nanoTime();
        boolean stable = state == SessionState.ESTABLISHED
                && now - establishedAtNanos >= config.dampingStableTime().toNanos();
        state = SessionState.IDLE;
        switch (counter) {
            case RESET:
                connectRetryCounter = 0;
                idleHold = config.idleHoldTime();
                return; // a manual stop stays stopped
            case INCREMENT:
                connectRetryCounter++;
                break;
            case KEEP:
            default:
                break;
        }
        Duration wait = idleHold;
        if (config.dampPeerOscillations()) {
            if (stable) {
                wait = config.idleHoldTime(); // it stayed up long enough: forgive the past
            }
            Duration doubled = wait.multipliedBy(2);
            idleHold = doubled.compareTo(config.maxIdleHoldTime()) > 0 ? config.maxIdleHoldTime() : doubled;
        }
        if (config.allowAutomaticStart()) {
            startTimer(out, SessionTimer.IDLE_HOLD, wait);
        }
    }

    private void startTimer(List<SessionAction> out, SessionTimer timer, Duration after) {
        running.add(timer);
        out.add(new StartTimer(timer, after));
    }

    private void stopTimer(List<SessionAction> out, SessionTimer timer) {
        if (running.remove(timer)) {
            out.add(new StopTimer(timer));
        }
    }

    @Override
    public String toString() {
        return "SessionFsm{" + state + ", retries=" + connectRetryCounter + ", timers=" + running + "}";
    }
}

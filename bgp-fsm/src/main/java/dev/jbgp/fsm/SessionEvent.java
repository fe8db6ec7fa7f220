package dev.jbgp.fsm;

import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.OpenMessage;

import java.util.Objects;
import java.util.Optional;

/**
 * An input to the state machine: one of the events of RFC 4271 §8.1 (each record's javadoc names its
 * number), the SendHoldTimer expiry of RFC 9687 (Event 29), and three inputs the RFCs describe in
 * prose without numbering them ({@link RouteRefreshMsg}, {@link SendBlocked}, {@link SendProgress}).
 * Events carry no {@code ByteBuf}: an UPDATE's bytes stay with the driver, which hands them on when
 * the state machine answers {@link SessionAction.DeliverUpdate}.
 */
public sealed interface SessionEvent {

    /** The RFC 4271 §8.1 (or RFC 9687) event number; 0 for the unnumbered inputs. */
    int number();

    /**
     * The event for a received NOTIFICATION: Event 24 for an Unsupported Version Number error,
     * Event 25 for any other.
     */
    static SessionEvent notificationReceived(NotificationMessage notification) {
        return Notifications.isVersionError(notification) ? new NotifMsgVerErr(notification) : new NotifMsg(notification);
    }

    // ---- administrative events (§8.1.2) ----

    /** Event 1: ManualStart. */
    record ManualStart() implements SessionEvent {
        public static final ManualStart INSTANCE = new ManualStart();
        @Override public int number() { return 1; }
    }

    /**
     * Event 2: ManualStop. The optional text is sent as the RFC 8203 shutdown communication of the
     * Cease / Administrative Shutdown NOTIFICATION.
     */
    record ManualStop(Optional<String> shutdownMessage) implements SessionEvent {
        public static final ManualStop INSTANCE = new ManualStop(Optional.empty());
        public ManualStop {
            Objects.requireNonNull(shutdownMessage, "shutdownMessage");
        }
        @Override public int number() { return 2; }
    }

    /** Event 3: AutomaticStart. */
    record AutomaticStart() implements SessionEvent {
        public static final AutomaticStart INSTANCE = new AutomaticStart();
        @Override public int number() { return 3; }
    }

    /** Event 4: ManualStart_with_PassiveTcpEstablishment. */
    record ManualStartPassive() implements SessionEvent {
        public static final ManualStartPassive INSTANCE = new ManualStartPassive();
        @Override public int number() { return 4; }
    }

    /** Event 5: AutomaticStart_with_PassiveTcpEstablishment. */
    record AutomaticStartPassive() implements SessionEvent {
        public static final AutomaticStartPassive INSTANCE = new AutomaticStartPassive();
        @Override public int number() { return 5; }
    }

    /** Event 6: AutomaticStart_with_DampPeerOscillations. */
    record AutomaticStartDamped() implements SessionEvent {
        public static final AutomaticStartDamped INSTANCE = new AutomaticStartDamped();
        @Override public int number() { return 6; }
    }

    /** Event 7: AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment. */
    record AutomaticStartDampedPassive() implements SessionEvent {
        public static final AutomaticStartDampedPassive INSTANCE = new AutomaticStartDampedPassive();
        @Override public int number() { return 7; }
    }

    /** Event 8: AutomaticStop. */
    record AutomaticStop() implements SessionEvent {
        public static final AutomaticStop INSTANCE = new AutomaticStop();
        @Override public int number() { return 8; }
    }

    // ---- timer events (§8.1.3) ----

    /** Event 9: ConnectRetryTimer_Expires. */
    record ConnectRetryTimerExpires() implements SessionEvent {
        public static final ConnectRetryTimerExpires INSTANCE = new ConnectRetryTimerExpires();
        @Override public int number() { return 9; }
    }

    /** Event 10: HoldTimer_Expires. */
    record HoldTimerExpires() implements SessionEvent {
        public static final HoldTimerExpires INSTANCE = new HoldTimerExpires();
        @Override public int number() { return 10; }
    }

    /** Event 11: KeepaliveTimer_Expires. */
    record KeepaliveTimerExpires() implements SessionEvent {
        public static final KeepaliveTimerExpires INSTANCE = new KeepaliveTimerExpires();
        @Override public int number() { return 11; }
    }

    /** Event 12: DelayOpenTimer_Expires. */
    record DelayOpenTimerExpires() implements SessionEvent {
        public static final DelayOpenTimerExpires INSTANCE = new DelayOpenTimerExpires();
        @Override public int number() { return 12; }
    }

    /** Event 13: IdleHoldTimer_Expires. */
    record IdleHoldTimerExpires() implements SessionEvent {
        public static final IdleHoldTimerExpires INSTANCE = new IdleHoldTimerExpires();
        @Override public int number() { return 13; }
    }

    /** Event 29 (RFC 9687 §4): SendHoldTimer_Expires — the peer stopped reading what we send. */
    record SendHoldTimerExpires() implements SessionEvent {
        public static final SendHoldTimerExpires INSTANCE = new SendHoldTimerExpires();
        @Override public int number() { return 29; }
    }

    // ---- TCP connection events (§8.1.4) ----

    /** Event 14: TcpConnection_Valid — a connection request with a valid source and destination. */
    record TcpConnectionValid() implements SessionEvent {
        public static final TcpConnectionValid INSTANCE = new TcpConnectionValid();
        @Override public int number() { return 14; }
    }

    /** Event 15: Tcp_CR_Invalid — a connection request from an unexpected address or port. */
    record TcpCrInvalid() implements SessionEvent {
        public static final TcpCrInvalid INSTANCE = new TcpCrInvalid();
        @Override public int number() { return 15; }
    }

    /** Event 16: Tcp_CR_Acked — our outgoing connection completed. */
    record TcpCrAcked() implements SessionEvent {
        public static final TcpCrAcked INSTANCE = new TcpCrAcked();
        @Override public int number() { return 16; }
    }

    /** Event 17: TcpConnectionConfirmed — an incoming connection completed. */
    record TcpConnectionConfirmed() implements SessionEvent {
        public static final TcpConnectionConfirmed INSTANCE = new TcpConnectionConfirmed();
        @Override public int number() { return 17; }
    }

    /** Event 18: TcpConnectionFails — the connection failed or the peer closed it. */
    record TcpConnectionFails() implements SessionEvent {
        public static final TcpConnectionFails INSTANCE = new TcpConnectionFails();
        @Override public int number() { return 18; }
    }

    // ---- BGP message events (§8.1.5) ----

    /**
     * Event 19: BGPOpen — a syntactically valid OPEN. The state machine itself checks it against the
     * configuration (AS, identifier, hold time, capabilities) and treats a failed check as Event 22; when its
     * DelayOpenTimer is running it treats this as Event 20, so a driver may always send Event 19.
     */
    record BgpOpen(OpenMessage open) implements SessionEvent {
        public BgpOpen {
            Objects.requireNonNull(open, "open");
        }
        @Override public int number() { return 19; }
    }

    /** Event 20: BGPOpen with DelayOpenTimer running. */
    record BgpOpenWithDelayOpenTimerRunning(OpenMessage open) implements SessionEvent {
        public BgpOpenWithDelayOpenTimerRunning {
            Objects.requireNonNull(open, "open");
        }
        @Override public int number() { return 20; }
    }

    /** Event 21: BGPHeaderErr — a message header that failed validation; carries the NOTIFICATION to send. */
    record BgpHeaderErr(NotificationMessage error) implements SessionEvent {
        public BgpHeaderErr {
            Objects.requireNonNull(error, "error");
        }
        @Override public int number() { return 21; }
    }

    /** Event 22: BGPOpenMsgErr — an OPEN with errors; carries the NOTIFICATION to send. */
    record BgpOpenMsgErr(NotificationMessage error) implements SessionEvent {
        public BgpOpenMsgErr {
            Objects.requireNonNull(error, "error");
        }
        @Override public int number() { return 22; }
    }

    /** Event 23: OpenCollisionDump — collision detection (§6.8) chose to close this connection. */
    record OpenCollisionDump() implements SessionEvent {
        public static final OpenCollisionDump INSTANCE = new OpenCollisionDump();
        @Override public int number() { return 23; }
    }

    /** Event 24: NotifMsgVerErr — a received NOTIFICATION with a version error. */
    record NotifMsgVerErr(NotificationMessage notification) implements SessionEvent {
        public NotifMsgVerErr {
            Objects.requireNonNull(notification, "notification");
        }
        @Override public int number() { return 24; }
    }

    /** Event 25: NotifMsg — any other received NOTIFICATION. */
    record NotifMsg(NotificationMessage notification) implements SessionEvent {
        public NotifMsg {
            Objects.requireNonNull(notification, "notification");
        }
        @Override public int number() { return 25; }
    }

    /** Event 26: KeepAliveMsg. */
    record KeepAliveMsg() implements SessionEvent {
        public static final KeepAliveMsg INSTANCE = new KeepAliveMsg();
        @Override public int number() { return 26; }
    }

    /** Event 27: UpdateMsg — a well-framed UPDATE (its bytes stay with the driver). */
    record UpdateMsg() implements SessionEvent {
        public static final UpdateMsg INSTANCE = new UpdateMsg();
        @Override public int number() { return 27; }
    }

    /**
     * Event 28: UpdateMsgErr — an UPDATE error whose RFC 7606 action is session reset; carries the
     * NOTIFICATION to send. (Treat-as-withdraw and attribute discard are not FSM events.)
     */
    record UpdateMsgErr(NotificationMessage error) implements SessionEvent {
        public UpdateMsgErr {
            Objects.requireNonNull(error, "error");
        }
        @Override public int number() { return 28; }
    }

    // ---- inputs described but not numbered by the RFCs ----

    /** A ROUTE-REFRESH message (RFC 2918 §4, RFC 7313); not an RFC 4271 event. */
    record RouteRefreshMsg() implements SessionEvent {
        public static final RouteRefreshMsg INSTANCE = new RouteRefreshMsg();
        @Override public int number() { return 0; }
    }

    /**
     * RFC 9687 §3 input: the driver has data it cannot hand to TCP because the peer is not reading.
     * Starts the SendHoldTimer if it is not running.
     */
    record SendBlocked() implements SessionEvent {
        public static final SendBlocked INSTANCE = new SendBlocked();
        @Override public int number() { return 0; }
    }

    /** RFC 9687 §3 input: all pending data was handed to TCP again. Stops the SendHoldTimer. */
    record SendProgress() implements SessionEvent {
        public static final SendProgress INSTANCE = new SendProgress();
        @Override public int number() { return 0; }
    }
}

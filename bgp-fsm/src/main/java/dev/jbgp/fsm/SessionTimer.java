package dev.jbgp.fsm;

/**
 * The timers of a session (RFC 4271 §8, RFC 9687). The state machine only asks for a timer to be
 * started or stopped ({@link SessionAction.StartTimer}, {@link SessionAction.StopTimer}); the driver
 * schedules it and feeds {@link #expiryEvent()} back when it fires.
 */
public enum SessionTimer {
    /** ConnectRetryTimer, expiry is Event 9. */
    CONNECT_RETRY,
    /** HoldTimer, expiry is Event 10. */
    HOLD,
    /** KeepaliveTimer, expiry is Event 11. */
    KEEPALIVE,
    /** DelayOpenTimer, expiry is Event 12. */
    DELAY_OPEN,
    /** IdleHoldTimer, expiry is Event 13. */
    IDLE_HOLD,
    /** SendHoldTimer of RFC 9687, expiry is Event 29. */
    SEND_HOLD;

    /** The event the driver feeds to the state machine when this timer expires. */
    public SessionEvent expiryEvent() {
        switch (this) {
            case CONNECT_RETRY: return SessionEvent.ConnectRetryTimerExpires.INSTANCE;
            case HOLD: return SessionEvent.HoldTimerExpires.INSTANCE;
            case KEEPALIVE: return SessionEvent.KeepaliveTimerExpires.INSTANCE;
            case DELAY_OPEN: return SessionEvent.DelayOpenTimerExpires.INSTANCE;
            case IDLE_HOLD: return SessionEvent.IdleHoldTimerExpires.INSTANCE;
            case SEND_HOLD: return SessionEvent.SendHoldTimerExpires.INSTANCE;
            default: throw new AssertionError(this);
        }
    }
}

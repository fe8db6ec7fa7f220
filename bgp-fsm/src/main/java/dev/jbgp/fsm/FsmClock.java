package dev.jbgp.fsm;

/**
 * The monotonic clock the state machine reads (only to judge how long a session stayed up, for
 * peer oscillation damping). Injected so that tests run on a manual clock.
 */
@FunctionalInterface
public interface FsmClock {

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** The system's monotonic clock. */
    static FsmClock system() {
        return System::nanoTime;
    }
}

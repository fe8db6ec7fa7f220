package dev.jbgp.fsm;

import java.time.Duration;

/** A clock that moves only when a test says so. */
final class ManualClock implements FsmClock {

    private long nanos = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return nanos;
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }

    void set(long value) {
        nanos = value;
    }
}

package dev.jbgp.kube;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters the {@link Reconciler} keeps for {@code /metrics}: how many reconciles ran, failed, and how
 * long the last one and all of them took. Thread-safe (atomics); written by the reconciling thread,
 * read by the status server.
 */
public final class ReconcileStats {

    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private final AtomicLong totalNanos = new AtomicLong();
    private final AtomicLong advertisements = new AtomicLong();
    private final AtomicLong withdrawals = new AtomicLong();

    void recordRun(long nanos, int advertised, int withdrawn) {
        runs.incrementAndGet();
        lastNanos.set(nanos);
        totalNanos.addAndGet(nanos);
        advertisements.addAndGet(advertised);
        withdrawals.addAndGet(withdrawn);
    }

    void recordFailure() {
        failures.incrementAndGet();
    }

    /** Reconciles completed. */
    public long runs() {
        return runs.get();
    }

    /** Reconciles in which the BGP control threw. */
    public long failures() {
        return failures.get();
    }

    /** Duration of the last reconcile, in seconds. */
    public double lastSeconds() {
        return lastNanos.get() / 1e9;
    }

    /** Sum of all reconcile durations, in seconds. */
    public double totalSeconds() {
        return totalNanos.get() / 1e9;
    }

    /** Routes handed to {@link BgpControl#advertise} so far. */
    public long advertisements() {
        return advertisements.get();
    }

    /** Prefixes handed to {@link BgpControl#withdraw} so far. */
    public long withdrawals() {
        return withdrawals.get();
    }
}

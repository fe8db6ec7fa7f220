package dev.jbgp.kube;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Reconciler} on one thread: after every change the {@link ClusterSource} signals
 * (bursts coalesce into one run) and every {@code --routes-sync-period} in case a watch missed
 * something. Nothing runs before the source has read the whole cluster once, so a partly filled
 * informer cache never withdraws routes at start. The owner closes it.
 */
public final class ReconcileLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    private static final Duration NOT_SYNCED_RETRY = Duration.ofMillis(200);

    private final ClusterSource source;
    private final Reconciler reconciler;
    private final Duration period;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean firstSyncDone;

    /** A loop feeding {@code source}'s state into {@code reconciler}, also every {@code period}. */
    public ReconcileLoop(ClusterSource source, Reconciler reconciler, Duration period) {
        this.source = source;
        this.reconciler = reconciler;
        this.period = period;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reconcile");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the source and the periodic sync. */
    public void start() {
        source.start(this::trigger);
        executor.scheduleWithFixedDelay(this::trigger, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        trigger();
    }

    /** Asks for a reconcile soon; a request while one is pending is merged into it. */
    public void trigger() {
        if (pending.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // closing
            }
        }
    }

    private void run() {
        pending.set(false);
        if (!source.synced()) {
            // Informers deliver the initial list as add events, possibly all before they report synced;
            // look again shortly rather than wait a whole sync period for the first reconcile.
            try {
                executor.schedule(this::trigger, NOT_SYNCED_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
            return;
        }
        try {
            reconciler.reconcile(source.current());
            firstSyncDone = true;
        } catch (RuntimeException e) {
            LOG.error("reconcile failed", e);
        }
    }

    /** Whether a reconcile has run on a fully read cluster. */
    public boolean firstSyncDone() {
        return firstSyncDone;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        source.close();
    }
}

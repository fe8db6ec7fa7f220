package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a cluster state into calls on a {@link BgpControl}: computes the desired state with the
 * {@link Advertiser}, compares it with what was last applied, and makes only the calls that change
 * something — an unchanged state makes no call at all, so a periodic sync never causes an UPDATE
 * (no flapping). A failed call is logged and retried on the next reconcile, since only what
 * succeeded is remembered as applied. Thread-safe: {@link #reconcile} is serialised.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final BgpControl control;
    private final AgentConfig config;
    private final String nodeName;
    private final ReconcileStats stats = new ReconcileStats();

    private Optional<LocalSettings> appliedLocal = Optional.empty();
    private Optional<Set<PeerSpec>> appliedPeers = Optional.empty();
    private final Map<Prefix, AdvertisedRoute> appliedRoutes = new HashMap<>();
    private Set<Problem> reported = Set.of();
    private volatile Optional<DesiredState> lastDesired = Optional.empty();

    /** A reconciler for node {@code nodeName} that drives {@code control}. */
    public Reconciler(BgpControl control, AgentConfig config, String nodeName) {
        this.control = control;
        this.config = config;
        this.nodeName = nodeName;
    }

    /** What one reconcile did. */
    public record Outcome(boolean localChanged, boolean peersChanged, int advertised, int withdrawn) {
        /** Whether any call was made on the control. */
        public boolean changedAnything() {
            return localChanged || peersChanged || advertised > 0 || withdrawn > 0;
        }
    }

    /** Brings the control in line with {@code cluster}. */
    public synchronized Outcome reconcile(ClusterState cluster) {
        long start = System.nanoTime();
        DesiredState desired = Advertiser.compute(cluster, nodeName, config);
        lastDesired = Optional.of(desired);
        logProblems(desired.problems());
        try {
            boolean localChanged = false;
            if (desired.local().isPresent() && !desired.local().equals(appliedLocal)) {
                control.configure(desired.local().get());
                appliedLocal = desired.local();
                localChanged = true;
            }
            if (appliedLocal.isEmpty()) {
                // Without an identity no session can start; keep routes and peers for when it can.
                stats.recordRun(System.nanoTime() - start, 0, 0);
                return new Outcome(false, false, 0, 0);
            }
            boolean peersChanged = false;
            if (!Optional.of(desired.peers()).equals(appliedPeers)) {
                control.setPeers(desired.peers());
                appliedPeers = Optional.of(desired.peers());
                peersChanged = true;
            }
            List<Prefix> withdraw = new ArrayList<>();
            for (Prefix p : appliedRoutes.keySet()) {
                if (!desired.routes().containsKey(p)) {
                    withdraw.add(p);
                }
            }
            withdraw.sort(Advertiser::comparePrefixes);
            if (!withdraw.isEmpty()) {
                control.withdraw(withdraw);
                withdraw.forEach(appliedRoutes::remove);
            }
            List<AdvertisedRoute> advertise = new ArrayList<>();
            for (AdvertisedRoute r : desired.routes().values()) {
                if (!r.equals(appliedRoutes.get(r.prefix()))) {
                    advertise.add(r);
                }
            }
            advertise.sort((a, b) -> Advertiser.comparePrefixes(a.prefix(), b.prefix()));
            if (!advertise.isEmpty()) {
                control.advertise(advertise);
                advertise.forEach(r -> appliedRoutes.put(r.prefix(), r));
            }
            // Everything desired is advertised: after a graceful restart this lets End-of-RIB go out.
            control.advertisementComplete();
            stats.recordRun(System.nanoTime() - start, advertise.size(), withdraw.size());
            return new Outcome(localChanged, peersChanged, advertise.size(), withdraw.size());
        } catch (RuntimeException e) {
            stats.recordFailure();
            LOG.error("applying the desired state failed; will retry on the next reconcile", e);
            return new Outcome(false, false, 0, 0);
        }
    }

    private void logProblems(List<Problem> problems) {
        Set<Problem> now = new LinkedHashSet<>(problems);
        for (Problem p : now) {
            if (!reported.contains(p)) {
                LOG.warn("{}", p.message());
            }
        }
        for (Problem p : reported) {
            if (!now.contains(p)) {
                LOG.info("resolved: {}", p.message());
            }
        }
        reported = now;
    }

    /** Whether local settings and the peer set have been applied at least once. */
    public synchronized boolean configured() {
        return appliedLocal.isPresent() && appliedPeers.isPresent();
    }

    /** The desired state of the last reconcile, if one ran. */
    public Optional<DesiredState> lastDesired() {
        return lastDesired;
    }

    /** The node this reconciler works for. */
    public String nodeName() {
        return nodeName;
    }

    /** The reconcile counters. */
    public ReconcileStats stats() {
        return stats;
    }
}

package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionConfig;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.fsm.netty.BgpSession;
import dev.jbgp.fsm.netty.BgpTransport;
import dev.jbgp.fsm.netty.PeerConfig;
import dev.jbgp.fsm.netty.SessionNotice;
import dev.jbgp.fsm.netty.TransportKind;
import dev.jbgp.rib.AddPathSend;
import dev.jbgp.rib.AdjRibOut;
import dev.jbgp.rib.AdvertisedPath;
import dev.jbgp.rib.DestinationSnapshot;
import dev.jbgp.rib.LocRibChange;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.PeerSettings;
import dev.jbgp.rib.Rib;
import dev.jbgp.rib.RibConfig;
import dev.jbgp.rib.RibListener;
import dev.jbgp.rib.Route;
import dev.jbgp.rib.UpdateBatch;
import dev.jbgp.rib.UpdateOutcome;
import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.RouteRefreshMessage;
import dev.jbgp.wire.message.UpdateBuilder;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A BGP speaker: sessions with the configured neighbours, one RIB with the decision process and ECMP,
 * import and export policies, locally originated routes, graceful restart, maximum-prefix limits, and
 * observation (events, status snapshots, a text rendering). The one object most users build:
 *
 * <pre>{@code
 * try (BgpSpeaker speaker = BgpSpeaker.start(config)) {
 *     speaker.announce(List.of(LocalRoute.builder("10.1.0.0/24").community(65000, 1).build()));
 *     System.out.println(speaker.status().render());
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> Sessions run on Netty event loops. The RIB is confined to one thread, the
 * speaker's RIB thread: every received UPDATE is handed to it in arrival order (per session), applied,
 * and released there; every Adj-RIB-Out change is encoded there with {@link UpdateBuilder} (many NLRI
 * per attribute set) and written to the sessions as their channels stay writable. Back-pressure both
 * ways: outbound, changes wait un-encoded on the RIB thread while a channel is above its high-water
 * mark, so a peer that stops reading never makes us hold its table as bytes (and RFC 9687's
 * SendHoldTimer ends such a session); inbound, a session stops reading from its socket while more
 * than 1 MiB of its UPDATEs wait for the RIB thread, and reads again below 256 KiB, so a peer that
 * floods us is slowed by TCP instead of filling our heap. Every public
 * method is thread-safe: it runs its work on the RIB thread and, where it returns something, waits for
 * it (called from a {@link SpeakerListener}, it runs inline). Listeners are called on the RIB thread.
 *
 * <p><b>Start-up.</b> Before it listens or connects, {@link #start(SpeakerConfig)} receives a synthetic
 * table ({@link SpeakerConfig#warmUpRoutes()} routes, 20,000 by default) into a scratch RIB on the RIB
 * thread and drops it, so the JVM has loaded and compiled the receive path before the first neighbour's
 * table arrives rather than while it does (the costs and what it buys are on that method). Set it to 0
 * where start-up time matters more.
 *
 * <p><b>Restarts.</b> {@link #close(ShutdownMode)} with {@link ShutdownMode#GRACEFUL_RESTART} leaves
 * our routes at the neighbours that negotiated graceful restart, marked stale (RFC 4724 §4.2); the next
 * speaker, started with {@link SpeakerConfig#restarting()}, re-announces and then sends End-of-RIB on
 * {@link #initialAdvertisementDone()}, so the neighbours sweep only what was not announced again.
 *
 * <p><b>Buffers.</b> The speaker owns every {@code ByteBuf} it takes from a session or allocates for
 * one; none crosses its public API. {@link #close()} releases those still queued.
 */
public final class BgpSpeaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BgpSpeaker.class);
    private final BgpTransport transport;
    private final ScheduledThreadPoolExecutor ribExecutor;
    private volatile Thread ribThread;
    private final Rib rib;
    /** The RIB's configuration, kept for the start-up warm-up's scratch RIB. */
    private final RibConfig ribConfig;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final List<SpeakerListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private int boundPort;

    // RIB thread only.
    private SpeakerConfig config;
    private final Map<InetAddress, PeerHandler> peers = new LinkedHashMap<>();
    private final Map<PeerId, PeerHandler> byPeerId = new HashMap<>();
    private final Advertiser advertiser;
    private final Map<Prefix, LocalRoute> originated = new HashMap<>();
    /**
     * The RIB's per-prefix Loc-RIB events, for the listeners' RouteChanged; only registered with the
     * RIB once a {@link SpeakerListener} is added (an event costs allocations per prefix). The status's
     * ages need no events: each {@link Route} carries its own time ({@link Route#age()}).
     */
    private final RibListener locRibEvents = new RibListener() {
        @Override
        public void locRibChanged(LocRibChange c) {
            if (!listeners.isEmpty()) {
                publish(new SpeakerEvent.RouteChanged(c.prefix(), c.previousBest(), c.best(),
                        c.previousMultipath(), c.multipath()));
            }
        }
    };
    private boolean locRibEventsOn;
    private final UpdateView view = new UpdateView();
    private final UpdateValidator validator = new UpdateValidator();
    /** Restarting (RFC 4724 §4.1): End-of-RIB held back until the initial advertisement is done. */
    private boolean restarting;
    private java.util.concurrent.ScheduledFuture<?> deferralTimer;

    private BgpSpeaker(SpeakerConfig config) {
        this.config = config;
        this.ribExecutor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jbgp-rib-AS" + config.localAs());
            t.setDaemon(true);
            ribThread = t;
            return t;
        });
        ribExecutor.setRemoveOnCancelPolicy(true);
        DecisionOptions decision = DecisionOptions.builder(config.localAs())
                .maxPathsEbgp(config.maxPathsEbgp()).maxPathsIbgp(config.maxPathsIbgp())
                .asPathMultipathRelax(config.asPathMultipathRelax()).build();
        RibConfig.Builder rc = RibConfig.builder(config.localAs(), config.routerId())
                .decision(decision).rfc8212(config.rfc8212());
        config.clusterId().ifPresent(rc::routeReflector);
        this.ribConfig = rc.build();
        this.rib = Rib.create(ribConfig);
        this.advertiser = new Advertiser(rib, byPeerId, alloc, this::onRibThread);
        this.transport = BgpTransport.create(TransportKind.AUTO, 1);
        this.restarting = config.restarting().isPresent();
    }

    /**
     * Starts a speaker: binds the listeners, then starts a session with every configured neighbour.
     * Thread-safe (each call makes an independent speaker).
     *
     * @throws IllegalStateException when a listening address cannot be bound (the speaker is closed again)
     */
    public static BgpSpeaker start(SpeakerConfig config) {
        Objects.requireNonNull(config, "config");
        BgpSpeaker s = new BgpSpeaker(config);
        try {
            if (config.warmUpRoutes() > 0) {
                // Before anyone can connect: the first table must not pay for the JVM's first run of the code.
                long t0 = System.nanoTime();
                try {
                    s.call(() -> WarmUp.run(s.ribConfig, config.localAs(), config.warmUpRoutes(), s.alloc));
                    LOG.debug("warm-up: {} synthetic routes in {} ms", config.warmUpRoutes(),
                            (System.nanoTime() - t0) / 1_000_000);
                } catch (RuntimeException e) {
                    // Only an optimisation: a speaker must start even if its warm-up failed.
                    LOG.warn("start-up warm-up failed, starting without it", e);
                }
            }
            for (InetAddress a : config.listenAddresses()) {
                InetSocketAddress bound = s.transport.listen(new InetSocketAddress(a,
                        s.boundPort != 0 ? s.boundPort : config.listenPort()));
                s.boundPort = bound.getPort();
            }
            s.call(() -> {
                config.restarting().ifPresent(deferral -> s.deferralTimer = s.ribExecutor.schedule(
                        () -> s.finishRestart("the selection deferral time of " + deferral.toSeconds() + " s passed"),
                        deferral.toMillis(), TimeUnit.MILLISECONDS));
                for (Neighbor n : config.neighbors().values()) {
                    s.startPeer(n);
                }
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.close();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("cannot start the speaker: " + e, e);
        }
        return s;
    }

    // ------------------------------------------------------------------ public API

    /** The current configuration (with the neighbours added, removed and changed since start). Thread-safe. */
    public SpeakerConfig config() {
        return call(() -> config);
    }

    /** The bound listening port (useful with port 0), 0 when not listening. Thread-safe. */
    public int listenPort() {
        return boundPort;
    }

    /** Adds a listener; it sees every later event. Thread-safe. */
    public void addListener(SpeakerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        // Queued before anything the caller asks for next, so the listener sees those changes.
        onRibThread(() -> {
            if (!locRibEventsOn) {
                rib.addListener(locRibEvents);
                locRibEventsOn = true;
            }
        });
    }

    /** Removes a listener. Thread-safe. */
    public void removeListener(SpeakerListener listener) {
        listeners.remove(listener);
    }

    /**
     * Adds a neighbour and starts its session; other sessions are untouched. Thread-safe.
     *
     * @throws IllegalArgumentException when a neighbour with this address exists
     */
    public void addPeer(Neighbor neighbor) {
        Objects.requireNonNull(neighbor, "neighbor");
        call(() -> {
            if (peers.containsKey(neighbor.address())) {
                throw new IllegalArgumentException("neighbour " + neighbor.address().getHostAddress() + " exists");
            }
            config = config.toBuilder().neighbor(neighbor).build();
            startPeer(neighbor);
            return null;
        });
    }

    /**
     * Removes a neighbour: its session gets a Cease / Administrative Shutdown (RFC 8203 communication
     * {@code message} when given), its routes leave the RIB. Returns false when there was no such
     * neighbour. Thread-safe.
     */
    public boolean removePeer(InetAddress address, Optional<String> message) {
        return call(() -> {
            if (!peers.containsKey(address)) {
                return false;
            }
            stopPeer(peers.get(address), message);
            config = config.toBuilder().removeNeighbor(address).build();
            advertiser.flushAll();
            return true;
        });
    }

    /**
     * Reconfigures a neighbour (found by address) without touching the other sessions. Policy,
     * prefix-limit and description changes apply to the running session: a new import policy is
     * re-applied to the kept pre-policy routes where {@link Neighbor#softReconfiguration()} is on;
     * otherwise the neighbour is asked for a route refresh (RFC 2918) and its routes pass the new
     * policy as they arrive again (only a neighbour without route refresh is reset).
     * A new export policy moves the neighbour to another update group: what is no longer exported is
     * withdrawn, the new table is sent, and the neighbour is asked for a route refresh to re-confirm
     * the routes it sent us (the session stays up; only a neighbour without route refresh is reset).
     * Any change that only a new session can carry (timers, capabilities, addresses, AS, next-hop
     * mode, route-reflector role) restarts this neighbour's session; the result says so and why.
     * Thread-safe.
     *
     * @throws IllegalArgumentException when there is no neighbour with this address
     */
    public PeerUpdateResult updatePeer(Neighbor neighbor) {
        Objects.requireNonNull(neighbor, "neighbor");
        return call(() -> {
            PeerHandler h = peers.get(neighbor.address());
            if (h == null) {
                throw new IllegalArgumentException("no neighbour " + neighbor.address().getHostAddress());
            }
            Neighbor old = h.neighbor;
            List<String> reasons = new ArrayList<>(old.sessionChanges(neighbor));
            boolean exportChanged = !Objects.equals(old.exportPolicy(), neighbor.exportPolicy());
            if (exportChanged && reasons.isEmpty() && h.peerId != null
                    && (h.negotiated == null || !h.negotiated.routeRefresh())) {
                reasons.add("exportPolicy (the neighbour does not support route refresh)");
            }
            boolean importChanged = !Objects.equals(old.importPolicy(), neighbor.importPolicy());
            if (reasons.isEmpty() && h.peerId != null && importChanged && !neighbor.softReconfiguration()
                    && (h.negotiated == null || !h.negotiated.routeRefresh())) {
                reasons.add("importPolicy (soft reconfiguration is off and the neighbour does not support route refresh)");
            }
            config = config.toBuilder().neighbor(neighbor).build();
            if (!reasons.isEmpty()) {
                stopPeer(h, Optional.of("configuration changed"));
                advertiser.flushAll();
                startPeer(neighbor).carryCountersFrom(h);
                return new PeerUpdateResult(true, reasons);
            }
            h.neighbor = neighbor;
            if (h.peerId != null && exportChanged) {
                changeExport(h);
                return new PeerUpdateResult(false, List.of());
            }
            if (h.peerId != null && importChanged) {
                if (neighbor.softReconfiguration()) {
                    rib.reapplyImport(h.peerId, effectiveImport(neighbor, h.peerId));
                    advertiser.flushAll();
                } else {
                    // No pre-policy copies: the neighbour sends its routes again through the new policy.
                    rib.setImportPolicy(h.peerId, effectiveImport(neighbor, h.peerId));
                    for (AddressFamily f : h.negotiated.families()) {
                        h.session.sendRouteRefresh(f);
                    }
                }
            }
            if (h.peerId != null && neighbor.prefixLimit().isPresent()) {
                checkLimit(h);
            }
            return new PeerUpdateResult(false, List.of());
        });
    }

    /**
     * Originates (or replaces) these routes; each goes to every neighbour the export rules and
     * policies allow, packed into as few UPDATEs as their attribute sets permit. Thread-safe; returns
     * once the RIB has taken them (the UPDATEs are then being written).
     */
    public void announce(Collection<LocalRoute> routes) {
        List<LocalRoute> copy = List.copyOf(routes);
        call(() -> {
            for (LocalRoute r : copy) {
                originated.put(r.prefix(), r);
                rib.originate(r.prefix(), r.originated(config.localAs()));
            }
            advertiser.flushAll();
            return null;
        });
    }

    /** Withdraws these locally originated routes (unknown prefixes are ignored). Thread-safe. */
    public void withdraw(Collection<? extends Prefix> prefixes) {
        List<Prefix> copy = List.copyOf(prefixes);
        call(() -> {
            for (Prefix p : copy) {
                if (originated.remove(p) != null) {
                    rib.withdrawOriginated(p);
                }
            }
            advertiser.flushAll();
            return null;
        });
    }

    /**
     * Ends the restart of a speaker started with {@link SpeakerConfig#restarting()}: the routes
     * announced so far are the whole initial advertisement, so every Established neighbour now gets
     * End-of-RIB for each family (after everything queued before it), and neighbours that come up
     * later get it right after their table (RFC 4724 §4.1). Does nothing when not restarting (or
     * called again). Thread-safe.
     */
    public void initialAdvertisementDone() {
        call(() -> {
            finishRestart("the initial advertisement is done");
            return null;
        });
    }

    /** Whether End-of-RIB is still held back because the speaker is restarting. Thread-safe. */
    public boolean isRestarting() {
        return call(() -> restarting);
    }

    /** The locally originated routes. Thread-safe. */
    public List<LocalRoute> originated() {
        return call(() -> List.copyOf(originated.values()));
    }

    /**
     * Asks the neighbour to re-send its routes in every negotiated family (ROUTE-REFRESH, RFC 2918);
     * ignored unless the session is Established with route refresh. Thread-safe.
     */
    public void requestRouteRefresh(InetAddress neighbor) {
        call(() -> {
            PeerHandler h = peers.get(neighbor);
            if (h != null && h.negotiated != null) {
                for (AddressFamily f : h.negotiated.families()) {
                    h.session.sendRouteRefresh(f);
                }
            }
            return null;
        });
    }

    /** The Loc-RIB paths to {@code prefix}, best first, with best / ECMP marks. Thread-safe. */
    public List<RouteStatus> routes(Prefix prefix) {
        return call(() -> {
            Instant now = Instant.now();
            long nowNanos = System.nanoTime();
            List<RouteStatus> out = new ArrayList<>();
            rib.snapshot().get(prefix).ifPresent(d -> addRoutes(out, d, now, nowNanos));
            return out;
        });
    }

    /**
     * What we announce to {@code neighbor} for {@code prefix} (its Adj-RIB-Out, the {@code show bgp
     * neighbor X advertised-routes} view): one path, or with ADD-PATH send (RFC 7911) every path sent,
     * each with its path identifier, best-ranked first. Empty when nothing is announced or the
     * neighbour is not Established. Thread-safe.
     */
    public List<AdvertisedPath> advertised(InetAddress neighbor, Prefix prefix) {
        return call(() -> {
            PeerHandler h = peers.get(neighbor);
            return h == null || h.peerId == null ? List.<AdvertisedPath>of() : rib.adjRibOut(h.peerId).paths(prefix);
        });
    }

    /** An immutable snapshot of the neighbours and the Loc-RIB. Thread-safe. */
    public SpeakerStatus status() {
        return call(() -> {
            Instant now = Instant.now();
            long nowNanos = System.nanoTime();
            List<NeighborStatus> ns = neighborStatuses();
            List<RouteStatus> rs = new ArrayList<>();
            for (DestinationSnapshot d : rib.snapshot().destinations()) {
                addRoutes(rs, d, now, nowNanos);
            }
            return new SpeakerStatus(config.localAs(), config.routerIdText(), config.listenAddresses(), boundPort,
                    ns, rs, now);
        });
    }

    /**
     * The neighbours' status alone, without the Loc-RIB's routes that {@link #status()} copies: cheap
     * at any table size, for a summary polled often. Thread-safe.
     */
    public List<NeighborStatus> neighbors() {
        return call(this::neighborStatuses);
    }

    /** How many prefixes the Loc-RIB holds (those with at least one path), without copying them. Thread-safe. */
    public int locRibSize() {
        return call(rib::size);
    }

    private List<NeighborStatus> neighborStatuses() {
        List<NeighborStatus> ns = new ArrayList<>();
        for (PeerHandler h : peers.values()) {
            RemoteAs remote = h.neighbor.remoteAs();
            long asn = h.negotiated != null ? h.negotiated.peerAs()
                    : remote.isExternal() ? h.learnedAs : remote.resolve(config.localAs());
            int accepted = h.peerId != null ? rib.adjRibIn(h.peerId).size() : 0;
            int advertised = h.peerId != null ? rib.adjRibOut(h.peerId).pathCount() : 0;
            ns.add(new NeighborStatus(h.neighbor.address(), remote, asn, h.state, h.since, h.received, accepted,
                    advertised, h.updatesReceived, h.updatesSent, h.notificationsReceived, h.notificationsSent,
                    h.refreshRequests, h.lastError, h.neighbor.description()));
        }
        return List.copyOf(ns);
    }

    /**
     * Stops everything: every session past OpenSent gets a Cease / Administrative Shutdown, the
     * listeners close, the RIB thread ends and every queued buffer is released. Blocks until done;
     * calling it again does nothing. Thread-safe, but not from a {@link SpeakerListener} (the RIB
     * thread cannot wait for itself to end). The same as {@code close(ShutdownMode.ADMINISTRATIVE_SHUTDOWN)}.
     *
     * @throws IllegalStateException when called on the RIB thread
     */
    @Override
    public void close() {
        close(ShutdownMode.ADMINISTRATIVE_SHUTDOWN);
    }

    /**
     * Stops everything as {@code mode} says: with {@link ShutdownMode#GRACEFUL_RESTART} the
     * neighbours that negotiated graceful restart keep our routes as stale (their TCP connections
     * close without NOTIFICATION, RFC 4724 §4.2), the others get Cease / Administrative Shutdown.
     * Otherwise as {@link #close()}.
     *
     * @throws IllegalStateException when called on the RIB thread
     */
    public void close(ShutdownMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (closed) {
            return;
        }
        if (Thread.currentThread() == ribThread) {
            throw new IllegalStateException("close() called from a speaker listener; close from another thread");
        }
        try {
            call(() -> {
                if (deferralTimer != null) {
                    deferralTimer.cancel(false);
                }
                for (PeerHandler h : peers.values()) {
                    h.dropOutbound();
                    cancelTimers(h);
                    if (mode == ShutdownMode.GRACEFUL_RESTART && h.negotiated != null
                            && h.negotiated.peerGracefulRestart().isPresent()) {
                        LOG.info("{}: closing without NOTIFICATION, the neighbour keeps our routes as stale"
                                + " (graceful restart)", h.neighbor.address().getHostAddress());
                        transport.removePeerWithoutNotification(h.session);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("while closing", e);
        }
        closed = true;
        transport.close();
        // Notices and UPDATEs the sessions delivered while stopping: run them so their buffers are released.
        ribExecutor.shutdown();
        try {
            ribExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PeerHandler h : peers.values()) {
            h.dropOutbound();
        }
    }

    // ------------------------------------------------------------------ diagnostics (tests in this package)

    /** How many distinct attribute sets the RIB holds interned, and the sum of their reference counts. */
    long[] interning() {
        return call(() -> new long[] {rib.interner().size(), rib.interner().totalReferences()});
    }

    /**
     * What waits to be sent to {@code neighbor}: pieces of un-encoded work on the RIB thread, and
     * octets in the session's outbound channel buffer. Zeros for an unknown neighbour.
     */
    long[] outboundBacklog(InetAddress neighbor) {
        return call(() -> {
            PeerHandler h = peers.get(neighbor);
            return h == null ? new long[2] : new long[] {h.outbound.size(), h.session.pendingWriteBytes()};
        });
    }

    /** Octets of UPDATEs from {@code neighbor} waiting for the RIB thread: now, and the most ever. */
    long[] inboundBacklog(InetAddress neighbor) {
        return call(() -> {
            PeerHandler h = peers.get(neighbor);
            return h == null ? new long[2] : new long[] {h.inboundQueued(), h.inboundPeak()};
        });
    }

    @Override
    public String toString() {
        return "BgpSpeaker{AS " + config.localAs() + ", id " + config.routerIdText() + "}";
    }

    // ------------------------------------------------------------------ RIB thread plumbing

    /** Runs {@code task} on the RIB thread; false when the speaker is closed and it will not run. */
    boolean onRibThread(Runnable task) {
        try {
            ribExecutor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("RIB task failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private <T> T call(Callable<T> task) {
        if (Thread.currentThread() == ribThread) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (closed) {
            throw new IllegalStateException("speaker closed");
        }
        Future<T> f;
        try {
            f = ribExecutor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("speaker closed", e);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void publish(SpeakerEvent e) {
        for (SpeakerListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warn("speaker listener {} failed on {}", l, e, ex);
            }
        }
    }

    // ------------------------------------------------------------------ peers (RIB thread)

    private PeerHandler startPeer(Neighbor n) {
        PeerHandler h = new PeerHandler(this, n);
        h.session = transport.addPeer(peerConfig(n), h);
        peers.put(n.address(), h);
        h.session.start();
        if (n.passive()) {
            // A connection accepted while the session is still Idle would be refused: return only
            // once the session listens (Active), so a peer may connect as soon as we are started.
            try {
                h.session.whenState(SessionState.ACTIVE).get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("{}: not Active yet", n.address().getHostAddress());
            }
        }
        return h;
    }

    private void stopPeer(PeerHandler h, Optional<String> message) {
        peers.remove(h.neighbor.address(), h);
        transport.removePeer(h.session, message);
        cancelTimers(h);
        h.dropOutbound();
        if (h.peerId != null) {
            byPeerId.remove(h.peerId);
            rib.peerDown(h.peerId);
            h.peerId = null;
        }
        if (h.stalePeer != null) {
            rib.sweepStale(h.stalePeer);
            h.stalePeer = null;
        }
    }

    private static void cancelTimers(PeerHandler h) {
        if (h.staleTimer != null) {
            h.staleTimer.cancel(false);
        }
        if (h.restartTimer != null) {
            h.restartTimer.cancel(false);
        }
    }

    private PeerConfig peerConfig(Neighbor n) {
        SessionConfig.Builder s = SessionConfig.builder()
                .localAs(config.localAs())
                .bgpIdentifier(config.routerId())
                .holdTimeSeconds(n.holdTimeSeconds())
                .dampPeerOscillations(n.dampPeerOscillations())
                .sendHoldTime(n.sendHoldTime())
                .keepaliveSeconds(n.keepaliveSeconds())
                .connectRetryTime(n.connectRetryTime())
                .passive(n.passive())
                .allowAutomaticStart(true)
                .idleHoldTime(Duration.ofSeconds(1))
                .families(config.families())
                .routeRefresh(true);
        if (n.remoteAs().isExternal()) {
            s.peerAsAnyExternal(); // RFC 4271 §6.2 checked against "not ours"; the AS is learned from the OPEN
        } else {
            s.peerAs(n.remoteAs().resolve(config.localAs()));
        }
        if (n.addPath() != Neighbor.ADD_PATH_NONE) {
            Map<AddressFamily, Integer> ap = new HashMap<>();
            for (AddressFamily f : config.families()) {
                ap.put(f, n.addPath());
            }
            s.addPath(ap);
        }
        if (n.gracefulRestartTime().isPresent()) {
            List<GracefulRestart.Family> fs = new ArrayList<>();
            for (AddressFamily f : config.families()) {
                fs.add(GracefulRestart.Family.of(f, n.forwardingStatePreserved()));
            }
            // RFC 4724 §3: the Restart State bit tells the neighbour we restarted (and it need not
            // wait for our End-of-RIB before sending its own routes).
            s.gracefulRestart(Optional.of(GracefulRestart.of(restarting, false,
                    (int) n.gracefulRestartTime().get().getSeconds(), fs)));
        }
        PeerConfig.Builder p = PeerConfig.builder().session(s.build())
                .remoteAddress(n.address()).remotePort(n.port())
                .localAddress(n.localAddress()).md5Password(n.md5Password());
        return p.build();
    }

    private Optional<InetAddress> localAddress(Neighbor n) {
        if (n.localAddress().isPresent()) {
            return n.localAddress();
        }
        for (InetAddress a : config.listenAddresses()) {
            if (a.getClass() == n.address().getClass() && !a.isAnyLocalAddress()) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private Policy effectiveImport(Neighbor n, PeerId id) {
        if (n.importPolicy().isPresent()) {
            return n.importPolicy().get();
        }
        return id.isExternal() && config.rfc8212() ? Policy.rejectAll() : Policy.acceptAll();
    }

    /** The RIB's settings for an Established neighbour: from its configuration and what its session negotiated. */
    private PeerSettings settings(PeerHandler h) {
        Neighbor n = h.neighbor;
        PeerSettings.Builder b = PeerSettings.builder().nextHopMode(n.nextHopMode())
                .softReconfiguration(n.softReconfiguration());
        n.importPolicy().ifPresent(b::importPolicy);
        n.exportPolicy().ifPresent(b::exportPolicy);
        localAddress(n).ifPresent(b::localAddress);
        // RFC 7911 §4: path identifiers only in the families where the neighbour agreed to receive them.
        Set<AddressFamily> send = new HashSet<>(h.negotiated.addPathSend());
        send.retainAll(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST));
        b.addPathSend(send.isEmpty() ? AddPathSend.bestOnly() : n.addPathSend(), send);
        return b.build();
    }

    /**
     * Moves an Established neighbour to the update group of its new export policy without a reset.
     * The RIB changes a peer's group only when the peer comes up, so the peer goes "down gracefully"
     * and up again inside this one RIB-thread task: its received routes stay (marked stale, still
     * used), and a ROUTE-REFRESH (RFC 2918) asks it to re-send them, which clears the marks. What we
     * announced before and no longer export is withdrawn; the new table is sent in full. Stale routes
     * the neighbour did not re-send are swept after its hold time.
     */
    private void changeExport(PeerHandler h) {
        PeerId id = h.peerId;
        advertiser.flushAll();
        List<UpdateBatch> before = rib.adjRibOut(id).fullTable();
        rib.peerDownGraceful(id);
        byPeerId.remove(id);
        rib.peerUp(id, settings(h));
        byPeerId.put(id, h);
        AdjRibOut group = rib.adjRibOut(id);
        advertiser.sendPendingToOtherMembers(group, h);
        List<Prefix> gone = new ArrayList<>();
        int[] goneIds = new int[0];
        for (UpdateBatch b : before) {
            for (int i = 0; i < b.prefixes().size(); i++) {
                Prefix p = b.prefixes().get(i);
                if (!group.announces(p, b.pathId(i))) {
                    goneIds = Arrays.copyOf(goneIds, gone.size() + 1); // rare: an export policy change
                    goneIds[gone.size()] = b.pathId(i);
                    gone.add(p);
                }
            }
        }
        advertiser.queue(h, gone, goneIds, List.of());
        advertiser.queue(h, List.of(), OutboundWork.NO_IDS, group.fullTable());
        advertiser.flush(h);
        for (AddressFamily f : h.negotiated.families()) {
            h.session.sendRouteRefresh(f);
        }
        int hold = Math.max(3, h.negotiated.holdTimeSeconds());
        BgpSession s = h.session;
        ribExecutor.schedule(() -> {
            if (h.session == s && id.equals(h.peerId)) {
                int n = rib.sweepStale(id);
                if (n > 0) {
                    LOG.info("{}: {} routes not re-sent after the route refresh removed", id, n);
                }
                advertiser.flushAll();
            }
        }, hold, TimeUnit.SECONDS);
        LOG.info("{}: export policy changed, {} withdrawn, {} prefixes re-sent, route refresh requested",
                id, gone.size(), group.size());
    }

    void sessionNotice(PeerHandler h, BgpSession s, SessionNotice notice) {
        if (peers.get(h.neighbor.address()) != h || h.session != s) {
            return; // a removed neighbour's session still winding down
        }
        if (notice instanceof SessionNotice.StateChanged sc) {
            h.state = sc.to();
            if (sc.to() == SessionState.ESTABLISHED || sc.from() == SessionState.ESTABLISHED) {
                h.since = Optional.of(Instant.now());
            }
            if (sc.from() != SessionState.ESTABLISHED) {
                publish(new SpeakerEvent.SessionStateChanged(h.neighbor.address(), sc.from(), sc.to(), Optional.empty()));
            } else if (h.downReason != null) {
                // The Down notice came first: it said why.
                publish(new SpeakerEvent.SessionStateChanged(h.neighbor.address(), sc.from(), sc.to(), h.downReason));
                h.downReason = null;
            } else {
                h.pendingLeave = sc;
            }
        } else if (notice instanceof SessionNotice.Established e) {
            h.downReason = null;
            h.pendingLeave = null;
            peerUp(h, e);
        } else if (notice instanceof SessionNotice.Down d) {
            Optional<String> reason = d.received().map(n -> "received: " + n.describe())
                    .or(() -> d.sent().map(n -> "sent: " + n.describe()));
            reason.ifPresent(r -> h.lastError = Optional.of(r));
            if (h.pendingLeave != null) {
                publish(new SpeakerEvent.SessionStateChanged(h.neighbor.address(), h.pendingLeave.from(),
                        h.pendingLeave.to(), reason));
                h.pendingLeave = null;
            } else {
                h.downReason = reason;
            }
            peerDown(h, d);
        } else if (notice instanceof SessionNotice.NotificationSent ns) {
            h.notificationsSent++;
            h.lastError = Optional.of("sent: " + ns.notification().describe());
        } else if (notice instanceof SessionNotice.NotificationReceived nr) {
            h.notificationsReceived++;
            h.lastError = Optional.of("received: " + nr.notification().describe());
        } else if (notice instanceof SessionNotice.WritabilityChanged w && w.writable()) {
            advertiser.flush(h);
        }
    }

    private void peerUp(PeerHandler h, SessionNotice.Established e) {
        if (h.peerId != null) {
            return;
        }
        var n = e.session();
        h.negotiated = n;
        h.ctx = n.codecContext();
        h.builder = new UpdateBuilder(h.ctx);
        h.endOfRibPending = false;
        h.learnedAs = n.peerAs();
        h.received = 0;
        h.refreshRequests = 0;
        h.warned = false;
        h.limitHit = false;
        InetAddress addr = h.neighbor.address();
        PeerId id = n.internal()
                ? PeerId.internal(addr, n.peerAs(), n.peerIdentifier(), h.neighbor.routeReflectorClient())
                : PeerId.external(addr, n.peerAs(), n.peerIdentifier());
        if (h.staleTimer != null) {
            h.staleTimer.cancel(false);
            h.staleTimer = null;
        }
        if (h.stalePeer != null && !h.stalePeer.equals(id)) {
            // Came back as someone else (another BGP Identifier): its old routes cannot be refreshed.
            rib.sweepStale(h.stalePeer);
        }
        h.stalePeer = null;
        advertiser.flushAll(); // nothing pending before the new member joins
        rib.peerUp(id, settings(h));
        h.peerId = id;
        byPeerId.put(id, h);
        AdjRibOut group = rib.adjRibOut(id);
        advertiser.sendPendingToOtherMembers(group, h);
        advertiser.sendTable(h, restarting);
        LOG.info("{}: Established, sent {} prefixes{}", addr.getHostAddress(), group.size(),
                h.endOfRibPending ? ", End-of-RIB held back until the restart is complete" : " and End-of-RIB");
    }

    /** Ends the restart (RIB thread): End-of-RIB to every Established neighbour still waiting for it. */
    void finishRestart(String why) {
        if (!restarting) {
            return;
        }
        restarting = false;
        if (deferralTimer != null) {
            deferralTimer.cancel(false);
            deferralTimer = null;
        }
        advertiser.flushAll(); // every announcement made so far goes before End-of-RIB
        int sent = 0;
        for (PeerHandler h : peers.values()) {
            if (h.peerId != null && h.endOfRibPending) {
                advertiser.queueEndOfRib(h);
                advertiser.flush(h);
                sent++;
            }
        }
        LOG.info("restart complete ({}): End-of-RIB sent to {} neighbours", why, sent);
    }

    private void peerDown(PeerHandler h, SessionNotice.Down d) {
        h.dropOutbound();
        h.flushScheduled = false;
        PeerId id = h.peerId;
        if (id == null) {
            return;
        }
        h.peerId = null;
        byPeerId.remove(id);
        boolean notified = d.sent().isPresent() || d.received().isPresent();
        var gr = h.negotiated.peerGracefulRestart();
        if (gr.isPresent() && !notified && !h.limitHit) {
            // RFC 4724 §4.2: keep the routes as stale until the peer is back and sends End-of-RIB,
            // or its restart time runs out.
            rib.peerDownGraceful(id);
            h.stalePeer = id;
            int seconds = Math.max(1, gr.get().restartTime());
            h.staleTimer = ribExecutor.schedule(() -> {
                if (h.stalePeer != null && h.stalePeer.equals(id) && h.peerId == null) {
                    LOG.info("{}: restart time expired, {} stale routes removed", id, rib.sweepStale(id));
                    h.stalePeer = null;
                    advertiser.flushAll();
                }
            }, seconds, TimeUnit.SECONDS);
            LOG.info("{}: session lost, routes kept stale for {} s (graceful restart)", id, seconds);
        } else {
            rib.peerDown(id);
        }
        h.negotiated = null;
        advertiser.flushAll();
        if (h.limitHit) {
            Optional<Duration> restart = h.neighbor.prefixLimit().flatMap(PrefixLimit::restartAfter);
            // Stop the automatic restart: the session stays down until the delay (if any) passes.
            h.session.stop(Optional.empty());
            restart.ifPresent(delay -> h.restartTimer = ribExecutor.schedule(() -> {
                if (peers.get(h.neighbor.address()) == h) {
                    LOG.info("{}: restarting after the maximum-prefix delay", h.neighbor.address().getHostAddress());
                    h.session.start();
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    void routeRefreshRequested(PeerHandler h, BgpSession s, RouteRefreshMessage request) {
        if (peers.get(h.neighbor.address()) != h || h.session != s || h.peerId == null) {
            return;
        }
        // RFC 2918 §4: re-advertise the Adj-RIB-Out; we answer every request with the whole table.
        h.refreshRequests++;
        LOG.info("{}: route refresh requested ({}), re-sending Adj-RIB-Out", h.neighbor.address().getHostAddress(), request);
        advertiser.sendTable(h, restarting);
    }

    void applyUpdate(PeerHandler h, BgpSession s, ByteBuf update) {
        try {
            if (peers.get(h.neighbor.address()) != h || h.session != s || h.peerId == null) {
                return;
            }
            h.updatesReceived++;
            UpdateVerdict verdict;
            try {
                view.wrap(update, h.ctx);
                verdict = validator.validate(view);
            } catch (BgpDecodeException e) {
                resetSession(h, NotificationMessage.from(e), e.toString());
                return;
            }
            if (verdict.isSessionReset()) {
                resetSession(h, verdict.error().map(NotificationMessage::from)
                        .orElse(NotificationMessage.of(ErrorCode.UPDATE_MESSAGE_ERROR, Subcodes.Update.MALFORMED_ATTRIBUTE_LIST)),
                        verdict.toString());
                return;
            }
            UpdateOutcome o;
            try {
                o = rib.adjRibIn(h.peerId).apply(view, verdict);
            } catch (BgpDecodeException e) {
                resetSession(h, NotificationMessage.from(e), e.toString());
                return;
            }
            if (o.action().isPresent() && o.action().get() == ErrorAction.SESSION_RESET) {
                resetSession(h, NotificationMessage.of(ErrorCode.UPDATE_MESSAGE_ERROR, Subcodes.Update.MALFORMED_ATTRIBUTE_LIST),
                        "the RIB rejected the UPDATE");
                return;
            }
            if (o.action().isPresent() && verdict.action().isEmpty()) {
                // Well-formed on the wire; the RIB's own checks (which need our state) rejected the routes.
                LOG.info("{}: UPDATE's routes ignored as semantically incorrect (RFC 4271 §6.3: leftmost AS not the "
                        + "peer's, or NEXT_HOP is our own address)", h.peerId);
            } else if (o.action().isPresent()) {
                LOG.info("{}: malformed UPDATE handled by {} (RFC 7606): {}", h.peerId, o.action().get(), verdict);
            }
            h.received += o.announced();
            o.endOfRib().ifPresent(f -> LOG.debug("{}: End-of-RIB {}", h.peerId, f));
            checkLimit(h);
        } finally {
            update.release();
        }
        advertiser.flushAll();
    }

    private void resetSession(PeerHandler h, NotificationMessage n, String why) {
        LOG.warn("{}: malformed UPDATE, session reset: {}", h.neighbor.address().getHostAddress(), why);
        h.session.updateError(n);
    }

    private void checkLimit(PeerHandler h) {
        Optional<PrefixLimit> limit = h.neighbor.prefixLimit();
        if (limit.isEmpty() || h.peerId == null || h.limitHit) {
            return;
        }
        int accepted = rib.adjRibIn(h.peerId).size();
        if (accepted > limit.get().maximum()) {
            h.limitHit = true;
            LOG.warn("{}: {} prefixes exceed the maximum of {}; Cease (RFC 4486 subcode 1)",
                    h.neighbor.address().getHostAddress(), accepted, limit.get().maximum());
            NotificationMessage cease = NotificationMessage.of(ErrorCode.CEASE,
                    Subcodes.Cease.MAXIMUM_NUMBER_OF_PREFIXES_REACHED, maxPrefixData(limit.get().maximum()));
            h.session.updateError(cease);
            publish(new SpeakerEvent.PrefixLimitExceeded(h.neighbor.address(), accepted, limit.get().maximum(),
                    limit.get().restartAfter()));
        } else if (!h.warned && accepted >= limit.get().warningThreshold()) {
            h.warned = true;
            LOG.warn("{}: {} prefixes, {} % of the maximum of {}", h.neighbor.address().getHostAddress(), accepted,
                    limit.get().warningPercent(), limit.get().maximum());
            publish(new SpeakerEvent.PrefixLimitWarning(h.neighbor.address(), accepted, limit.get().maximum()));
        }
    }

    /**
     * RFC 4486 §4: AFI (2), SAFI (1) and the upper bound (4). The limit counts every family together,
     * so the NOTIFICATION names IPv4 unicast, the family every session carries first.
     */
    private static byte[] maxPrefixData(int max) {
        return new byte[] {0, 1, 1, (byte) (max >>> 24), (byte) (max >>> 16), (byte) (max >>> 8), (byte) max};
    }

    /**
     * Adds the paths of one destination; each path's time is its route's own ({@link Route#arrival()}
     * on the {@link System#nanoTime()} clock), put on the wall clock against the status's {@code now},
     * which was read together with {@code nowNanos}.
     */
    private static void addRoutes(List<RouteStatus> out, DestinationSnapshot d, Instant now, long nowNanos) {
        for (Route r : d.paths()) {
            boolean best = d.best().isPresent() && d.best().get() == r;
            Instant received = now.minusNanos(Math.max(0, nowNanos - r.arrival()));
            out.add(new RouteStatus(d.prefix(), r, best, !best && d.inMultipath(r), received));
        }
    }
}

package dev.jbgp.fsm.netty;

import dev.jbgp.fsm.BgpIdentifiers;
import dev.jbgp.fsm.CollisionRule;
import dev.jbgp.fsm.FsmClock;
import dev.jbgp.fsm.NegotiatedSession;
import dev.jbgp.fsm.Notifications;
import dev.jbgp.fsm.SessionAction;
import dev.jbgp.fsm.SessionConfig;
import dev.jbgp.fsm.SessionEvent;
import dev.jbgp.fsm.SessionFsm;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.RouteRefreshMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One BGP session with one peer, run over TCP by the Netty driver: the {@link SessionFsm}, its
 * connection (two while a collision is being resolved), timers, framing and writes.
 *
 * <p>Thread safety: every public method may be called from any thread; the work happens on the
 * session's event loop, where the {@link SessionListener} is also called. {@link #state()} and
 * {@link #negotiated()} read a snapshot published by that loop.
 *
 * <p>Typical use from a test or an application:
 * <pre>{@code
 * BgpSession s = transport.addPeer(peerConfig, listener);
 * s.start();
 * s.awaitState(SessionState.ESTABLISHED, Duration.ofSeconds(10));
 * s.sendUpdate(updateBytes);           // ownership of the buffer passes to the session
 * s.stop(Optional.of("maintenance"));  // Cease / Administrative Shutdown with that text
 * }</pre>
 */
public final class BgpSession {

    private static final Logger LOG = LoggerFactory.getLogger(BgpSession.class);

    private final BgpTransport transport;
    private final PeerConfig config;
    private final SessionListener listener;
    private final EventLoop loop;
    private final String name;

    // Confined to the loop.
    private volatile Connection main;
    private Connection other;
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean removed;

    // Published snapshots.
    private volatile SessionState state = SessionState.IDLE;
    private volatile NegotiatedSession negotiated;

    private record Waiter(SessionState state, CompletableFuture<SessionState> future) {
    }

    BgpSession(BgpTransport transport, PeerConfig config, SessionListener listener, EventLoop loop) {
        this.transport = transport;
        this.config = config;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.loop = loop;
        this.name = config.remoteAddress().getHostAddress()
                + (config.session().anyExternalPeerAs() ? " AS external" : " AS" + config.session().peerAs());
        this.main = newConnection(CollisionRule.Slot.OUTGOING);
    }

    private Connection newConnection(CollisionRule.Slot slot) {
        return new Connection(this, new SessionFsm(config.session(), FsmClock.system()), slot);
    }

    // ------------------------------------------------------------------ public API

    /** The peer's configuration. */
    public PeerConfig config() {
        return config;
    }

    /** The current state (a snapshot). */
    public SessionState state() {
        return state;
    }

    /** What was negotiated, while the session is Established. */
    public Optional<NegotiatedSession> negotiated() {
        return state == SessionState.ESTABLISHED ? Optional.ofNullable(negotiated) : Optional.empty();
    }

    /**
     * Starts the session: ManualStart (Event 1), or ManualStart_with_PassiveTcpEstablishment
     * (Event 4) when the configuration is passive.
     */
    public void start() {
        runOnLoop(() -> main.fire(config.session().passive()
                ? SessionEvent.ManualStartPassive.INSTANCE : SessionEvent.ManualStart.INSTANCE), null);
    }

    /**
     * Stops the session (ManualStop, Event 2): past OpenSent the peer gets a Cease / Administrative
     * Shutdown NOTIFICATION carrying {@code shutdownMessage} as its RFC 8203 communication. The
     * session stays in Idle until {@link #start()}.
     */
    public void stop(Optional<String> shutdownMessage) {
        Objects.requireNonNull(shutdownMessage, "shutdownMessage");
        runOnLoop(() -> {
            disposeOther();
            main.fire(new SessionEvent.ManualStop(shutdownMessage));
        }, null);
    }

    /** A future completed on the session's loop when the session is (or next becomes) in {@code wanted}. */
    public CompletableFuture<SessionState> whenState(SessionState wanted) {
        CompletableFuture<SessionState> f = new CompletableFuture<>();
        runOnLoop(() -> {
            if (state == wanted) {
                f.complete(wanted);
            } else {
                waiters.add(new Waiter(wanted, f));
            }
        }, null);
        return f;
    }

    /** Waits at most {@code timeout} for the session to be in {@code wanted}; whether it got there. */
    public boolean awaitState(SessionState wanted, Duration timeout) throws InterruptedException {
        try {
            whenState(wanted).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Sends one whole UPDATE message (header included, e.g. from the wire encoders). Ownership of
     * {@code update} passes to the session, which releases it once written, or at once when the
     * session is not Established (then nothing is sent).
     *
     * @return whether the connection is still writable; when {@code false}, pause until a
     *         {@link SessionNotice.WritabilityChanged} with {@code true}
     */
    public boolean sendUpdate(ByteBuf update) {
        if (update.readableBytes() < 23 || update.getUnsignedByte(update.readerIndex() + 18) != MessageType.UPDATE.value()) {
            update.release();
            throw new IllegalArgumentException("not an UPDATE message");
        }
        runOnLoop(() -> {
            if (main.state() == SessionState.ESTABLISHED) {
                main.write(update);
            } else {
                update.release();
            }
        }, update);
        return isWritable();
    }

    /** Whether the connection takes more data without queueing past its high-water mark. */
    public boolean isWritable() {
        Connection m = main;
        return m != null && m.writable();
    }

    /**
     * Inbound back-pressure: stops reading from the connection, for a listener that hands UPDATEs to
     * a slower consumer and has too many waiting. Messages already read are still delivered; then TCP
     * flow control holds the peer back. While reading is paused the HoldTimer does not end the
     * session: the peer's KEEPALIVEs may be waiting unread in our socket, and the slowness is ours.
     * Undo with {@link #resumeReading()}; a new connection starts reading. Thread-safe.
     */
    public void pauseReading() {
        runOnLoop(() -> main.readPaused(true), null);
    }

    /** Reads from the connection again after {@link #pauseReading()}. Thread-safe. */
    public void resumeReading() {
        runOnLoop(() -> main.readPaused(false), null);
    }

    /**
     * Octets written to the connection that the socket has not taken yet (Netty's outbound buffer; the
     * connection turns unwritable past its high-water mark). 0 without a connection. Thread-safe.
     */
    public long pendingWriteBytes() {
        Connection m = main;
        return m != null ? m.pendingWriteBytes() : 0;
    }

    /** Asks the peer to re-send a family (RFC 2918); ignored unless Established with route refresh negotiated. */
    public void sendRouteRefresh(AddressFamily family) {
        runOnLoop(() -> {
            NegotiatedSession s = negotiated;
            if (main.state() == SessionState.ESTABLISHED && s != null && s.routeRefresh()) {
                RouteRefreshMessage rr = RouteRefreshMessage.request(family);
                ByteBuf buf = main.channel.alloc().buffer(rr.encodedLength());
                rr.encode(buf);
                main.write(buf);
            }
        }, null);
    }

    /**
     * Reports that an UPDATE was malformed in a way that RFC 7606 answers with a session reset:
     * Event 28 with this NOTIFICATION. (Treat-as-withdraw and attribute discard keep the session.)
     */
    public void updateError(NotificationMessage notification) {
        Objects.requireNonNull(notification, "notification");
        runOnLoop(() -> main.fire(new SessionEvent.UpdateMsgErr(notification)), null);
    }

    @Override
    public String toString() {
        return "BgpSession{" + name + ", " + state + "}";
    }

    // ------------------------------------------------------------------ driver internals

    BgpTransport transport() {
        return transport;
    }

    EventLoop loop() {
        return loop;
    }

    /** Runs {@code task} on the loop; if the loop refuses (shut down), releases {@code owned}. */
    void runOnLoop(Runnable task, ByteBuf owned) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            if (owned != null) {
                owned.release();
            }
        }
    }

    /** An accepted connection from this peer's address (on the loop). */
    void incoming(Channel ch) {
        if (removed) {
            ch.close();
            return;
        }
        SessionState s = main.state();
        if (s == SessionState.IDLE) {
            LOG.debug("{}: refusing connection while Idle", name);
            ch.close(); // §8.2.2: Idle refuses connections
            return;
        }
        if ((s == SessionState.CONNECT || s == SessionState.ACTIVE) && main.channel == null) {
            main.adoptIncoming(ch);
            return;
        }
        boolean established = s == SessionState.ESTABLISHED;
        if (other != null || (established && !config.session().collisionDetectEstablishedState())) {
            // §6.8: a connection colliding with an Established one is closed unconditionally.
            LOG.info("{}: refusing a second connection in {}", name, s);
            NotificationMessage rejected = Notifications.cease(Subcodes.Cease.CONNECTION_REJECTED);
            ByteBuf buf = ch.alloc().buffer(rejected.encodedLength());
            rejected.encode(buf);
            ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // Track the second connection until its OPEN arrives (§8.2.2, Events 16/17 "tracked").
        other = newConnection(CollisionRule.Slot.INCOMING);
        other.fire(SessionEvent.ManualStartPassive.INSTANCE);
        other.adoptIncoming(ch);
    }

    /** After an OPEN was processed on {@code c}: resolve a collision if both connections have one under way. */
    void openProcessed(Connection c) {
        if (other == null) {
            return;
        }
        Optional<NegotiatedSession> known = c.fsm.negotiated();
        if (known.isEmpty()) {
            return;
        }
        Connection outgoing = main.slot == CollisionRule.Slot.OUTGOING ? main : other;
        Connection incoming = outgoing == main ? other : main;
        SessionConfig sc = config.session();
        Optional<CollisionRule.Slot> loser = CollisionRule.loser(sc.bgpIdentifier(), sc.localAs(),
                known.get().peerIdentifier(), known.get().peerAs(), outgoing.state(), incoming.state(),
                sc.collisionDetectEstablishedState());
        if (loser.isEmpty()) {
            return;
        }
        Connection lose = loser.get() == CollisionRule.Slot.OUTGOING ? outgoing : incoming;
        LOG.info("{}: connection collision, closing the {} connection (identifiers {} local, {} peer)", name,
                loser.get(), BgpIdentifiers.toText(sc.bgpIdentifier()), BgpIdentifiers.toText(known.get().peerIdentifier()));
        if (lose == main) {
            SessionState before = main.state();
            main = other;
            other = null;
            lose.fire(SessionEvent.OpenCollisionDump.INSTANCE); // not main any more: its state changes are not the session's
            lose.dispose();
            stateChanged(main, before, main.state());
        } else {
            other = null;
            lose.fire(SessionEvent.OpenCollisionDump.INSTANCE);
            lose.dispose();
        }
    }

    private void disposeOther() {
        if (other != null) {
            other.dispose();
            other = null;
        }
    }

    void stateChanged(Connection c, SessionState from, SessionState to) {
        if (c != main) {
            LOG.debug("{}: second connection {} -> {}", name, from, to);
            if (c == other && to == SessionState.IDLE) {
                loop.execute(this::disposeOtherIfIdle);
            }
            if (c == other && to == SessionState.ESTABLISHED) {
                // The main connection never got far enough to collide (DelayOpen): the second one wins.
                Connection old = main;
                SessionState before = old.state();
                main = other;
                other = null;
                old.fire(SessionEvent.OpenCollisionDump.INSTANCE);
                old.dispose();
                stateChanged(main, before, to); // its SessionUp action follows and announces Established
            }
            return;
        }
        if (to == SessionState.IDLE && from != SessionState.ESTABLISHED && other != null
                && other.state() != SessionState.IDLE) {
            // §6.8: the peer resolved a collision first and closed our connection (Cease / Connection
            // Collision Resolution), or it failed otherwise, while its own connection is alive. Carry on
            // with that one rather than let the Idle machine dial a third connection: FRR with graceful
            // restart takes a new connection from an Established peer for a restart and drops the session.
            Connection failed = main;
            main = other;
            other = null;
            failed.dispose();
            to = main.state();
            LOG.info("{}: continuing on the peer's connection in {}", name, to);
        }
        if (from == to) {
            return;
        }
        state = to;
        if (to != SessionState.ESTABLISHED) {
            negotiated = main.fsm.negotiated().orElse(null);
        }
        LOG.info("{}: {} -> {}", name, from, to);
        notice(new SessionNotice.StateChanged(from, to));
        for (int i = waiters.size() - 1; i >= 0; i--) {
            Waiter w = waiters.get(i);
            if (w.state == to) {
                waiters.remove(i);
                w.future.complete(to);
            }
        }
    }

    private void disposeOtherIfIdle() {
        if (other != null && other.state() == SessionState.IDLE) {
            disposeOther();
        }
    }

    void established(Connection c, NegotiatedSession s) {
        if (c != main) {
            return;
        }
        negotiated = s;
        LOG.info("{}: established, hold {} s, families {}", name, s.holdTimeSeconds(), s.families());
        notice(new SessionNotice.Established(s));
    }

    void down(Connection c, SessionAction.SessionDown d) {
        if (c == main) {
            notice(new SessionNotice.Down(d.sent(), d.received()));
        }
    }

    void notificationSent(Connection c, NotificationMessage n) {
        LOG.warn("{}: NOTIFICATION sent: {}", name, n);
        notice(new SessionNotice.NotificationSent(n));
    }

    void notificationReceived(Connection c, NotificationMessage n) {
        LOG.warn("{}: NOTIFICATION received: {}", name, n);
        notice(new SessionNotice.NotificationReceived(n));
    }

    void writabilityChanged(Connection c, boolean writable) {
        if (c == main) {
            notice(new SessionNotice.WritabilityChanged(writable));
        }
    }

    void deliverUpdate(ByteBuf update) {
        try {
            listener.onUpdate(this, update);
        } catch (RuntimeException e) {
            LOG.error("{}: UPDATE listener failed", name, e);
        }
    }

    void deliverRouteRefresh(RouteRefreshMessage request) {
        NegotiatedSession s = negotiated;
        if (s == null || !s.families().contains(request.family())) {
            // RFC 2918 §4: a ROUTE-REFRESH for a family not in use on this session is ignored.
            LOG.info("{}: ROUTE-REFRESH for {} ignored: the family was not negotiated", name, request.family());
            return;
        }
        try {
            listener.onRouteRefresh(this, request);
        } catch (RuntimeException e) {
            LOG.error("{}: ROUTE-REFRESH listener failed", name, e);
        }
    }

    private void notice(SessionNotice n) {
        try {
            listener.onNotice(this, n);
        } catch (RuntimeException e) {
            LOG.error("{}: notice listener failed", name, e);
        }
    }

    void logSocketError(Channel ch, Throwable cause) {
        LOG.info("{}: socket error on {}: {}", name, ch, cause.toString());
    }

    void logConnectFailure(Throwable cause) {
        LOG.debug("{}: connect failed: {}", name, cause == null ? "cancelled" : cause.toString());
    }

    /**
     * Called by the transport to go away without a NOTIFICATION (on the loop): the connections are
     * closed after what was written is flushed, the state machine sees no event, no notice follows.
     */
    void abort() {
        removed = true;
        disposeOther();
        LOG.info("{}: closing the connection without NOTIFICATION (graceful restart)", name);
        main.dispose();
    }

    /** Called by the transport when the peer is removed or the transport closes (on the loop). */
    void shutdown(Optional<String> message) {
        removed = true;
        disposeOther();
        if (main.state() != SessionState.IDLE) {
            main.fire(new SessionEvent.ManualStop(message));
        }
        main.dispose();
    }
}

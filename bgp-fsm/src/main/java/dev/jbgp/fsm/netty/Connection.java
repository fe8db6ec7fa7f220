package dev.jbgp.fsm.netty;

import dev.jbgp.fsm.CollisionRule;
import dev.jbgp.fsm.NegotiatedSession;
import dev.jbgp.fsm.SessionAction;
import dev.jbgp.fsm.SessionEvent;
import dev.jbgp.fsm.SessionFsm;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.fsm.SessionTimer;
import dev.jbgp.wire.BgpFrameDecoder;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.message.KeepaliveMessage;
import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.OpenMessage;
import dev.jbgp.wire.message.RouteRefreshMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One state machine and the TCP connection it currently drives, with its timers, its inbound
 * cumulation and its pending flush. A session has one, and a second one while a connection
 * collision (RFC 4271 §6.8) is being resolved. Confined to the session's event loop.
 */
final class Connection {

    private final BgpSession session;
    final SessionFsm fsm;
    /** Which side opened the current channel. */
    CollisionRule.Slot slot;
    /** The connected channel, or null. */
    Channel channel;
    /** An outgoing connection attempt in progress, or null. */
    private ChannelFuture connecting;
    private final Map<SessionTimer, ScheduledFuture<?>> timers = new EnumMap<>(SessionTimer.class);
    private ByteBuf cumulation;
    private BgpFrameDecoder frameDecoder = BgpFrameDecoder.STANDARD;
    private boolean enhancedRouteRefresh;
    private boolean flushScheduled;
    private ChannelFuture lastWrite;
    private boolean disposed;
    /** Reading stopped by inbound back-pressure ({@link BgpSession#pauseReading()}). */
    private boolean readPaused;

    /**
     * How long a closing connection may take to flush what is queued (a NOTIFICATION, typically)
     * before it is closed anyway: a peer that stopped reading (RFC 9687) never lets the flush finish,
     * and waiting for it would keep the channel and its outbound buffer forever.
     */
    static final long CLOSE_GRACE_MILLIS = 2000;

    Connection(BgpSession session, SessionFsm fsm, CollisionRule.Slot slot) {
        this.session = session;
        this.fsm = fsm;
        this.slot = slot;
    }

    BgpSession session() {
        return session;
    }

    SessionState state() {
        return fsm.state();
    }

    /** Feeds one event to the state machine and carries out its actions. */
    void fire(SessionEvent event) {
        fire(event, null, null);
    }

    /**
     * Feeds an event; {@code update} (owned by this call) goes to the listener when the machine says
     * {@link SessionAction.DeliverUpdate}, and {@code refresh} when it says DeliverRouteRefresh.
     */
    private void fire(SessionEvent event, ByteBuf update, RouteRefreshMessage refresh) {
        if (disposed) {
            if (update != null) {
                update.release();
            }
            return;
        }
        List<SessionAction> actions = fsm.handle(event);
        try {
            for (SessionAction a : actions) {
                if (a instanceof SessionAction.DeliverUpdate) {
                    ByteBuf u = update;
                    update = null;
                    session.deliverUpdate(u);
                } else if (a instanceof SessionAction.DeliverRouteRefresh) {
                    session.deliverRouteRefresh(refresh);
                } else {
                    carryOut(a);
                }
            }
        } finally {
            if (update != null) {
                update.release();
            }
        }
    }

    private void carryOut(SessionAction a) {
        if (a instanceof SessionAction.StateChange sc) {
            session.stateChanged(this, sc.from(), sc.to());
        } else if (a instanceof SessionAction.ConnectTcp) {
            connect();
        } else if (a instanceof SessionAction.DropTcp) {
            drop();
        } else if (a instanceof SessionAction.ReleaseResources) {
            releaseInbound();
            frameDecoder = BgpFrameDecoder.STANDARD;
        } else if (a instanceof SessionAction.SendOpen open) {
            write(encode(open.open().encodedLength(), open.open()::encode));
        } else if (a instanceof SessionAction.SendKeepalive) {
            write(encode(KeepaliveMessage.INSTANCE.encodedLength(), KeepaliveMessage.INSTANCE::encode));
        } else if (a instanceof SessionAction.SendNotification sn) {
            NotificationMessage n = sn.notification();
            write(encode(n.encodedLength(), n::encode));
            session.notificationSent(this, n);
        } else if (a instanceof SessionAction.StartTimer st) {
            startTimer(st.timer(), st.after().toNanos());
        } else if (a instanceof SessionAction.StopTimer st) {
            ScheduledFuture<?> f = timers.remove(st.timer());
            if (f != null) {
                f.cancel(false);
            }
        } else if (a instanceof SessionAction.SessionUp up) {
            session.established(this, up.session());
        } else if (a instanceof SessionAction.SessionDown down) {
            session.down(this, down);
        }
    }

    // ------------------------------------------------------------------ TCP

    private void connect() {
        if (channel != null || connecting != null) {
            return;
        }
        ChannelFuture f = session.transport().connect(session, this);
        connecting = f;
        f.addListener((ChannelFutureListener) done -> {
            if (connecting != done) {
                if (done.isSuccess()) {
                    done.channel().close(); // abandoned meanwhile (DropTcp, or an incoming connection won)
                }
                return;
            }
            connecting = null;
            if (done.isSuccess()) {
                attach(done.channel(), CollisionRule.Slot.OUTGOING);
                fire(SessionEvent.TcpCrAcked.INSTANCE);
            } else {
                session.logConnectFailure(done.cause());
                fire(SessionEvent.TcpConnectionFails.INSTANCE);
            }
        });
    }

    /** Takes over a connected channel (outgoing, or an accepted incoming one). */
    void attach(Channel ch, CollisionRule.Slot from) {
        abandonConnectAttempt();
        channel = ch;
        slot = from;
        readPaused = false;
        ch.pipeline().addLast("bgp", new ChannelBridge(this));
    }

    /** Adopts an accepted connection while waiting in Connect or Active (Event 17). */
    void adoptIncoming(Channel ch) {
        attach(ch, CollisionRule.Slot.INCOMING);
        fire(SessionEvent.TcpConnectionConfirmed.INSTANCE);
    }

    private void abandonConnectAttempt() {
        ChannelFuture f = connecting;
        connecting = null;
        if (f != null && !f.isDone()) {
            f.cancel(false);
            f.channel().close();
        }
    }

    private void drop() {
        abandonConnectAttempt();
        Channel ch = channel;
        channel = null;
        readPaused = false;
        releaseInbound();
        if (ch != null) {
            // Flush what is queued (a NOTIFICATION, typically) before closing.
            flushAndClose(ch);
        }
        lastWrite = null;
    }

    /** Stops or resumes reading from the current channel (inbound back-pressure). */
    void readPaused(boolean paused) {
        readPaused = paused;
        Channel ch = channel;
        if (ch != null) {
            ch.config().setAutoRead(!paused);
        }
    }

    long pendingWriteBytes() {
        Channel ch = channel;
        ChannelOutboundBuffer pending = ch == null ? null : ch.unsafe().outboundBuffer();
        return pending == null ? 0 : pending.totalPendingWriteBytes();
    }

    /** Flushes what is queued, then closes; closes anyway after {@link #CLOSE_GRACE_MILLIS}. */
    private static void flushAndClose(Channel ch) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        if (ch.isOpen()) {
            ch.eventLoop().schedule(() -> {
                if (ch.isOpen()) {
                    ch.close();
                }
            }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    void onInactive(Channel ch) {
        if (ch == channel) {
            channel = null;
            releaseInbound();
            fire(SessionEvent.TcpConnectionFails.INSTANCE);
        }
    }

    void onWritability(Channel ch, boolean writable) {
        if (ch != channel) {
            return;
        }
        // RFC 9687: a peer that stops reading arms the SendHoldTimer; progress disarms it.
        fire(writable ? SessionEvent.SendProgress.INSTANCE : SessionEvent.SendBlocked.INSTANCE);
        session.writabilityChanged(this, writable);
    }

    // ------------------------------------------------------------------ inbound

    /** Consumes a chunk of bytes read from {@code ch}; always releases {@code buf}. */
    void onRead(Channel ch, ByteBuf buf) {
        if (ch != channel || disposed) {
            buf.release();
            return;
        }
        cumulation = cumulate(ch.alloc(), cumulation, buf);
        while (channel == ch && cumulation != null) {
            ByteBuf frame;
            try {
                frame = frameDecoder.decode(cumulation);
            } catch (BgpDecodeException e) {
                releaseInbound();
                fire(new SessionEvent.BgpHeaderErr(NotificationMessage.from(e)));
                return;
            }
            if (frame == null) {
                break;
            }
            dispatch(frame);
        }
        if (cumulation != null) {
            if (!cumulation.isReadable()) {
                releaseInbound();
            } else if (cumulation.refCnt() == 1) {
                cumulation.discardSomeReadBytes(); // only when no retained slice shares the memory
            }
        }
    }

    /**
     * Appends {@code in} (released here) to the cumulation. A cumulation still shared with a
     * retained UPDATE slice is never written into or resized: its bytes are copied to a new buffer.
     */
    private static ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (cumulation == null) {
            return in;
        }
        try {
            if (cumulation.refCnt() == 1 && cumulation.maxWritableBytes() >= in.readableBytes()) {
                cumulation.writeBytes(in);
                return cumulation;
            }
            ByteBuf merged = alloc.buffer(cumulation.readableBytes() + in.readableBytes());
            merged.writeBytes(cumulation).writeBytes(in);
            cumulation.release();
            return merged;
        } finally {
            in.release();
        }
    }

    /** Turns one framed message into its event; owns {@code frame}. */
    private void dispatch(ByteBuf frame) {
        MessageType type = BgpFrameDecoder.typeOf(frame);
        if (type == MessageType.UPDATE) {
            // The session never parses an UPDATE: the listener gets the slice (RFC 4271 §9 is the RIB's job).
            fire(SessionEvent.UpdateMsg.INSTANCE, frame, null);
            return;
        }
        SessionEvent event;
        RouteRefreshMessage refresh = null;
        try {
            switch (type) {
                case OPEN: {
                    OpenMessage open;
                    try {
                        open = OpenMessage.decode(frame);
                    } catch (BgpDecodeException e) {
                        event = new SessionEvent.BgpOpenMsgErr(NotificationMessage.from(e));
                        break;
                    }
                    event = new SessionEvent.BgpOpen(open);
                    break;
                }
                case NOTIFICATION: {
                    NotificationMessage n = NotificationMessage.decode(frame);
                    session.notificationReceived(this, n);
                    event = SessionEvent.notificationReceived(n);
                    break;
                }
                case KEEPALIVE:
                    KeepaliveMessage.decode(frame);
                    event = SessionEvent.KeepAliveMsg.INSTANCE;
                    break;
                case ROUTE_REFRESH:
                    refresh = RouteRefreshMessage.decode(frame, enhancedRouteRefresh);
                    event = SessionEvent.RouteRefreshMsg.INSTANCE;
                    break;
                default:
                    throw new AssertionError(type);
            }
        } catch (BgpDecodeException e) {
            // A bad header or a badly sized ROUTE-REFRESH: send its NOTIFICATION and reset (RFC 4271 §6.1, RFC 7313 §5).
            event = new SessionEvent.BgpHeaderErr(NotificationMessage.from(e));
        } finally {
            frame.release();
        }
        fire(event, null, refresh);
        if (type == MessageType.OPEN) {
            fsm.negotiated().ifPresent(this::negotiated);
            session.openProcessed(this);
        }
    }

    /** From OpenConfirm on, frames may be as long as negotiated (RFC 8654). */
    private void negotiated(NegotiatedSession s) {
        enhancedRouteRefresh = s.enhancedRouteRefresh();
        frameDecoder = BgpFrameDecoder.forSession(s.codecContext(), s.enhancedRouteRefresh());
    }

    private void releaseInbound() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    // ------------------------------------------------------------------ outbound

    private interface Encoder {
        void encode(ByteBuf out);
    }

    private ByteBuf encode(int length, Encoder encoder) {
        ByteBuf out = (channel != null ? channel.alloc() : ByteBufAllocator.DEFAULT).buffer(length);
        encoder.encode(out);
        return out;
    }

    /** Queues a whole message (ownership passes here); one flush per event-loop turn. */
    void write(ByteBuf message) {
        Channel ch = channel;
        if (ch == null) {
            message.release();
            return;
        }
        lastWrite = ch.write(message);
        if (!flushScheduled) {
            flushScheduled = true;
            session.loop().execute(this::flush);
        }
    }

    boolean writable() {
        Channel ch = channel;
        return ch != null && ch.isWritable();
    }

    private void flush() {
        flushScheduled = false;
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        ch.flush();
        ChannelFuture last = lastWrite;
        if (ch.eventLoop() == session.loop() && last != null && !last.isDone() && sendPending(ch)) {
            // RFC 9687: the socket did not take everything, so the peer may have stopped reading. The
            // SendHoldTimer runs while data waits; each batch that reaches the socket is progress and
            // restarts it, and it keeps running only if data is still waiting after that.
            fire(SessionEvent.SendBlocked.INSTANCE);
            last.addListener(done -> {
                if (channel == ch && done.isSuccess()) {
                    fire(SessionEvent.SendProgress.INSTANCE);
                    if (sendPending(ch)) {
                        fire(SessionEvent.SendBlocked.INSTANCE);
                    }
                }
            });
        }
    }

    private static boolean sendPending(Channel ch) {
        ChannelOutboundBuffer pending = ch.unsafe().outboundBuffer();
        return pending != null && pending.totalPendingWriteBytes() > 0;
    }

    // ------------------------------------------------------------------ timers

    private void startTimer(SessionTimer timer, long nanos) {
        ScheduledFuture<?> old = timers.remove(timer);
        if (old != null) {
            old.cancel(false);
        }
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = session.loop().schedule(() -> {
            // A timer stopped or restarted meanwhile is not the one in the map any more.
            if (timers.get(timer) == self[0]) {
                timers.remove(timer);
                if (timer == SessionTimer.HOLD && readPaused && channel != null) {
                    // We stopped reading (inbound back-pressure): the peer's KEEPALIVEs may be in our
                    // socket unread, so the silence is ours. Wait another hold time instead.
                    startTimer(timer, nanos);
                    return;
                }
                fire(timer.expiryEvent());
            }
        }, nanos, TimeUnit.NANOSECONDS);
        timers.put(timer, self[0]);
    }

    /** Forgets this connection: timers cancelled, channel closed, no more events. */
    void dispose() {
        disposed = true;
        for (ScheduledFuture<?> f : timers.values()) {
            f.cancel(false);
        }
        timers.clear();
        Channel ch = channel;
        channel = null;
        abandonConnectAttempt();
        releaseInbound();
        if (ch != null) {
            flushAndClose(ch);
        }
    }
}

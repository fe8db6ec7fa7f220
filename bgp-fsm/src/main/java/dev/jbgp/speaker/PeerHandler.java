package dev.jbgp.speaker;

import dev.jbgp.fsm.NegotiatedSession;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.fsm.netty.BgpSession;
import dev.jbgp.fsm.netty.SessionListener;
import dev.jbgp.fsm.netty.SessionNotice;
import dev.jbgp.rib.PeerId;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.message.RouteRefreshMessage;
import dev.jbgp.wire.message.UpdateBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ScheduledFuture;

/**
 * The speaker's side of one neighbour: the driver's {@link SessionListener} (called on the session's
 * event loop, where it only hands work to the RIB thread) and the per-session state the RIB thread
 * keeps (the peer's {@link PeerId} while up, counters, encoded UPDATEs waiting for the channel to
 * become writable). Every field is confined to the RIB thread except those marked volatile.
 */
final class PeerHandler implements SessionListener {

    final BgpSpeaker speaker;
    Neighbor neighbor;
    BgpSession session;

    // RIB thread only.
    PeerId peerId;
    PeerId stalePeer;
    ScheduledFuture<?> staleTimer;
    NegotiatedSession negotiated;
    CodecContext ctx;
    UpdateBuilder builder;
    /** NLRI announcements received in the current session. */
    long received;
    /** UPDATE messages received and handed to the session, since the neighbour was added. */
    long updatesReceived;
    long updatesSent;
    long notificationsReceived;
    long notificationsSent;
    /** The AS the neighbour announced in its last OPEN; 0 before its first session. */
    long learnedAs;
    /** Our End-of-RIB for this session still waits for the end of a restart (RFC 4724 §4.1). */
    boolean endOfRibPending;
    long refreshRequests;
    boolean warned;
    boolean limitHit;
    ScheduledFuture<?> restartTimer;
    boolean flushScheduled;
    /** What the session still has to be sent, encoded one UPDATE at a time as the channel drains. */
    final ArrayDeque<OutboundWork> outbound = new ArrayDeque<>();
    SessionState state = SessionState.IDLE;
    Optional<Instant> since = Optional.empty();
    Optional<String> lastError = Optional.empty();
    /** Leaving Established is published once both the state change and the Down notice (with its reason) are in. */
    SessionNotice.StateChanged pendingLeave;
    Optional<String> downReason;

    PeerHandler(BgpSpeaker speaker, Neighbor neighbor) {
        this.speaker = speaker;
        this.neighbor = neighbor;
    }

    /**
     * Inbound back-pressure: past this many octets of received UPDATEs waiting for the RIB thread the
     * session stops reading from its socket, so TCP slows a peer that sends faster than we apply.
     */
    static final long INBOUND_HIGH_WATER = 1 << 20;
    /** ... and it reads again once the RIB thread has brought the backlog down to this. */
    static final long INBOUND_LOW_WATER = 256 << 10;

    /** Octets of UPDATEs handed to the RIB thread and not yet applied (event loop adds, RIB thread subtracts). */
    private final AtomicLong inboundQueued = new AtomicLong();
    /** The largest {@link #inboundQueued} seen, for tests and diagnostics. */
    private final AtomicLong inboundPeak = new AtomicLong();

    @Override
    public void onUpdate(BgpSession s, ByteBuf update) {
        int length = update.readableBytes();
        long queued = inboundQueued.addAndGet(length);
        inboundPeak.accumulateAndGet(queued, Math::max);
        if (queued > INBOUND_HIGH_WATER) {
            s.pauseReading(); // we are on the session's loop: the read loop stops after this chunk
        }
        // Ownership of the retained slice passes to the RIB thread, which releases it after applying.
        boolean queuedOnRib = speaker.onRibThread(() -> {
            try {
                speaker.applyUpdate(this, s, update);
            } finally {
                applied(s, length);
            }
        });
        if (!queuedOnRib) {
            update.release();
            applied(s, length);
        }
    }

    /** One UPDATE left the backlog; crossing the low-water mark downwards lets the session read again. */
    private void applied(BgpSession s, int length) {
        long left = inboundQueued.addAndGet(-length);
        if (left <= INBOUND_LOW_WATER && left + length > INBOUND_LOW_WATER) {
            s.resumeReading();
        }
    }

    /** Octets of received UPDATEs waiting for the RIB thread now. */
    long inboundQueued() {
        return inboundQueued.get();
    }

    /** The most octets of received UPDATEs that ever waited for the RIB thread at once. */
    long inboundPeak() {
        return inboundPeak.get();
    }

    @Override
    public void onRouteRefresh(BgpSession s, RouteRefreshMessage request) {
        speaker.onRibThread(() -> speaker.routeRefreshRequested(this, s, request));
    }

    @Override
    public void onNotice(BgpSession s, SessionNotice notice) {
        speaker.onRibThread(() -> speaker.sessionNotice(this, s, notice));
    }

    /** Keeps the message counters of the handler this one replaces (a reconfiguration that needed a new session). */
    void carryCountersFrom(PeerHandler old) {
        updatesReceived = old.updatesReceived;
        updatesSent = old.updatesSent;
        notificationsReceived = old.notificationsReceived;
        // The old session is being stopped with a Cease when it got as far as OpenSent (RFC 4271 §8.2.2
        // ManualStop); that notice reaches the old handler, which nobody reads any more.
        boolean ceased = old.state == SessionState.OPEN_SENT || old.state == SessionState.OPEN_CONFIRM
                || old.state == SessionState.ESTABLISHED;
        notificationsSent = old.notificationsSent + (ceased ? 1 : 0);
    }


    /** The next encoded UPDATE to write (the caller owns it), or null when nothing waits. */
    ByteBuf nextOutbound(ByteBufAllocator alloc) {
        OutboundWork w;
        while ((w = outbound.peek()) != null) {
            ByteBuf m = w.next(this, alloc);
            if (m != null) {
                return m;
            }
            outbound.poll().release();
        }
        return null;
    }

    /** Forgets everything still waiting to be sent (the session went down or the speaker closes). */
    void dropOutbound() {
        OutboundWork w;
        while ((w = outbound.poll()) != null) {
            w.release();
        }
    }
}

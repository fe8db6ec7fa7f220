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

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
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
    final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>();
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

    @Override
    public void onUpdate(BgpSession s, ByteBuf update) {
        // Ownership of the retained slice passes to the RIB thread, which releases it after applying.
        if (!speaker.onRibThread(() -> speaker.applyUpdate(this, s, update))) {
            update.release();
        }
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

    /** Releases every encoded UPDATE still waiting to be written. */
    void dropOutbound() {
        ByteBuf b;
        while ((b = outbound.poll()) != null) {
            b.release();
        }
    }
}

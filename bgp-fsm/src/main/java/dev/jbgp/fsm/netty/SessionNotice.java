package dev.jbgp.fsm.netty;

import dev.jbgp.fsm.NegotiatedSession;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.wire.message.NotificationMessage;

import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened to a session, for a {@link SessionListener} to observe (and for the
 * driver to log). Immutable; holds no {@code ByteBuf}.
 */
public sealed interface SessionNotice {

    /** The session's state changed. */
    record StateChanged(SessionState from, SessionState to) implements SessionNotice {
        public StateChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** The session reached Established with these negotiated parameters. */
    record Established(NegotiatedSession session) implements SessionNotice {
        public Established {
            Objects.requireNonNull(session, "session");
        }
    }

    /** The session left Established; its routes are no longer valid (unless kept for graceful restart). */
    record Down(Optional<NotificationMessage> sent, Optional<NotificationMessage> received) implements SessionNotice {
        public Down {
            Objects.requireNonNull(sent, "sent");
            Objects.requireNonNull(received, "received");
        }
    }

    /** We sent this NOTIFICATION ({@link NotificationMessage#describe()} gives the reason in words). */
    record NotificationSent(NotificationMessage notification) implements SessionNotice {
        public NotificationSent {
            Objects.requireNonNull(notification, "notification");
        }
    }

    /** The peer sent this NOTIFICATION (with its RFC 8203 shutdown communication, if any). */
    record NotificationReceived(NotificationMessage notification) implements SessionNotice {
        public NotificationReceived {
            Objects.requireNonNull(notification, "notification");
        }
    }

    /**
     * Back-pressure: {@code false} when the peer stopped reading and the outbound buffer passed its
     * high-water mark (a producer of UPDATEs should pause), {@code true} when it drained again.
     */
    record WritabilityChanged(boolean writable) implements SessionNotice {
    }
}

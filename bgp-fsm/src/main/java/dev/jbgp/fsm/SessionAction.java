package dev.jbgp.fsm;

import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.OpenMessage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An output of the state machine, for the driver to carry out in list order (a NOTIFICATION is
 * always listed before the {@link DropTcp} that follows it). Actions carry no {@code ByteBuf}.
 */
public sealed interface SessionAction {

    /** The state changed; emitted first in the list of the event that caused it. */
    record StateChange(SessionState from, SessionState to) implements SessionAction {
    }

    /** "Initiates a TCP connection to the other BGP peer". */
    record ConnectTcp() implements SessionAction {
        public static final ConnectTcp INSTANCE = new ConnectTcp();
    }

    /** "Drops the TCP connection" (and abandons a pending outgoing connection attempt). */
    record DropTcp() implements SessionAction {
        public static final DropTcp INSTANCE = new DropTcp();
    }

    /** "Releases all BGP resources" held for the connection. */
    record ReleaseResources() implements SessionAction {
        public static final ReleaseResources INSTANCE = new ReleaseResources();
    }

    /** Send our OPEN with these contents. */
    record SendOpen(OpenMessage open) implements SessionAction {
        public SendOpen {
            Objects.requireNonNull(open, "open");
        }
    }

    /** Send a KEEPALIVE. */
    record SendKeepalive() implements SessionAction {
        public static final SendKeepalive INSTANCE = new SendKeepalive();
    }

    /** Send this NOTIFICATION (then, in the same list, the connection is dropped). */
    record SendNotification(NotificationMessage notification) implements SessionAction {
        public SendNotification {
            Objects.requireNonNull(notification, "notification");
        }
    }

    /** (Re)start a timer: cancel it if scheduled, then fire its expiry event after {@code after}. */
    record StartTimer(SessionTimer timer, Duration after) implements SessionAction {
        public StartTimer {
            Objects.requireNonNull(timer, "timer");
            if (after.isNegative() || after.isZero()) {
                throw new IllegalArgumentException("a started timer has a positive duration: " + after);
            }
        }
    }

    /** Stop a timer ("sets it to zero"); a no-op if it is not scheduled. */
    record StopTimer(SessionTimer timer) implements SessionAction {
        public StopTimer {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** Hand the UPDATE of the current {@link SessionEvent.UpdateMsg} to the route processing. */
    record DeliverUpdate() implements SessionAction {
        public static final DeliverUpdate INSTANCE = new DeliverUpdate();
    }

    /** Hand the ROUTE-REFRESH of the current {@link SessionEvent.RouteRefreshMsg} to the route processing. */
    record DeliverRouteRefresh() implements SessionAction {
        public static final DeliverRouteRefresh INSTANCE = new DeliverRouteRefresh();
    }

    /** The session reached Established with these negotiated parameters. */
    record SessionUp(NegotiatedSession session) implements SessionAction {
        public SessionUp {
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * The session left Established: "deletes all routes associated with this connection" (or keeps
     * them stale for graceful restart, the route processing's choice).
     *
     * @param sent     the NOTIFICATION we sent, if any
     * @param received the NOTIFICATION the peer sent, if any
     */
    record SessionDown(Optional<NotificationMessage> sent, Optional<NotificationMessage> received) implements SessionAction {
        public SessionDown {
            Objects.requireNonNull(sent, "sent");
            Objects.requireNonNull(received, "received");
        }
    }
}

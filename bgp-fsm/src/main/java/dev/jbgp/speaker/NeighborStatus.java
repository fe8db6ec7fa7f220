package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One neighbour in a {@link SpeakerStatus}. Immutable and thread-safe.
 *
 * <p>Two kinds of counters: prefix counts ({@code prefixesReceived}, {@code accepted},
 * {@code advertised}) say how many routes, message counts ({@code updates*}, {@code notifications*})
 * how many BGP messages — one UPDATE carries many prefixes, and an End-of-RIB marker is an UPDATE
 * with none.
 *
 * @param address               the neighbour's address
 * @param remoteAs              the configured AS ({@link RemoteAs#external()} for "any AS but ours")
 * @param asn                   the neighbour's AS: the one its last OPEN announced once a session
 *                              came up, else the configured one; 0 for {@link RemoteAs#external()}
 *                              before the first session
 * @param state                 the session state
 * @param since                 when the session last entered or left Established (empty: never)
 * @param prefixesReceived      NLRI announcements received in the current session (each announcement
 *                              counts, also one that replaces an earlier route)
 * @param accepted              routes of the neighbour in our RIB after the import policy
 * @param advertised            paths in the neighbour's Adj-RIB-Out: one per prefix, or with ADD-PATH send
 *                              (RFC 7911) every path sent
 * @param updatesReceived       UPDATE messages received since the neighbour was added (all sessions)
 * @param updatesSent           UPDATE messages (End-of-RIB included) handed to the session for sending
 *                              since the neighbour was added (all sessions)
 * @param notificationsReceived NOTIFICATION messages received since the neighbour was added
 * @param notificationsSent     NOTIFICATION messages sent since the neighbour was added
 * @param refreshRequests       ROUTE-REFRESH requests received from the neighbour in the current
 *                              session (each answered by re-sending the Adj-RIB-Out)
 * @param lastError             the last NOTIFICATION sent or received, in words (empty: none yet)
 * @param description           the configured description
 */
public record NeighborStatus(InetAddress address, RemoteAs remoteAs, long asn, SessionState state,
                             Optional<Instant> since, long prefixesReceived, int accepted, int advertised,
                             long updatesReceived, long updatesSent, long notificationsReceived,
                             long notificationsSent, long refreshRequests, Optional<String> lastError,
                             Optional<String> description) {

    public NeighborStatus {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(remoteAs, "remoteAs");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(description, "description");
    }

    /** The AS as shown: the number, or {@code external} while an external neighbour's AS is unknown. */
    public String asText() {
        return asn == 0 ? remoteAs.toString() : Long.toString(asn);
    }

    /**
     * The NLRI announcements received in the current session.
     *
     * @deprecated a prefix count under a name that reads like a message count: use
     *             {@link #prefixesReceived()} (or {@link #updatesReceived()} for messages)
     */
    @Deprecated
    public long received() {
        return prefixesReceived;
    }
}

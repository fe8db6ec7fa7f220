package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One neighbour in a {@link SpeakerStatus}. Immutable and thread-safe.
 *
 * @param address     the neighbour's address
 * @param asn         the neighbour's AS (configured; the negotiated one when Established)
 * @param state       the session state
 * @param since       when the session last entered or left Established (empty: never)
 * @param received    NLRI announcements received in the current session (each announcement counts,
 *                    also one that replaces an earlier route)
 * @param accepted    routes of the neighbour in our RIB after the import policy
 * @param advertised  prefixes in the neighbour's Adj-RIB-Out
 * @param refreshRequests ROUTE-REFRESH requests received from the neighbour in the current session
 *                    (each answered by re-sending the Adj-RIB-Out)
 * @param lastError   the last NOTIFICATION sent or received, in words (empty: none yet)
 * @param description the configured description
 */
public record NeighborStatus(InetAddress address, long asn, SessionState state, Optional<Instant> since,
                             long received, int accepted, int advertised, long refreshRequests,
                             Optional<String> lastError,
                             Optional<String> description) {

    public NeighborStatus {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(description, "description");
    }
}

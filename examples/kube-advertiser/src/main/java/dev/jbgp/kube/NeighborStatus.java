package dev.jbgp.kube;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One neighbour as the speaker sees it, for {@code /status}, {@code /metrics} and {@code status}.
 * Immutable snapshot.
 *
 * @param address the neighbour's address
 * @param remoteAsn the neighbour's AS
 * @param state the RFC 4271 §8.2.2 session state name (Idle, Connect, Active, OpenSent, OpenConfirm,
 *     Established)
 * @param sinceLastChange how long the session has been in its current up or down condition
 */
public record NeighborStatus(InetAddress address, long remoteAsn, String state, Duration sinceLastChange) {

    public NeighborStatus {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(sinceLastChange, "sinceLastChange");
    }

    /** Whether the session is Established. */
    public boolean up() {
        return "Established".equals(state);
    }
}

package dev.jbgp.fsm;

/** The six states of a BGP session (RFC 4271 §8.2.2). */
public enum SessionState {
    /** Refuses connections; waits for a start event. */
    IDLE,
    /** Waiting for an outgoing TCP connection to complete. */
    CONNECT,
    /** Listening for an incoming TCP connection (or waiting to retry). */
    ACTIVE,
    /** OPEN sent, waiting for the peer's OPEN. */
    OPEN_SENT,
    /** OPENs exchanged, waiting for the peer's KEEPALIVE. */
    OPEN_CONFIRM,
    /** UPDATE, KEEPALIVE, NOTIFICATION and ROUTE-REFRESH may flow. */
    ESTABLISHED
}

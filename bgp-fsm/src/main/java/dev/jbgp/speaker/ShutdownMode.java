package dev.jbgp.speaker;

/**
 * How {@link BgpSpeaker#close(ShutdownMode)} ends its sessions.
 *
 * <p>jbgp does not announce the Notification (N) bit of RFC 8538, so a NOTIFICATION from us always
 * ends graceful restart at the peer: the only way to leave routes behind as stale is to close the
 * TCP connection without one (RFC 4724 §4.2).
 */
public enum ShutdownMode {

    /**
     * Every session past OpenSent gets Cease / Administrative Shutdown (RFC 4486 §3, with the RFC 8203
     * communication when given): the neighbours withdraw our routes at once. {@link BgpSpeaker#close()}.
     */
    ADMINISTRATIVE_SHUTDOWN,

    /**
     * We are about to restart: a neighbour that negotiated graceful restart with us sees its TCP
     * connection closed without a NOTIFICATION and keeps our routes, marked stale, for our announced
     * restart time (RFC 4724 §4.2). The next speaker, started with {@link SpeakerConfig#restarting()},
     * re-announces and then sends End-of-RIB, which lets the neighbour sweep what was not re-announced.
     * Neighbours without graceful restart get Cease / Administrative Shutdown as with
     * {@link #ADMINISTRATIVE_SHUTDOWN}.
     */
    GRACEFUL_RESTART
}

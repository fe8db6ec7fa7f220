package dev.jbgp.fsm.netty;

/** Which Netty transport a {@link BgpTransport} uses. */
public enum TransportKind {
    /** Native epoll when it is on the class path and loads, NIO otherwise. */
    AUTO,
    /** The JDK's NIO: portable, no TCP MD5. */
    NIO,
    /** Native epoll (Linux, {@code netty-transport-native-epoll}): needed for TCP MD5 (RFC 2385). */
    EPOLL
}

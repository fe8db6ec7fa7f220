package dev.jbgp.fsm.netty;

import dev.jbgp.fsm.SessionConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where and how to reach one peer: its address and port, our local address and port for the
 * connection, the TCP MD5 password (RFC 2385), and the {@link SessionConfig} of the session itself.
 * Immutable; build with {@link #builder()}.
 */
public final class PeerConfig {

    /** The BGP port (RFC 4271 §8.2.1). */
    public static final int BGP_PORT = 179;

    private final SessionConfig session;
    private final InetAddress remoteAddress;
    private final int remotePort;
    private final Optional<InetAddress> localAddress;
    private final int localPort;
    private final Optional<String> md5Password;
    private final Duration connectTimeout;
    private final OptionalInt ttl;
    private final OptionalInt minTtl;

    private PeerConfig(Builder b) {
        this.session = Objects.requireNonNull(b.session, "session");
        this.remoteAddress = Objects.requireNonNull(b.remoteAddress, "remoteAddress");
        if (b.remotePort < 1 || b.remotePort > 65535 || b.localPort < 0 || b.localPort > 65535) {
            throw new IllegalArgumentException("ports out of range: remote " + b.remotePort + ", local " + b.localPort);
        }
        this.remotePort = b.remotePort;
        this.localAddress = b.localAddress;
        this.localPort = b.localPort;
        if (b.md5Password.isPresent() && (b.md5Password.get().isEmpty() || b.md5Password.get().length() > 80)) {
            throw new IllegalArgumentException("a TCP MD5 password has 1..80 characters (the kernel key limit)");
        }
        this.md5Password = b.md5Password;
        if (b.connectTimeout.isNegative() || b.connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        this.connectTimeout = b.connectTimeout;
        for (OptionalInt t : new OptionalInt[] {b.ttl, b.minTtl}) {
            if (t.isPresent() && (t.getAsInt() < 1 || t.getAsInt() > 255)) {
                throw new IllegalArgumentException("a TTL is 1..255: " + t.getAsInt());
            }
        }
        this.ttl = b.ttl;
        this.minTtl = b.minTtl;
        if (localAddress.isPresent() && localAddress.get().getClass() != remoteAddress.getClass()) {
            throw new IllegalArgumentException("local and remote addresses must be of one family: "
                    + localAddress.get() + " / " + remoteAddress);
        }
    }

    /** A builder: port 179, any local address, no password, 5 s connect timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The session's configuration (AS numbers, timers, capabilities, passive or active). */
    public SessionConfig session() { return session; }

    /** The peer's address: outgoing connections go there, incoming ones must come from there. */
    public InetAddress remoteAddress() { return remoteAddress; }

    /** The peer's port for outgoing connections. */
    public int remotePort() { return remotePort; }

    /** The peer's socket address. */
    public InetSocketAddress remoteSocketAddress() { return new InetSocketAddress(remoteAddress, remotePort); }

    /**
     * Our address: outgoing connections are bound to it, and an incoming connection from the peer
     * to another of our addresses is refused. Empty: the system chooses, any local address accepts.
     */
    public Optional<InetAddress> localAddress() { return localAddress; }

    /** Our port for outgoing connections; 0 lets the system choose. */
    public int localPort() { return localPort; }

    /** The TCP MD5 signature password (RFC 2385); needs {@link TransportKind#EPOLL}. */
    public Optional<String> md5Password() { return md5Password; }

    /** How long an outgoing connection attempt may take. */
    public Duration connectTimeout() { return connectTimeout; }

    /**
     * The IP TTL (IPv6 hop limit) of our packets to the peer: a multihop eBGP session needs more than
     * the system default of 64 hops sometimes, GTSM (RFC 5082) sends 255. Empty: the system default.
     * Needs {@link TransportKind#EPOLL} (neither the JDK nor NIO can set a unicast TTL).
     */
    public OptionalInt ttl() { return ttl; }

    /**
     * GTSM (RFC 5082): the kernel drops the peer's packets that arrive with a lower TTL (IP_MINTTL,
     * IPV6_MINHOPCOUNT), 254 for a directly connected peer that sends 255. Empty: no check. Needs
     * {@link TransportKind#EPOLL}.
     */
    public OptionalInt minTtl() { return minTtl; }

    @Override
    public String toString() {
        return "PeerConfig{" + remoteAddress.getHostAddress() + ":" + remotePort
                + localAddress.map(a -> " from " + a.getHostAddress()).orElse("")
                + (md5Password.isPresent() ? " md5" : "") + ", " + session + "}";
    }

    /** Builds a {@link PeerConfig}; not thread-safe. */
    public static final class Builder {
        private SessionConfig session;
        private InetAddress remoteAddress;
        private int remotePort = BGP_PORT;
        private Optional<InetAddress> localAddress = Optional.empty();
        private int localPort;
        private Optional<String> md5Password = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private OptionalInt ttl = OptionalInt.empty();
        private OptionalInt minTtl = OptionalInt.empty();

        private Builder() {
        }

        private Builder(PeerConfig c) {
            session = c.session;
            remoteAddress = c.remoteAddress;
            remotePort = c.remotePort;
            localAddress = c.localAddress;
            localPort = c.localPort;
            md5Password = c.md5Password;
            connectTimeout = c.connectTimeout;
            ttl = c.ttl;
            minTtl = c.minTtl;
        }

        public Builder session(SessionConfig value) { session = value; return this; }

        public Builder remoteAddress(InetAddress value) { remoteAddress = value; return this; }

        public Builder remotePort(int value) { remotePort = value; return this; }

        public Builder localAddress(Optional<InetAddress> value) { localAddress = Objects.requireNonNull(value); return this; }

        public Builder localPort(int value) { localPort = value; return this; }

        public Builder md5Password(Optional<String> value) { md5Password = Objects.requireNonNull(value); return this; }

        public Builder connectTimeout(Duration value) { connectTimeout = Objects.requireNonNull(value); return this; }

        public Builder ttl(OptionalInt value) { ttl = Objects.requireNonNull(value); return this; }

        public Builder minTtl(OptionalInt value) { minTtl = Objects.requireNonNull(value); return this; }

        public PeerConfig build() {
            return new PeerConfig(this);
        }
    }
}

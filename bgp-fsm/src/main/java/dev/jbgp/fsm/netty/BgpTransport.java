package dev.jbgp.fsm.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Inet6Address;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of a BGP speaker: event loops (NIO, or native epoll for TCP MD5), the listening
 * sockets, and the configured peers. An accepted connection from an address that is not a
 * configured peer is closed at once, before any session state is allocated for it.
 *
 * <p>Thread-safe. Close it to stop every session (each peer past OpenSent gets a Cease) and
 * release the event loops.
 */
public final class BgpTransport implements AutoCloseable {

    /** Stand-ins that only tell {@code ttlOptions} which address family a listener has. */
    private static final InetAddress LOOPBACK_V4 = InetAddress.getLoopbackAddress();
    private static final InetAddress LOOPBACK_V6 = loopbackV6();


    private static final Logger LOG = LoggerFactory.getLogger(BgpTransport.class);

    private final Transports transports;
    private final EventLoopGroup group;
    private final Map<InetAddress, BgpSession> peers = new ConcurrentHashMap<>();
    private final List<Channel> servers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private BgpTransport(TransportKind kind, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.transports = Transports.of(kind);
        this.group = transports.newGroup(threads);
    }

    /**
     * A transport of this kind with this many event loop threads.
     *
     * @throws IllegalStateException for {@link TransportKind#EPOLL} when native epoll is not available
     */
    public static BgpTransport create(TransportKind kind, int threads) {
        return new BgpTransport(kind, threads);
    }

    /** A transport with native epoll when available, and one event loop thread. */
    public static BgpTransport create() {
        return new BgpTransport(TransportKind.AUTO, 1);
    }

    /** Whether this transport runs on native epoll (and so can sign with TCP MD5). */
    public boolean nativeEpoll() {
        return transports.epoll;
    }

    /**
     * Adds a peer; the session stays Idle until {@link BgpSession#start()}. An incoming connection
     * from {@link PeerConfig#remoteAddress()} is handed to this session.
     *
     * @throws IllegalStateException    when a TCP MD5 password is configured and this transport is
     *                                  not native epoll: jbgp never falls back to an unsigned session
     * @throws IllegalArgumentException when a peer with this address exists
     */
    public BgpSession addPeer(PeerConfig config, SessionListener listener) {
        Objects.requireNonNull(config, "config");
        if (closed) {
            throw new IllegalStateException("transport closed");
        }
        if (config.md5Password().isPresent() && !transports.epoll) {
            throw new IllegalStateException("peer " + config.remoteAddress().getHostAddress()
                    + " has a TCP MD5 password (RFC 2385), which needs the native epoll transport "
                    + "(io.netty:netty-transport-native-epoll, classifier linux-x86_64, on Linux); "
                    + "refusing to run the session unsigned");
        }
        if ((config.ttl().isPresent() || config.minTtl().isPresent()) && !transports.epoll) {
            throw new IllegalStateException("peer " + config.remoteAddress().getHostAddress()
                    + " sets a TTL or GTSM minimum TTL, which needs the native epoll transport: "
                    + "neither the JDK nor NIO sets a unicast TTL");
        }
        BgpSession session = new BgpSession(this, config, listener, group.next());
        if (peers.putIfAbsent(config.remoteAddress(), session) != null) {
            throw new IllegalArgumentException("a peer with address " + config.remoteAddress().getHostAddress() + " exists");
        }
        updateServerKeys();
        return session;
    }

    /** Stops a peer's session (Cease / Administrative Shutdown with {@code message}) and forgets the peer. */
    public void removePeer(BgpSession session, Optional<String> message) {
        if (peers.remove(session.config().remoteAddress(), session)) {
            session.runOnLoop(() -> session.shutdown(message), null);
            updateServerKeys();
        }
    }

    /**
     * Forgets a peer and closes its TCP connection without a NOTIFICATION: for a peer that negotiated
     * graceful restart this is how a restarting speaker goes away, so the peer keeps our routes as
     * stale until we are back (RFC 4724 §4.2). A Cease would make it withdraw them at once. What was
     * written before is flushed first; returns once the session has started closing (at most 5 s).
     */
    public void removePeerWithoutNotification(BgpSession session) {
        if (peers.remove(session.config().remoteAddress(), session)) {
            io.netty.util.concurrent.Future<?> done = session.loop().submit(session::abort);
            done.awaitUninterruptibly(5, TimeUnit.SECONDS);
            updateServerKeys();
        }
    }

    private static InetAddress loopbackV6() {
        try {
            return InetAddress.getByAddress(new byte[16]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configured peers' sessions. */
    public List<BgpSession> sessions() {
        return List.copyOf(peers.values());
    }

    /**
     * Listens for peers on {@code local} (port 0 picks a free port) and returns the bound address.
     * Blocks until bound.
     */
    public InetSocketAddress listen(InetSocketAddress local) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transports.serverChannelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                });
        ChannelFuture f = b.bind(local).sync();
        ServerChannel server = (ServerChannel) f.channel();
        servers.add(server);
        updateServerKeys();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        LOG.info("listening for BGP on {}", bound);
        return bound;
    }

    /** Hands an accepted connection to its peer's session, or closes it. */
    private void accept(Channel ch) {
        SocketAddress remote = ch.remoteAddress();
        BgpSession session = remote instanceof InetSocketAddress isa ? peers.get(isa.getAddress()) : null;
        if (session == null) {
            LOG.info("closing connection from {}: not a configured peer", remote);
            ch.close();
            return;
        }
        Optional<InetAddress> local = session.config().localAddress();
        if (local.isPresent() && !local.get().equals(((InetSocketAddress) ch.localAddress()).getAddress())) {
            LOG.info("closing connection from {} to {}: the peer is configured on {}", remote, ch.localAddress(), local.get());
            ch.close();
            return;
        }
        if (transports.epoll) {
            PeerConfig pc = session.config();
            for (Map.Entry<ChannelOption<Integer>, Integer> o
                    : transports.ttlOptions(pc.remoteAddress(), pc.ttl(), pc.minTtl()).entrySet()) {
                ch.config().setOption(o.getKey(), o.getValue());
            }
        }
        session.runOnLoop(() -> session.incoming(ch), null);
    }

    /** Starts an outgoing connection for {@code c}, on the session's loop, bound to the peer's local address. */
    ChannelFuture connect(BgpSession session, Connection c) {
        PeerConfig pc = session.config();
        Bootstrap b = new Bootstrap()
                .group(session.loop())
                .channel(transports.channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, pc.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the session adds its handler once connected
                    }
                });
        pc.md5Password().ifPresent(p -> transports.md5(b, pc.remoteAddress(), p.getBytes(StandardCharsets.US_ASCII)));
        if (transports.epoll) {
            for (Map.Entry<ChannelOption<Integer>, Integer> o
                    : transports.ttlOptions(pc.remoteAddress(), pc.ttl(), pc.minTtl()).entrySet()) {
                b.option(o.getKey(), o.getValue());
            }
        }
        if (pc.localAddress().isPresent() || pc.localPort() != 0) {
            InetSocketAddress localAddress = pc.localAddress().map(a -> new InetSocketAddress(a, pc.localPort()))
                    .orElse(new InetSocketAddress(pc.localPort()));
            return b.connect(pc.remoteSocketAddress(), localAddress);
        }
        return b.connect(pc.remoteSocketAddress());
    }

    private void updateServerKeys() {
        if (!transports.epoll) {
            return;
        }
        Map<InetAddress, byte[]> keys = new HashMap<>();
        for (BgpSession s : peers.values()) {
            s.config().md5Password().ifPresent(p -> keys.put(s.config().remoteAddress(), p.getBytes(StandardCharsets.US_ASCII)));
        }
        for (Channel server : servers) {
            // The listening socket must know every peer's key, or the kernel drops their signed SYNs.
            server.eventLoop().execute(() -> transports.md5((ServerChannel) server, keys));
        }
        updateServerMinTtl();
    }

    /**
     * GTSM (RFC 5082) on the listening sockets. The kernel completes a handshake and queues the
     * peer's first segments before we accept the connection and set IP_MINTTL on it, so a minimum
     * set only after accept lets an OPEN with a low TTL through. When every configured peer asks for
     * GTSM the listener carries the lowest of their minimums, which accepted sockets inherit; with a
     * peer that does not, the listener must accept any TTL and the check starts at accept.
     */
    private void updateServerMinTtl() {
        int lowest = Integer.MAX_VALUE;
        for (BgpSession s : peers.values()) {
            OptionalInt min = s.config().minTtl();
            lowest = min.isPresent() ? Math.min(lowest, min.getAsInt()) : 0;
        }
        int listenerMin = peers.isEmpty() || lowest == Integer.MAX_VALUE ? 0 : lowest;
        for (Channel server : servers) {
            boolean v6 = ((InetSocketAddress) server.localAddress()).getAddress() instanceof Inet6Address;
            InetAddress family = v6 ? LOOPBACK_V6 : LOOPBACK_V4;
            server.eventLoop().execute(() -> {
                for (Map.Entry<ChannelOption<Integer>, Integer> o
                        : transports.ttlOptions(family, OptionalInt.empty(), OptionalInt.of(listenerMin)).entrySet()) {
                    server.config().setOption(o.getKey(), o.getValue());
                }
            });
        }
    }

    /**
     * Stops every session (those past OpenSent send Cease / Administrative Shutdown), closes the
     * listening sockets and shuts the event loops down. Blocks until done.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<io.netty.util.concurrent.Future<?>> pending = new ArrayList<>();
        for (BgpSession s : peers.values()) {
            pending.add(s.loop().submit(() -> s.shutdown(Optional.empty())));
        }
        peers.clear();
        for (Channel server : servers) {
            pending.add(server.close());
        }
        for (io.netty.util.concurrent.Future<?> f : pending) {
            f.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}

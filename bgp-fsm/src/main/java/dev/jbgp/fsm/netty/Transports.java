package dev.jbgp.fsm.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetAddress;
import java.net.Inet6Address;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The NIO or epoll flavour of everything transport-specific. The epoll classes are only touched
 * through {@link Epoll}, so that the optional jars may be absent.
 */
final class Transports {

    final boolean epoll;
    final Class<? extends Channel> channelClass;
    final Class<? extends ServerChannel> serverChannelClass;
    private final IoHandlerFactory ioHandlerFactory;

    private Transports(boolean epoll, Class<? extends Channel> channelClass,
                       Class<? extends ServerChannel> serverChannelClass, IoHandlerFactory ioHandlerFactory) {
        this.epoll = epoll;
        this.channelClass = channelClass;
        this.serverChannelClass = serverChannelClass;
        this.ioHandlerFactory = ioHandlerFactory;
    }

    static Transports of(TransportKind kind) {
        switch (kind) {
            case NIO:
                return nio();
            case EPOLL:
                if (!epollAvailable()) {
                    throw new IllegalStateException("the native epoll transport is not available: add "
                            + "io.netty:netty-transport-native-epoll (classifier linux-x86_64) on Linux; cause: "
                            + epollUnavailabilityCause());
                }
                return Epoll.transports();
            case AUTO:
            default:
                return epollAvailable() ? Epoll.transports() : nio();
        }
    }

    private static Transports nio() {
        return new Transports(false, NioSocketChannel.class, NioServerSocketChannel.class, NioIoHandler.newFactory());
    }

    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory);
    }

    /** Sets the TCP MD5 keys of an outgoing connection; only called on epoll. */
    void md5(Bootstrap bootstrap, InetAddress peer, byte[] key) {
        Epoll.md5(bootstrap, peer, key);
    }

    /** Sets the TCP MD5 keys a listening socket accepts; only called on epoll. */
    void md5(ServerChannel server, Map<InetAddress, byte[]> keys) {
        Epoll.md5(server, keys);
    }

    /** The socket options for a TTL and a minimum TTL (GTSM) toward {@code peer}; only called on epoll. */
    Map<ChannelOption<Integer>, Integer> ttlOptions(InetAddress peer, OptionalInt ttl, OptionalInt minTtl) {
        return Epoll.ttlOptions(peer instanceof Inet6Address, ttl, minTtl);
    }

    static boolean epollAvailable() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll", false, Transports.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return Epoll.available();
    }

    private static String epollUnavailabilityCause() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll", false, Transports.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return "io.netty.channel.epoll.Epoll is not on the class path";
        }
        return Epoll.cause();
    }

    /** Everything that names an epoll class; loaded only once epoll is known to be there. */
    private static final class Epoll {
        static boolean available() {
            return io.netty.channel.epoll.Epoll.isAvailable();
        }

        static String cause() {
            Throwable t = io.netty.channel.epoll.Epoll.unavailabilityCause();
            return t == null ? "unknown" : t.toString();
        }

        static Transports transports() {
            return new Transports(true, io.netty.channel.epoll.EpollSocketChannel.class,
                    io.netty.channel.epoll.EpollServerSocketChannel.class,
                    io.netty.channel.epoll.EpollIoHandler.newFactory());
        }

        static void md5(Bootstrap bootstrap, InetAddress peer, byte[] key) {
            bootstrap.option(io.netty.channel.epoll.EpollChannelOption.TCP_MD5SIG, Map.of(peer, key));
        }

        // Linux <netinet/in.h>: IPPROTO_IP 0, IP_TTL 2, IP_MINTTL 21; IPPROTO_IPV6 41,
        // IPV6_UNICAST_HOPS 16, IPV6_MINHOPCOUNT 73.
        static Map<ChannelOption<Integer>, Integer> ttlOptions(boolean v6, OptionalInt ttl, OptionalInt minTtl) {
            Map<ChannelOption<Integer>, Integer> options = new LinkedHashMap<>();
            ttl.ifPresent(t -> options.put(v6
                    ? new io.netty.channel.unix.IntegerUnixChannelOption("IPV6_UNICAST_HOPS", 41, 16)
                    : new io.netty.channel.unix.IntegerUnixChannelOption("IP_TTL", 0, 2), t));
            minTtl.ifPresent(t -> options.put(v6
                    ? new io.netty.channel.unix.IntegerUnixChannelOption("IPV6_MINHOPCOUNT", 41, 73)
                    : new io.netty.channel.unix.IntegerUnixChannelOption("IP_MINTTL", 0, 21), t));
            return options;
        }

        static void md5(ServerChannel server, Map<InetAddress, byte[]> keys) {
            server.config().setOption(io.netty.channel.epoll.EpollChannelOption.TCP_MD5SIG, keys);
        }
    }
}

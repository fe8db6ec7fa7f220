package dev.jbgp.fsm.interop;

import dev.jbgp.fsm.SessionConfig;
import dev.jbgp.fsm.netty.BgpSession;
import dev.jbgp.fsm.netty.BgpTransport;
import dev.jbgp.fsm.netty.PeerConfig;
import dev.jbgp.fsm.netty.TransportKind;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.iana.AddressFamily;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Our end of one interop session: a {@link BgpTransport} of its own, bound to a 127.x address of its
 * own, with one configured peer (the daemon) and a {@link RecordingListener}. Offers what the issue
 * asks to see negotiated: 4-octet AS (our AS needs it), IPv4 and IPv6 unicast, route refresh and
 * graceful restart. Short timers: connect retry 1 s, idle hold 200 ms, connect timeout 2 s.
 *
 * <p>{@link #close()} closes the transport (the daemon gets a Cease if the session is up).
 */
final class JbgpPeer implements AutoCloseable {

    /** Our AS: above 65535, so the session only works if 4-octet AS is negotiated (RFC 6793). */
    static final long AS = 4_200_000_100L;
    /** Restart time we announce with graceful restart (RFC 4724 §3). */
    static final int RESTART_TIME = 30;

    final String address;
    final BgpTransport transport;
    final BgpSession session;
    final RecordingListener listener = new RecordingListener();

    private JbgpPeer(String address, String daemonAddress, long daemonAs, int holdTime, boolean passive,
                     boolean listen, Optional<String> md5Password) throws InterruptedException {
        this.address = address;
        this.transport = BgpTransport.create(md5Password.isPresent() ? TransportKind.EPOLL : TransportKind.AUTO, 1);
        try {
            if (listen) {
                transport.listen(new InetSocketAddress(inet(address), LoopbackAddresses.TEST_PORT));
            }
            SessionConfig session = SessionConfig.builder()
                    .localAs(AS).peerAs(daemonAs).bgpIdentifier(address)
                    .holdTimeSeconds(holdTime)
                    .connectRetryTime(Duration.ofSeconds(1)).idleHoldTime(Duration.ofMillis(200))
                    .passive(passive)
                    .families(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST))
                    .routeRefresh(true)
                    .gracefulRestart(Optional.of(GracefulRestart.of(false, false, RESTART_TIME, List.of(
                            GracefulRestart.Family.of(AddressFamily.IPV4_UNICAST, false),
                            GracefulRestart.Family.of(AddressFamily.IPV6_UNICAST, false)))))
                    .build();
            this.session = transport.addPeer(PeerConfig.builder().session(session)
                    .remoteAddress(inet(daemonAddress)).remotePort(LoopbackAddresses.TEST_PORT)
                    .localAddress(Optional.of(inet(address)))
                    .md5Password(md5Password)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build(), listener);
        } catch (RuntimeException | InterruptedException e) {
            transport.close();
            throw e;
        }
    }

    /** We connect to a passive daemon at {@code daemonAddress}:{@link LoopbackAddresses#TEST_PORT}. */
    static JbgpPeer connecting(String address, String daemonAddress, long daemonAs, int holdTime,
                               Optional<String> md5Password) throws InterruptedException {
        return new JbgpPeer(address, daemonAddress, daemonAs, holdTime, false, false, md5Password);
    }

    /** We listen on {@code address}:{@link LoopbackAddresses#TEST_PORT} and connect to the daemon too. */
    static JbgpPeer activeAndListening(String address, String daemonAddress, long daemonAs, int holdTime)
            throws InterruptedException {
        return new JbgpPeer(address, daemonAddress, daemonAs, holdTime, false, true, Optional.empty());
    }

    /** We listen on {@code address}:{@link LoopbackAddresses#TEST_PORT} and wait for the daemon to connect. */
    static JbgpPeer listening(String address, String daemonAddress, long daemonAs, int holdTime)
            throws InterruptedException {
        return new JbgpPeer(address, daemonAddress, daemonAs, holdTime, true, true, Optional.empty());
    }

    static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}

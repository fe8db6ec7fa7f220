package dev.jbgp.fsm.netty;

import dev.jbgp.fsm.SessionConfig;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.capability.Multiprotocol;
import dev.jbgp.wire.capability.RouteRefresh;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.NotificationMessage;
import dev.jbgp.wire.message.OpenMessage;
import dev.jbgp.wire.message.RouteRefreshMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.jbgp.fsm.netty.LoopbackPeers.address;
import static dev.jbgp.fsm.netty.LoopbackPeers.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Route refresh, back-pressure with the RFC 9687 SendHoldTimer, TCP MD5 on epoll. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DriverFeaturesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private BgpTransport a;
    private BgpTransport b;

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    /** Two sessions A (127.0.0.1, active) and B (127.0.0.2, passive) on the given transports. */
    private BgpSession[] pair(TransportKind kind, Optional<String> aPassword, Optional<String> bPassword,
                              SessionListener aListener, SessionListener bListener) throws InterruptedException {
        a = BgpTransport.create(kind, 1);
        b = BgpTransport.create(kind, 1);
        InetSocketAddress aListen = a.listen(new InetSocketAddress(address("127.0.0.1"), 0));
        InetSocketAddress bListen = b.listen(new InetSocketAddress(address("127.0.0.2"), 0));
        BgpSession aToB = a.addPeer(PeerConfig.builder().session(session(64500, 64501, "127.0.0.1").build())
                .remoteAddress(address("127.0.0.2")).remotePort(bListen.getPort())
                .localAddress(Optional.of(address("127.0.0.1"))).md5Password(aPassword).build(), aListener);
        BgpSession bToA = b.addPeer(PeerConfig.builder().session(session(64501, 64500, "127.0.0.2").passive(true).build())
                .remoteAddress(address("127.0.0.1")).remotePort(aListen.getPort())
                .localAddress(Optional.of(address("127.0.0.2"))).md5Password(bPassword).build(), bListener);
        bToA.start();
        assertTrue(bToA.awaitState(SessionState.ACTIVE, WAIT), "passive side listening");
        aToB.start();
        return new BgpSession[] {aToB, bToA};
    }

    @Test
    void delayOpenOnBothSidesStillEstablishes() throws Exception {
        a = BgpTransport.create(TransportKind.NIO, 1);
        b = BgpTransport.create(TransportKind.NIO, 1);
        InetSocketAddress aListen = a.listen(new InetSocketAddress(address("127.0.0.1"), 0));
        InetSocketAddress bListen = b.listen(new InetSocketAddress(address("127.0.0.2"), 0));
        LoopbackPeers.Recorder bRec = new LoopbackPeers.Recorder();
        // A waits 300 ms before its OPEN; B (passive) waits 5 s, so A's OPEN reaches B during B's
        // DelayOpen (Event 20: B answers with OPEN and KEEPALIVE at once).
        BgpSession aToB = a.addPeer(PeerConfig.builder().session(session(64500, 64501, "127.0.0.1")
                        .delayOpenTime(Optional.of(Duration.ofMillis(300))).build())
                .remoteAddress(address("127.0.0.2")).remotePort(bListen.getPort())
                .localAddress(Optional.of(address("127.0.0.1"))).build(), new LoopbackPeers.Recorder());
        BgpSession bToA = b.addPeer(PeerConfig.builder().session(session(64501, 64500, "127.0.0.2").passive(true)
                        .delayOpenTime(Optional.of(Duration.ofSeconds(5))).build())
                .remoteAddress(address("127.0.0.1")).remotePort(aListen.getPort())
                .localAddress(Optional.of(address("127.0.0.2"))).build(), bRec);
        bToA.start();
        assertTrue(bToA.awaitState(SessionState.ACTIVE, WAIT));
        long started = System.nanoTime();
        aToB.start();
        assertTrue(bToA.awaitState(SessionState.ESTABLISHED, WAIT));
        assertTrue(aToB.awaitState(SessionState.ESTABLISHED, WAIT));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 4000, "B did not wait out its own DelayOpenTime: " + millis + " ms");
        assertTrue(bRec.notices.stream().noneMatch(n -> n instanceof SessionNotice.StateChanged sc
                && sc.to() == SessionState.OPEN_SENT), "B went from Active straight to OpenConfirm");
    }

    @Test
    void routeRefreshRequestReachesTheListener() throws Exception {
        BlockingQueue<RouteRefreshMessage> requests = new LinkedBlockingQueue<>();
        SessionListener bListener = new SessionListener() {
            @Override
            public void onRouteRefresh(BgpSession session, RouteRefreshMessage request) {
                requests.add(request);
            }
        };
        BgpSession[] s = pair(TransportKind.NIO, Optional.empty(), Optional.empty(), new LoopbackPeers.Recorder(), bListener);
        assertTrue(s[0].awaitState(SessionState.ESTABLISHED, WAIT));
        assertTrue(s[1].awaitState(SessionState.ESTABLISHED, WAIT));
        assertTrue(s[0].negotiated().orElseThrow().routeRefresh());
        s[0].sendRouteRefresh(AddressFamily.IPV4_UNICAST);
        RouteRefreshMessage got = requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(got);
        assertEquals(AddressFamily.IPV4_UNICAST, got.family());
        assertEquals(RouteRefreshMessage.NORMAL, got.subtype());
    }

    @Test
    void aPeerThatStopsReadingIsToldToStopThenDroppedBySendHoldTimer() throws Exception {
        a = BgpTransport.create(TransportKind.NIO, 1);
        InetSocketAddress listen = a.listen(new InetSocketAddress(address("127.0.0.1"), 0));
        CountDownLatch blocked = new CountDownLatch(1);
        BlockingQueue<Boolean> writability = new LinkedBlockingQueue<>();
        BlockingQueue<NotificationMessage> sent = new LinkedBlockingQueue<>();
        SessionListener listener = new SessionListener() {
            @Override
            public void onNotice(BgpSession session, SessionNotice notice) {
                if (notice instanceof SessionNotice.WritabilityChanged w) {
                    writability.add(w.writable());
                    if (!w.writable()) {
                        blocked.countDown();
                    }
                } else if (notice instanceof SessionNotice.NotificationSent n) {
                    sent.add(n.notification());
                }
            }
        };
        SessionConfig config = session(64500, 64501, "127.0.0.1").passive(true)
                .sendHoldTime(Optional.of(Duration.ofSeconds(1))).allowAutomaticStart(false).build();
        BgpSession session = a.addPeer(PeerConfig.builder().session(config)
                .remoteAddress(address("127.0.0.2")).build(), listener);
        session.start();
        assertTrue(session.awaitState(SessionState.ACTIVE, WAIT));

        try (Socket peer = new Socket()) {
            peer.setReceiveBufferSize(4096); // a small window fills fast once the peer stops reading
            peer.bind(new InetSocketAddress(address("127.0.0.2"), 0));
            peer.connect(listen, 5000);
            OutputStream out = peer.getOutputStream();
            // Hold time 0: no keepalives are due either way, so only the SendHoldTimer can end this.
            OpenMessage open = OpenMessage.create(64501, 0, LoopbackPeers.id("127.0.0.2"),
                    List.of(new Multiprotocol(AddressFamily.IPV4_UNICAST), RouteRefresh.STANDARD, new FourOctetAs(64501)));
            out.write(encode(open.encodedLength(), open::encode));
            out.write(keepalive());
            out.flush();
            readMessage(peer); // our OPEN
            readMessage(peer); // our KEEPALIVE
            assertTrue(session.awaitState(SessionState.ESTABLISHED, WAIT));
            // Now the peer reads nothing more. Produce until told to stop (bounded).
            int produced = 0;
            // The kernel buffers absorb a few MB first; the peer is stuck once we stay unwritable.
            while (produced < 20_000) {
                for (int i = 0; i < 100; i++) {
                    session.sendUpdate(LoopbackPeers.bigUpdate());
                }
                produced += 100;
                // A barrier: the loop has written this batch before the next one is queued.
                session.whenState(SessionState.ESTABLISHED).get(10, TimeUnit.SECONDS);
                if (!session.isWritable()) {
                    // Told to stop: wait to be told to resume, as a producer would. No resume = stuck.
                    Boolean resumed;
                    do {
                        resumed = writability.poll(500, TimeUnit.MILLISECONDS);
                    } while (resumed != null && !resumed);
                    if (resumed == null && !session.isWritable()) {
                        break;
                    }
                }
            }
            assertTrue(blocked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "producer told to stop after " + produced);
            long blockedAt = System.nanoTime();
            assertTrue(session.awaitState(SessionState.IDLE, WAIT), "dropped by the SendHoldTimer");
            long waitedMillis = (System.nanoTime() - blockedAt) / 1_000_000;
            assertTrue(waitedMillis < 5000, "dropped about SendHoldTime after blocking, took " + waitedMillis + " ms");
            NotificationMessage n = sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(n);
            assertEquals(ErrorCode.SEND_HOLD_TIMER_EXPIRED.value(), n.code());
        }
    }

    @Test
    void aBrokenMarkerGetsConnectionNotSynchronizedAndACloseOverTheWire() throws Exception {
        a = BgpTransport.create(TransportKind.NIO, 1);
        InetSocketAddress listen = a.listen(new InetSocketAddress(address("127.0.0.1"), 0));
        LoopbackPeers.Recorder rec = new LoopbackPeers.Recorder();
        BgpSession session = a.addPeer(PeerConfig.builder()
                .session(session(64500, 64501, "127.0.0.1").passive(true).build())
                .remoteAddress(address("127.0.0.2")).build(), rec);
        session.start();
        assertTrue(session.awaitState(SessionState.ACTIVE, WAIT));
        try (Socket peer = new Socket()) {
            peer.bind(new InetSocketAddress(address("127.0.0.2"), 0));
            peer.connect(listen, 5000);
            assertEquals(MessageType.OPEN.value(), readMessage(peer), "our OPEN");
            byte[] bad = keepalive();
            bad[3] = 0; // RFC 4271 §6.1: a marker that is not all ones
            peer.getOutputStream().write(bad);
            peer.getOutputStream().flush();
            DataInputStream in = new DataInputStream(peer.getInputStream());
            byte[] header = new byte[MessageHeader.HEADER_LENGTH];
            in.readFully(header);
            assertEquals(MessageType.NOTIFICATION.value(), header[18]);
            assertEquals(ErrorCode.MESSAGE_HEADER_ERROR.value(), in.readUnsignedByte());
            assertEquals(1, in.readUnsignedByte(), "Connection Not Synchronized");
            assertEquals(-1, in.read(), "then the connection is closed");
        }
        NotificationMessage sent = rec.sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(sent);
        assertEquals(ErrorCode.MESSAGE_HEADER_ERROR.value(), sent.code());
    }

    @Test
    void md5SignedSessionOnEpoll() throws Exception {
        Assumptions.assumeTrue(Transports.epollAvailable(), "native epoll not available");
        BgpSession[] s = pair(TransportKind.EPOLL, Optional.of("s3cret"), Optional.of("s3cret"),
                new LoopbackPeers.Recorder(), new LoopbackPeers.Recorder());
        assertTrue(a.nativeEpoll());
        assertTrue(s[0].awaitState(SessionState.ESTABLISHED, WAIT), "signed session established");
        assertTrue(s[1].awaitState(SessionState.ESTABLISHED, WAIT));
    }

    @Test
    void md5PasswordMismatchNeverEstablishes() throws Exception {
        Assumptions.assumeTrue(Transports.epollAvailable(), "native epoll not available");
        BgpSession[] s = pair(TransportKind.EPOLL, Optional.of("s3cret"), Optional.of("other"),
                new LoopbackPeers.Recorder(), new LoopbackPeers.Recorder());
        // The kernel drops segments with a wrong signature: no OPEN ever arrives.
        assertFalse(s[0].awaitState(SessionState.OPEN_CONFIRM, Duration.ofSeconds(3)));
        assertFalse(s[1].awaitState(SessionState.OPEN_CONFIRM, Duration.ofMillis(100)));
    }

    /** A (active, sending with {@code ttl}) and B (passive, GTSM with {@code minTtl}) on epoll. */
    private BgpSession[] gtsmPair(int ttl, int minTtl) throws InterruptedException {
        a = BgpTransport.create(TransportKind.EPOLL, 1);
        b = BgpTransport.create(TransportKind.EPOLL, 1);
        InetSocketAddress aListen = a.listen(new InetSocketAddress(address("127.0.0.1"), 0));
        InetSocketAddress bListen = b.listen(new InetSocketAddress(address("127.0.0.2"), 0));
        BgpSession aToB = a.addPeer(PeerConfig.builder().session(session(64500, 64501, "127.0.0.1").build())
                .remoteAddress(address("127.0.0.2")).remotePort(bListen.getPort())
                .localAddress(Optional.of(address("127.0.0.1"))).ttl(OptionalInt.of(ttl)).build(), new LoopbackPeers.Recorder());
        BgpSession bToA = b.addPeer(PeerConfig.builder().session(session(64501, 64500, "127.0.0.2").passive(true).build())
                .remoteAddress(address("127.0.0.1")).remotePort(aListen.getPort())
                .localAddress(Optional.of(address("127.0.0.2"))).minTtl(OptionalInt.of(minTtl)).build(), new LoopbackPeers.Recorder());
        bToA.start();
        assertTrue(bToA.awaitState(SessionState.ACTIVE, WAIT));
        aToB.start();
        return new BgpSession[] {aToB, bToA};
    }

    @Test
    void gtsmAcceptsAPeerSendingTtl255() throws Exception {
        Assumptions.assumeTrue(Transports.epollAvailable(), "native epoll not available");
        BgpSession[] s = gtsmPair(255, 254);
        assertTrue(s[1].awaitState(SessionState.ESTABLISHED, WAIT));
        assertTrue(s[0].awaitState(SessionState.ESTABLISHED, WAIT));
    }

    @Test
    void gtsmDropsAPeerSendingALowTtl() throws Exception {
        Assumptions.assumeTrue(Transports.epollAvailable(), "native epoll not available");
        BgpSession[] s = gtsmPair(1, 254);
        // The kernel discards A's segments (TTL 1 < 254) after the handshake: its OPEN never arrives.
        assertFalse(s[1].awaitState(SessionState.OPEN_CONFIRM, Duration.ofSeconds(3)));
    }

    @Test
    void ttlWithoutEpollIsAStartupError() {
        a = BgpTransport.create(TransportKind.NIO, 1);
        PeerConfig gtsm = PeerConfig.builder().session(session(64500, 64501, "127.0.0.1").build())
                .remoteAddress(address("127.0.0.2")).minTtl(OptionalInt.of(254)).build();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> a.addPeer(gtsm, new LoopbackPeers.Recorder()));
    }

    private interface Encoder {
        void encode(ByteBuf out);
    }

    private static byte[] encode(int length, Encoder e) {
        ByteBuf buf = Unpooled.buffer(length);
        try {
            e.encode(buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] keepalive() {
        return encode(MessageHeader.HEADER_LENGTH, out -> MessageHeader.patchLength(out, MessageHeader.writeHeader(out, MessageType.KEEPALIVE)));
    }

    private static int readMessage(Socket s) throws Exception {
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] header = new byte[MessageHeader.HEADER_LENGTH];
        in.readFully(header);
        int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        in.readFully(new byte[length - MessageHeader.HEADER_LENGTH]);
        return header[18];
    }
}

package dev.jbgp.fsm.netty;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.message.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.jbgp.fsm.netty.LoopbackPeers.address;
import static dev.jbgp.fsm.netty.LoopbackPeers.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two jbgp speakers on 127.0.0.1 and 127.0.0.2 (unprivileged ports, real timers, hold time 3 s):
 * they reach Established, exchange an UPDATE and keepalives, and a ManualStop delivers its
 * shutdown communication. Waits are bounded and latch-driven.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BgpSessionLoopbackTest {

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

    @Test
    void establishExchangeAndShutDown() throws Exception {
        a = BgpTransport.create(TransportKind.NIO, 1);
        b = BgpTransport.create(TransportKind.NIO, 2);
        InetSocketAddress aListen = a.listen(new InetSocketAddress(address("127.0.0.1"), 0));
        InetSocketAddress bListen = b.listen(new InetSocketAddress(address("127.0.0.2"), 0));

        LoopbackPeers.Recorder aRec = new LoopbackPeers.Recorder();
        LoopbackPeers.Recorder bRec = new LoopbackPeers.Recorder();
        BgpSession aToB = a.addPeer(PeerConfig.builder()
                .session(session(64500, 64501, "127.0.0.1").build())
                .remoteAddress(address("127.0.0.2")).remotePort(bListen.getPort())
                .localAddress(Optional.of(address("127.0.0.1"))).build(), aRec);
        BgpSession bToA = b.addPeer(PeerConfig.builder()
                .session(session(64501, 64500, "127.0.0.2").passive(true).build())
                .remoteAddress(address("127.0.0.1")).remotePort(aListen.getPort())
                .localAddress(Optional.of(address("127.0.0.2"))).build(), bRec);
        bToA.start();
        assertTrue(bToA.awaitState(SessionState.ACTIVE, WAIT), "passive side listening");
        aToB.start();
        assertTrue(aToB.awaitState(SessionState.ESTABLISHED, WAIT), "A established");
        assertTrue(bToA.awaitState(SessionState.ESTABLISHED, WAIT), "B established");
        assertEquals(3, aToB.negotiated().orElseThrow().holdTimeSeconds());
        assertEquals(64500, bToA.negotiated().orElseThrow().peerAs());
        assertTrue(aToB.negotiated().orElseThrow().fourOctetAs());

        // An UPDATE, raw bytes both ways.
        ByteBuf update = LoopbackPeers.update();
        byte[] expected = ByteBufUtil.getBytes(update);
        assertTrue(aToB.sendUpdate(update));
        byte[] got = bRec.nextUpdate(WAIT);
        assertNotNull(got, "B received the UPDATE");
        assertArrayEquals(expected, got);
        bToA.sendUpdate(LoopbackPeers.update());
        assertArrayEquals(expected, aRec.nextUpdate(WAIT));

        // Keepalives: with a 3 s hold time both sides stay up well past it only if keepalives flow.
        assertFalse(aToB.awaitState(SessionState.IDLE, Duration.ofMillis(4500)), "A stayed up past the hold time");
        assertEquals(SessionState.ESTABLISHED, bToA.state());
        assertEquals(1, aRec.establishedCount());
        assertEquals(1, bRec.establishedCount());

        // ManualStop with a shutdown communication (RFC 8203).
        aToB.stop(Optional.of("maintenance window, back at 10:00"));
        NotificationMessage n = bRec.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(n, "B received the NOTIFICATION");
        assertEquals(ErrorCode.CEASE.value(), n.code());
        assertEquals(Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN, n.subcode());
        assertEquals(Optional.of("maintenance window, back at 10:00"), n.shutdownCommunication());
        assertEquals(n, aRec.sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(aToB.awaitState(SessionState.IDLE, WAIT));
        assertTrue(aRec.notices.stream().anyMatch(x -> x instanceof SessionNotice.Down d && d.sent().equals(Optional.of(n))));
        // The passive side goes back to waiting for the peer.
        assertTrue(bToA.awaitState(SessionState.ACTIVE, WAIT));
        assertFalse(aToB.awaitState(SessionState.CONNECT, Duration.ofMillis(500)), "a manual stop stays stopped");

        // And a restart brings it back.
        aToB.start();
        assertTrue(aToB.awaitState(SessionState.ESTABLISHED, WAIT));
        assertTrue(bToA.awaitState(SessionState.ESTABLISHED, WAIT));
    }

    @Test
    void unknownSourceIsClosedWithoutASession() throws Exception {
        a = BgpTransport.create(TransportKind.NIO, 1);
        InetSocketAddress aListen = a.listen(new InetSocketAddress(address("127.0.0.1"), 0));
        BgpSession known = a.addPeer(PeerConfig.builder()
                .session(session(64500, 64501, "127.0.0.1").passive(true).build())
                .remoteAddress(address("127.0.0.2")).build(), new LoopbackPeers.Recorder());
        known.start();
        assertTrue(known.awaitState(SessionState.ACTIVE, WAIT));
        try (Socket stranger = new Socket()) {
            stranger.bind(new InetSocketAddress(address("127.0.0.3"), 0));
            stranger.connect(aListen, 5000);
            stranger.setSoTimeout(5000);
            InputStream in = stranger.getInputStream();
            assertEquals(-1, in.read(), "closed at once, nothing sent");
        }
        assertEquals(1, a.sessions().size());
        assertEquals(SessionState.ACTIVE, known.state(), "the configured peer's session is untouched");
    }

    @Test
    void bothSidesActiveResolveTheCollisionToOneSession() throws Exception {
        a = BgpTransport.create(TransportKind.NIO, 1);
        b = BgpTransport.create(TransportKind.NIO, 1);
        InetSocketAddress aListen = a.listen(new InetSocketAddress(address("127.0.0.1"), 0));
        InetSocketAddress bListen = b.listen(new InetSocketAddress(address("127.0.0.2"), 0));
        LoopbackPeers.Recorder aRec = new LoopbackPeers.Recorder();
        LoopbackPeers.Recorder bRec = new LoopbackPeers.Recorder();
        BgpSession aToB = a.addPeer(PeerConfig.builder()
                .session(session(64500, 64501, "127.0.0.1").build())
                .remoteAddress(address("127.0.0.2")).remotePort(bListen.getPort())
                .localAddress(Optional.of(address("127.0.0.1"))).build(), aRec);
        BgpSession bToA = b.addPeer(PeerConfig.builder()
                .session(session(64501, 64500, "127.0.0.2").build())
                .remoteAddress(address("127.0.0.1")).remotePort(aListen.getPort())
                .localAddress(Optional.of(address("127.0.0.2"))).build(), bRec);
        aToB.start();
        bToA.start();
        assertTrue(aToB.awaitState(SessionState.ESTABLISHED, WAIT));
        assertTrue(bToA.awaitState(SessionState.ESTABLISHED, WAIT));
        // Whatever the race, one session survives on each side and carries traffic.
        ByteBuf update = LoopbackPeers.update();
        byte[] expected = ByteBufUtil.getBytes(update);
        aToB.sendUpdate(update);
        assertArrayEquals(expected, bRec.nextUpdate(WAIT));
        assertFalse(aToB.awaitState(SessionState.IDLE, Duration.ofSeconds(1)));
        assertEquals(SessionState.ESTABLISHED, bToA.state());
        for (NotificationMessage sent : aRec.sent) {
            assertEquals(Subcodes.Cease.CONNECTION_COLLISION_RESOLUTION, sent.subcode(), "only collision Ceases: " + sent);
        }
    }

    @Test
    void md5WithoutEpollIsAStartupError() {
        a = BgpTransport.create(TransportKind.NIO, 1);
        PeerConfig signed = PeerConfig.builder().session(session(64500, 64501, "127.0.0.1").build())
                .remoteAddress(address("127.0.0.2")).md5Password(Optional.of("s3cret")).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> a.addPeer(signed, new LoopbackPeers.Recorder()));
        assertTrue(e.getMessage().contains("MD5"), e.getMessage());
        assertTrue(a.sessions().isEmpty());
    }
}

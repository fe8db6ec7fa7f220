package dev.jbgp.fsm.netty;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.jbgp.fsm.netty.LoopbackPeers.address;
import static dev.jbgp.fsm.netty.LoopbackPeers.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection collision (RFC 4271 §6.8) that the peer resolves before we do: it closes our
 * connection with Cease / Connection Collision Resolution while its own connection to us is still
 * in OpenSent. The session must carry on with the peer's connection and not dial a third one
 * (FRR with graceful restart took such a third connection for our restart and dropped the session
 * just established on its own connection; seen in the interop tests).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerResolvedCollisionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int OPEN = 1;
    /** Higher than any 127.0.x.y: by §6.8 the connection the peer opened is the one to keep. */
    private static final String PEER_ID = "127.255.255.254";

    @Test
    void peerClosingOurConnectionLeavesUsOnItsConnectionWithoutDiallingAgain() throws Exception {
        String ours = LoopbackAddresses.allocate();
        String peer = LoopbackAddresses.allocate();
        int port = LoopbackAddresses.TEST_PORT;
        byte[][] caps = {RawMessages.multiprotocol(1, 1), RawMessages.fourOctetAs(64501)};
        LoopbackPeers.Recorder recorder = new LoopbackPeers.Recorder();
        try (BgpTransport transport = BgpTransport.create(TransportKind.NIO, 1);
             RawBgpPeer.Listener listener = RawBgpPeer.listen(peer, port)) {
            transport.listen(new InetSocketAddress(address(ours), port));
            BgpSession s = transport.addPeer(PeerConfig.builder().session(session(64500, 64501, ours).build())
                    .remoteAddress(address(peer)).remotePort(port).localAddress(Optional.of(address(ours)))
                    .build(), recorder);
            s.start();
            try (RawBgpPeer ourConnection = listener.accept(WAIT)) {
                ourConnection.readMessage(OPEN, WAIT);
                ourConnection.sendOpen(64501, 30, PEER_ID, caps);
                assertTrue(s.awaitState(SessionState.OPEN_CONFIRM, WAIT), recorder.notices.toString());
                try (RawBgpPeer peerConnection = RawBgpPeer.connect(peer, ours, port, WAIT)) {
                    peerConnection.readMessage(OPEN, WAIT); // tracked as the second connection, which sends its OPEN

                    ourConnection.send(RawMessages.notification(6, 7, new byte[0]));
                    ourConnection.close();
                    assertTrue(s.awaitState(SessionState.OPEN_SENT, WAIT), "on the peer's connection: "
                            + recorder.notices);

                    peerConnection.sendOpen(64501, 30, PEER_ID, caps);
                    peerConnection.sendKeepalive();
                    assertTrue(s.awaitState(SessionState.ESTABLISHED, WAIT), recorder.notices.toString());
                    assertThrows(SocketTimeoutException.class, () -> listener.accept(Duration.ofMillis(1500)),
                            "no third connection");
                    assertEquals(SessionState.ESTABLISHED, s.state());
                    assertFalse(recorder.notices.stream().anyMatch(n -> n instanceof SessionNotice.StateChanged sc
                            && sc.to() == SessionState.IDLE), "never Idle: " + recorder.notices);
                }
            }
        }
    }
}

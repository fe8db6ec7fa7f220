package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static dev.jbgp.speaker.SpeakerFixtures.freshAddress;
import static dev.jbgp.speaker.SpeakerFixtures.neighbor;
import static dev.jbgp.speaker.SpeakerFixtures.speaker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed UPDATEs from a raw peer (bytes written by hand from RFC 4271 §4.3): RFC 7606
 * treat-as-withdraw keeps the session and withdraws the route; an unreadable NLRI field resets that
 * session with an UPDATE Message Error NOTIFICATION; another peer's session and routes are untouched.
 */
class MalformedUpdateTest {

    private static final Prefix RAW_NET = LocalRoute.parsePrefix("192.0.2.0/24");
    private static final Prefix GOOD_NET = LocalRoute.parsePrefix("198.51.100.0/24");

    /** ORIGIN {@code origin}, AS_PATH [65001] (4-octet), NEXT_HOP 198.18.0.5, then {@code nlri}. */
    private static byte[] update(int origin, byte[] nlri) {
        byte[] attrs = {
            0x40, 1, 1, (byte) origin,
            0x40, 2, 6, 2, 1, 0, 0, (byte) 0xFD, (byte) 0xE9,
            0x40, 3, 4, (byte) 198, 18, 0, 5,
        };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(0);
        body.write(attrs.length >> 8);
        body.write(attrs.length);
        body.writeBytes(attrs);
        body.writeBytes(nlri);
        return RawMessages.message(RawMessages.UPDATE, body.toByteArray());
    }

    @Test
    void treatAsWithdrawKeepsTheSessionAndSessionResetSparesOtherPeers() throws Exception {
        InetAddress s = freshAddress();
        InetAddress raw = freshAddress();
        InetAddress good = freshAddress();
        SpeakerConfig config = speaker(65000, s)
                .neighbor(neighbor(raw, 65001, s, true).build())
                .neighbor(neighbor(good, 65002, s, true).build()).build();
        try (BgpSpeaker sp = BgpSpeaker.start(config);
             BgpSpeaker other = BgpSpeaker.start(speaker(65002, good).neighbor(neighbor(s, 65000, good, false).build()).build());
             RawBgpPeer peer = RawBgpPeer.connect(raw.getHostAddress(), s.getHostAddress(), SpeakerFixtures.PORT,
                     Duration.ofSeconds(5))) {
            other.announce(List.of(LocalRoute.builder(GOOD_NET).build()));
            peer.sendOpen(65001, 30, raw.getHostAddress(), RawMessages.multiprotocol(1, 1),
                    RawMessages.fourOctetAs(65001), RawMessages.routeRefresh());
            peer.readMessage(RawMessages.OPEN, Duration.ofSeconds(5));
            peer.sendKeepalive();
            peer.readMessage(RawMessages.KEEPALIVE, Duration.ofSeconds(5));
            await("raw session up", 10, () -> sp.status().neighbor(raw).orElseThrow().state() == SessionState.ESTABLISHED);
            await("good peer's route", 10, () -> !sp.routes(GOOD_NET).isEmpty());

            peer.send(update(0, new byte[] {24, (byte) 192, 0, 2}));
            await("raw peer's route", 10, () -> !sp.routes(RAW_NET).isEmpty());

            // ORIGIN 5 is not a value RFC 4271 defines: RFC 7606 §7.1 says treat-as-withdraw.
            peer.send(update(5, new byte[] {24, (byte) 192, 0, 2}));
            await("route treated as withdrawn", 10, () -> sp.routes(RAW_NET).isEmpty());
            assertEquals(SessionState.ESTABLISHED, sp.status().neighbor(raw).orElseThrow().state());

            // A /33 in the NLRI field cannot be parsed: session reset (RFC 7606 §5.3).
            peer.send(update(0, new byte[] {33, (byte) 192, 0, 2, 0, 0}));
            byte[] n = peer.readMessage(RawMessages.NOTIFICATION, Duration.ofSeconds(5));
            assertEquals(3, RawMessages.body(n)[0], "UPDATE Message Error");
            assertTrue(peer.awaitClosed(Duration.ofSeconds(5)));

            assertEquals(SessionState.ESTABLISHED, sp.status().neighbor(good).orElseThrow().state());
            assertEquals(1, sp.routes(GOOD_NET).size(), "the other peer's route stays");
            assertTrue(sp.status().neighbor(raw).orElseThrow().lastError().orElseThrow().startsWith("sent: UPDATE Message Error"));
        }
    }
}

package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static dev.jbgp.speaker.SpeakerFixtures.freshAddress;
import static dev.jbgp.speaker.SpeakerFixtures.neighbor;
import static dev.jbgp.speaker.SpeakerFixtures.speaker;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A peer that stops reading while we announce a table of several megabytes: the speaker holds the
 * encoded UPDATEs back while the channel is not writable and, once the peer reads again, every prefix
 * arrives exactly once, followed by End-of-RIB.
 */
class BackPressureTest {

    private static final int PREFIXES = 40_000;

    @Test
    void aStalledPeerGetsTheWholeTableOnceItReadsAgain() throws Exception {
        InetAddress s = freshAddress();
        InetAddress raw = freshAddress();
        try (BgpSpeaker sp = BgpSpeaker.start(speaker(65000, s).neighbor(neighbor(raw, 65001, s, true).holdTimeSeconds(90).build()).build());
             RawBgpPeer peer = RawBgpPeer.connect(raw.getHostAddress(), s.getHostAddress(), SpeakerFixtures.PORT,
                     Duration.ofSeconds(5))) {
            peer.sendOpen(65001, 90, raw.getHostAddress(), RawMessages.multiprotocol(1, 1), RawMessages.fourOctetAs(65001));
            peer.readMessage(RawMessages.OPEN, Duration.ofSeconds(5));
            peer.sendKeepalive();
            peer.readMessage(RawMessages.KEEPALIVE, Duration.ofSeconds(5));
            await("up", 10, () -> sp.status().neighbor(raw).orElseThrow().state() == SessionState.ESTABLISHED);
            peer.readMessage(RawMessages.UPDATE, Duration.ofSeconds(5)); // End-of-RIB of the empty table

            // Two prefixes per attribute set (distinct MEDs, 16 large communities each): 20,000
            // UPDATEs of about 250 octets, several MB, more than the socket buffers hold.
            List<LocalRoute> table = new ArrayList<>(PREFIXES);
            for (int i = 0; i < PREFIXES; i++) {
                LocalRoute.Builder b = LocalRoute.builder("10." + (i >> 16) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF) + "/32")
                        .med(i / 2);
                for (int c = 0; c < 16; c++) {
                    b.largeCommunity(65000, c, i / 2);
                }
                table.add(b.build());
            }
            long t0 = System.nanoTime();
            sp.announce(table); // the peer is not reading
            Thread.sleep(1000);
            peer.sendKeepalive();

            int seen = 0;
            long messages = 0;
            long lastKeepalive = System.nanoTime();
            while (seen < PREFIXES) {
                if (System.nanoTime() - lastKeepalive > 5_000_000_000L) {
                    peer.sendKeepalive(); // we are the slow reader, not a dead one
                    lastKeepalive = System.nanoTime();
                }
                byte[] body = RawMessages.body(peer.readMessage(RawMessages.UPDATE, Duration.ofSeconds(30)));
                messages++;
                int withdrawn = (body[0] & 0xFF) << 8 | (body[1] & 0xFF);
                assertEquals(0, withdrawn);
                int attrLen = (body[2] & 0xFF) << 8 | (body[3] & 0xFF);
                for (int i = 4 + attrLen; i < body.length; i += 1 + ((body[i] & 0xFF) + 7) / 8) {
                    seen++;
                }
            }
            System.out.printf("%d prefixes in %d UPDATEs, %d ms%n", seen, messages, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(PREFIXES, seen);
            assertEquals(PREFIXES / 2, messages, "one UPDATE per attribute set");
            assertEquals(PREFIXES, sp.status().neighbor(raw).orElseThrow().advertised());
        }
    }
}

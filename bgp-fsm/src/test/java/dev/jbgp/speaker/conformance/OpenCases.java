package dev.jbgp.speaker.conformance;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.peer.RawMessages;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs one OPEN through a fresh connection to the speaker: either the speaker accepts it (its OPEN,
 * then a KEEPALIVE; we confirm and the session becomes Established with the AS the OPEN announced,
 * the 4-octet one when the capability is there, RFC 6793 §4.1), or it answers with the expected
 * NOTIFICATION and closes (RFC 4271 §6.2). The bystander is untouched either way (checked after
 * every case by {@link HarnessedSessionTest}).
 */
final class OpenCases {

    private OpenCases() {
    }

    static void run(ConformanceHarness h, long remoteAs, byte[] open, Expected e) throws Exception {
        HostilePeer peer = h.connectHostile(PeerKind.EBGP, remoteAs);
        try {
            peer.send(open);
            if (e.outcome() == Expected.Outcome.SESSION_RESET) {
                SessionCases.assertReset(peer, e);
            } else {
                peer.raw.readMessage(RawMessages.OPEN, ConformanceHarness.TIMEOUT);
                peer.raw.readMessage(RawMessages.KEEPALIVE, ConformanceHarness.TIMEOUT);
                peer.raw.sendKeepalive();
                h.await("session Established", () -> peer.state() == SessionState.ESTABLISHED);
                assertEquals(remoteAs, peer.status().asn(), "the peer's AS as negotiated");
            }
        } finally {
            h.retire(peer);
        }
    }
}

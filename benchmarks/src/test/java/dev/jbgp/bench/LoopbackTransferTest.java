package dev.jbgp.bench;

import dev.jbgp.testkit.daemon.LoopbackAddresses;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loopback suite and the race's stream on a small table, so that neither rots: a synthetic table
 * goes feeder -> speaker A -> speaker B twice, and the race stream holds what it says.
 */
class LoopbackTransferTest {

    @Test
    void aSmallTableGoesFromOneSpeakerToAnotherOnEveryRun() throws Exception {
        int n = 3000;
        ByteBuffer stream = RaceStream.build(n, 7, LoopbackTransfer.FEEDER_AS);
        InetAddress feeder = InetAddress.getByName(LoopbackAddresses.allocate());
        InetAddress a = InetAddress.getByName(LoopbackAddresses.allocate());
        InetAddress b = InetAddress.getByName(LoopbackAddresses.allocate());
        try (LoopbackTransfer lt = new LoopbackTransfer(feeder, a, b, LoopbackAddresses.TEST_PORT, stream, n, 60)) {
            for (int run = 0; run < 2; run++) {
                LoopbackTransfer.Result r = lt.transfer(60);
                assertEquals(n, r.prefixes());
                assertTrue(r.seconds() > 0 && r.seconds() < 60, "run " + run + " took " + r.seconds() + " s");
                assertTrue(r.prefixesPerSecond() > 0);
                Thread.sleep(300);
            }
        }
    }

    @Test
    void theRaceStreamHoldsEveryPrefixOnceInMessagesOfAtMost4096OctetsAndEndsWithEndOfRib() {
        int n = 12_345;
        ByteBuffer s = RaceStream.build(n, 7, 64901);
        long prefixes = 0;
        int messages = 0;
        int at = 0;
        int last = -2;
        int expectedNext = 11 << 24;
        while (at < s.limit()) {
            int length = s.getShort(at + 16) & 0xFFFF;
            assertTrue(length >= 23 && length <= RaceStream.MAX_MESSAGE, "message length " + length);
            assertEquals(RaceStream.UPDATE, s.get(at + 18));
            last = RaceStream.prefixes(s, at, length);
            if (last > 0) {
                prefixes += last;
                // the NLRI are consecutive /24s
                int nlri = at + length - 4 * last;
                for (int i = 0; i < last; i++) {
                    assertEquals(24, s.get(nlri + 4 * i));
                    int p = (s.get(nlri + 4 * i + 1) & 0xFF) << 24 | (s.get(nlri + 4 * i + 2) & 0xFF) << 16
                            | (s.get(nlri + 4 * i + 3) & 0xFF) << 8;
                    assertEquals(expectedNext, p);
                    expectedNext += 256;
                }
            }
            messages++;
            at += length;
        }
        assertEquals(s.limit(), at, "whole messages only");
        assertEquals(n, prefixes);
        assertEquals(-1, last, "the stream ends with the End-of-RIB");
        assertTrue(messages > 7, "at least one UPDATE per attribute set, plus the End-of-RIB");
    }
}

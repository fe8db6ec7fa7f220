package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static dev.jbgp.speaker.SpeakerFixtures.freshAddress;
import static dev.jbgp.speaker.SpeakerFixtures.neighbor;
import static dev.jbgp.speaker.SpeakerFixtures.speaker;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Churn soak (issue #5, memory): {@value #PEERS} peers each play {@value #EVENTS_PER_PEER}
 * announce/withdraw events over one shared prefix space, from pre-encoded UPDATEs sent as fast as the
 * speaker takes them (so best paths, ECMP sets and every peer's Adj-RIB-Out churn too), then withdraw
 * everything. Afterwards the Loc-RIB is empty, no attribute set is interned any more (every reference
 * was given back), and the heap after garbage collection is back within {@value #HEAP_TOLERANCE_MIB}
 * MiB of where it started. Sized to run in well under a minute; raise the constants for a longer soak.
 */
@Tag("soak")
@Isolated("it compares heap in use before and after: a concurrent class's sessions and speakers (each with its start-up warm-up) would count as our growth")
class ChurnSoakTest {

    private static final int PEERS = 3;
    private static final int PREFIXES = 20_000;
    private static final int ROUNDS = 12;
    private static final int PER_UPDATE = 100;
    /** Even rounds announce all prefixes (20,000), odd rounds withdraw half (10,000), then all go: 200,000. */
    private static final int EVENTS_PER_PEER = ROUNDS / 2 * PREFIXES + ROUNDS / 2 * PREFIXES / 2 + PREFIXES;
    /** Heap after GC may end this much above where it started (JIT, class and logging state, pools). */
    private static final long HEAP_TOLERANCE_MIB = 16;

    /** The whole event stream of peer {@code p}, pre-encoded. */
    private static byte[] stream(int p, long asn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int events = 0;
        for (int r = 0; r < ROUNDS; r++) {
            for (int first = 0; first < PREFIXES; first += PER_UPDATE) {
                if (r % 2 == 0) {
                    // A different MED per round and per block: many attribute sets come and go.
                    long med = (r * 37L + first / PER_UPDATE) % 400;
                    out.writeBytes(RawMessages.update(new byte[0],
                            RawMessages.basicAttributes(new long[] {asn, 64512 + r}, "198.18.0." + (p + 1), med),
                            prefixes(first, PER_UPDATE, 1)));
                    events += PER_UPDATE;
                } else {
                    out.writeBytes(RawMessages.update(prefixes(first + (r / 2) % 2, PER_UPDATE / 2, 2), new byte[0], new byte[0]));
                    events += PER_UPDATE / 2;
                }
            }
        }
        for (int first = 0; first < PREFIXES; first += PER_UPDATE) {
            out.writeBytes(RawMessages.update(prefixes(first, PER_UPDATE, 1), new byte[0], new byte[0]));
            events += PER_UPDATE;
        }
        assertEquals(EVENTS_PER_PEER, events);
        return out.toByteArray();
    }

    /** {@code count} /32s in 10.64.0.0/10 starting at index {@code first}, every {@code step}-th. */
    private static byte[] prefixes(int first, int count, int step) {
        int[] a = new int[count];
        for (int i = 0; i < count; i++) {
            a[i] = 10 << 24 | 64 << 16 | (first + i * step);
        }
        return RawMessages.ipv4Prefixes(a, 32);
    }

    /**
     * Heap in use: what MemoryMXBean's heap usage reports, read through {@link Runtime} because the
     * tests are compiled into the module, which does not read java.management.
     */
    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The lowest heap in use over five full collections. */
    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, usedHeap());
        }
        return used;
    }

    @Test
    void churnThenWithdrawAllReturnsInterningAndHeapToTheStart() throws Exception {
        InetAddress self = freshAddress();
        List<InetAddress> peers = new ArrayList<>();
        SpeakerConfig.Builder config = speaker(65000, self);
        for (int p = 0; p < PEERS; p++) {
            InetAddress a = freshAddress();
            peers.add(a);
            config.neighbor(neighbor(a, 65100 + p, self, true).build());
        }
        byte[][] streams = new byte[PEERS][];
        for (int p = 0; p < PEERS; p++) {
            streams[p] = stream(p, 65100 + p);
        }
        try (BgpSpeaker sp = BgpSpeaker.start(config.build())) {
            List<RawBgpPeer> raw = new ArrayList<>();
            try {
                for (int p = 0; p < PEERS; p++) {
                    RawBgpPeer peer = RawBgpPeer.connect(peers.get(p).getHostAddress(), self.getHostAddress(),
                            SpeakerFixtures.PORT, Duration.ofSeconds(10));
                    raw.add(peer);
                    long asn = 65100 + p;
                    peer.sendOpen(asn, 0, peers.get(p).getHostAddress(), RawMessages.multiprotocol(1, 1),
                            RawMessages.fourOctetAs(asn));
                    peer.readMessage(RawMessages.OPEN, Duration.ofSeconds(10));
                    peer.sendKeepalive();
                    peer.readMessage(RawMessages.KEEPALIVE, Duration.ofSeconds(10));
                    InetAddress a = peers.get(p);
                    await("peer " + p + " up", 20, () -> sp.status().neighbor(a).orElseThrow().state() == SessionState.ESTABLISHED);
                    peer.discardInputInBackground(); // what the others announce comes back to it
                }
                long heapBefore = heapAfterGc();
                long[] interningBefore = sp.interning();

                long t0 = System.nanoTime();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                List<Thread> senders = new ArrayList<>();
                for (int p = 0; p < PEERS; p++) {
                    RawBgpPeer peer = raw.get(p);
                    byte[] s = streams[p];
                    Thread t = new Thread(() -> {
                        try {
                            for (int off = 0; off < s.length; off += 1 << 16) {
                                peer.send(java.util.Arrays.copyOfRange(s, off, Math.min(s.length, off + (1 << 16))));
                            }
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    }, "soak-sender-" + p);
                    t.start();
                    senders.add(t);
                }
                long peakHeap = 0;
                for (Thread t : senders) {
                    while (t.isAlive()) {
                        t.join(200);
                        peakHeap = Math.max(peakHeap, usedHeap());
                    }
                }
                assertEquals(null, failure.get(), "senders");
                await("Loc-RIB empty", 120, () -> sp.locRibSize() == 0 && sp.interning()[0] == 0);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                for (InetAddress a : peers) {
                    assertEquals(SessionState.ESTABLISHED, sp.status().neighbor(a).orElseThrow().state(), "no session lost");
                    assertEquals(0, sp.status().neighbor(a).orElseThrow().accepted());
                }
                assertArrayEquals(new long[] {0, 0}, sp.interning(), "interned attribute sets and references");
                assertArrayEquals(interningBefore, sp.interning());
                long heapAfter = heapAfterGc();
                System.out.printf("soak: %d events from %d peers in %d ms (%d events/s); heap after GC %d KiB before,"
                                + " %d KiB after, peak %d KiB while churning%n", (long) PEERS * EVENTS_PER_PEER, PEERS, millis,
                        (long) PEERS * EVENTS_PER_PEER * 1000 / Math.max(1, millis), heapBefore >> 10, heapAfter >> 10, peakHeap >> 10);
                assertTrue(heapAfter - heapBefore <= HEAP_TOLERANCE_MIB << 20,
                        "heap grew by " + ((heapAfter - heapBefore) >> 10) + " KiB, more than " + HEAP_TOLERANCE_MIB + " MiB");
            } finally {
                for (RawBgpPeer r : raw) {
                    r.close();
                }
            }
        }
    }
}

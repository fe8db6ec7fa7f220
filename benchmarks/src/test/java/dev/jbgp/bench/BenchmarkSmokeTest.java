package dev.jbgp.bench;

import dev.jbgp.testkit.TestData;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.runner.IterationType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every benchmark's setup and one operation, untimed, so that a change that breaks a suite fails
 * here and not in the middle of a measurement. Needs the reference table (skipped without
 * {@code ../shared/testdata}, a failure under CI).
 */
class BenchmarkSmokeTest {

    @BeforeEach
    void table() {
        TestData.require(TableStreams.TABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jbgp", "mkupdates"})
    void decodeReadsEveryPrefixOfTheStream(String source) throws Exception {
        if (source.equals("mkupdates")) {
            assumeTrue(python3(), "python3 is not installed");
        }
        UpdateDecodeBenchmark b = new UpdateDecodeBenchmark();
        b.source = source;
        b.setUp(); // checks the UPDATE and prefix counts
        try {
            long[] counts = new long[2];
            long once = b.decode(counts);
            assertEquals(TableStreams.UPDATES, counts[0]);
            assertEquals(TableStreams.PREFIXES, counts[1]);
            assertEquals(once, b.decode(), "decoding is repeatable");
        } finally {
            b.tearDown();
        }
    }

    @Test
    void ourEncoderWritesTheSameStreamAsTheReferenceTool() {
        assumeTrue(python3(), "python3 is not installed");
        ByteBuf ours = TableStreams.encode(TableStreams.groups());
        ByteBuf reference = TableStreams.mkupdatesStream();
        try {
            assertEquals(reference.readableBytes(), ours.readableBytes());
            assertTrue(io.netty.buffer.ByteBufUtil.equals(reference, ours), "byte-identical UPDATE streams");
        } finally {
            ours.release();
            reference.release();
        }
    }

    @Test
    void encodePacksTheWholeAdjRibOut() throws Exception {
        UpdateEncodeBenchmark b = new UpdateEncodeBenchmark();
        b.setUp(); // checks the Adj-RIB-Out holds every prefix
        try {
            long pre = b.packPreEncoded();
            assertTrue(pre > TableStreams.PREFIXES * 2L, "at least the NLRI octets: " + pre);
            assertEquals(pre, b.packFromAdjRibOut(), "same octets whether the blocks are encoded in the loop or before");
        } finally {
            b.tearDown();
        }
    }

    @Test
    void ribIngestLoadsAndChurnsTheTable() throws Exception {
        RibIngestBenchmark b = new RibIngestBenchmark();
        RibIngestBenchmark.Streams s = new RibIngestBenchmark.Streams();
        s.setUp();
        try {
            RibIngestBenchmark.Empty e = new RibIngestBenchmark.Empty();
            e.setUp();
            assertEquals(TableStreams.PREFIXES, b.fullTable(s, e));
            assertEquals(TableStreams.PREFIXES, e.rib.size());

            RibIngestBenchmark.Loaded l = new RibIngestBenchmark.Loaded();
            l.setUp(s); // checks the table loaded
            assertEquals(2L * TableStreams.PREFIXES, b.churnWithdrawReannounce(s, l));
            assertEquals(TableStreams.PREFIXES, l.rib.size());
            assertEquals(TableStreams.PREFIXES, b.churnImplicitReplace(s, l));
            assertEquals(TableStreams.PREFIXES, l.rib.size());
        } finally {
            s.tearDown();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 16})
    void decisionAgreesWithTheRib(int candidates) throws Exception {
        DecisionBenchmark b = new DecisionBenchmark();
        b.candidates = candidates;
        b.setUp();
        assertTrue(b.compare() >= 0);
        assertEquals(b.best(), b.selectBest().peer(), "linear scan and RIB pick the same best path");
        assertTrue(b.ribReselect(), "winning announcement installed");
        assertEquals(b.mover(), b.best(), "the one-AS path wins");
        assertTrue(b.ribReselect(), "losing announcement installed");
        assertNotEquals(b.mover(), b.best(), "the eight-AS INCOMPLETE path loses");
    }

    @Test
    void retainedHeapCountsOneTable() throws Exception {
        List<ByteBuf> streams = FootprintLoad.ONE_TABLE.streams();
        try {
            assertEquals(1, streams.size());
            RetainedHeap.Result r = RetainedHeap.measure(streams);
            assertEquals(TableStreams.PREFIXES, r.routes());
            assertTrue(r.bytes() > 0, "the RIB takes heap: " + r.bytes());
            assertEquals(r.bytes() / TableStreams.PREFIXES, r.bytesPerRoute());
            assertTrue(r.attributeSets() > 50_000 && r.attributeSets() < TableStreams.UPDATES,
                    "one interned set per attribute group: " + r.attributeSets());
        } finally {
            FootprintLoad.release(streams);
        }
    }

    @Test
    void footprintBenchmarkReportsBytesPerRoute() throws Exception {
        RibFootprintBenchmark b = new RibFootprintBenchmark();
        b.load = FootprintLoad.FOUR_TABLES;
        b.setUp();
        try {
            assertEquals(4, b.streams.size(), "one stream per peer");
            RibFootprintBenchmark.Retained counter = new RibFootprintBenchmark.Retained();
            assertEquals(4L * TableStreams.PREFIXES, b.retained(counter), "every route of the four peers");
            assertTrue(counter.bytesPerRoute > 1 && counter.bytesPerRoute < 1_000,
                    "a per-route figure, not a total: " + counter.bytesPerRoute);
        } finally {
            b.tearDown();
        }
        assertTrue(b.streams.isEmpty(), "streams released and dropped");
    }

    @Test
    void footprintCounterIsTheMeanAfterJmhSumsIt() {
        // JMH sums an EVENTS counter over the measured iterations of all forks: the weights must add up to 1
        for (int iterations : new int[] {1, 3, 5}) {
            for (int forks : new int[] {0, 1, 2}) {
                double sum = 0;
                for (int f = 0; f < Math.max(1, forks); f++) {
                    for (int i = 0; i < iterations; i++) {
                        sum += RibFootprintBenchmark.Retained.weight(IterationType.MEASUREMENT, iterations, forks);
                    }
                }
                assertEquals(1.0, sum, 1e-12, iterations + " iterations, " + forks + " forks");
            }
        }
        assertEquals(1.0, RibFootprintBenchmark.Retained.weight(IterationType.WARMUP, 5, 2),
                "warm-up is printed, not aggregated: the undivided figure");
    }

    @Test
    void tableReceiverParsesItsCommandLine() throws Exception {
        TableReceiver.Options o = TableReceiver.Options.parse(new String[] {"--local-address", "127.0.9.2",
                "--local-as", "64902", "--peer", "127.0.9.1", "--peer-as", "64901", "--passive", "--expect", "1000"});
        assertEquals(64902, o.localAs());
        assertEquals(64901, o.peerAs());
        assertTrue(o.passive());
        assertEquals(1000, o.expect());
        assertEquals(0x7F000902, o.routerId());
        assertEquals(179, o.port());
        assertFalse(o.direct(), "the speaker by default");
        assertFalse(o.softReconfiguration(), "one copy of the table, as BIRD and FRR by default");
        assertEquals(1, o.rounds(), "the race receives once");
        assertEquals(dev.jbgp.speaker.SpeakerConfig.DEFAULT_WARM_UP_ROUTES, o.warmUp(), "the speaker's default warm-up");
        TableReceiver.Options lean = TableReceiver.Options.parse(new String[] {"--local-address", "127.0.9.2",
                "--local-as", "64902", "--peer", "127.0.9.1", "--peer-as", "64901", "--expect", "1",
                "--no-route-ages", "--soft-reconfiguration", "--direct"}); // --no-route-ages: accepted, ignored
        assertTrue(lean.softReconfiguration());
        assertTrue(lean.direct());
        TableReceiver.Options diag = TableReceiver.Options.parse(new String[] {"--local-address", "127.0.9.2",
                "--local-as", "64902", "--peer", "127.0.9.1", "--peer-as", "64901", "--expect", "1",
                "--rounds", "3", "--warm-up", "0"});
        assertEquals(3, diag.rounds());
        assertEquals(0, diag.warmUp());
        assertEquals("127.0.9.2", TableReceiver.dotted(o.routerId()));
    }

    private static boolean python3() {
        try {
            return new ProcessBuilder("python3", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}

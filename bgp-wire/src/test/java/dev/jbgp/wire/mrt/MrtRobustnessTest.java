package dev.jbgp.wire.mrt;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded properties: damaged copies of a small MRT file (every understood record kind, built in memory)
 * yield records or {@link MrtFormatException}, never another exception, and leak nothing (the testkit
 * leak check runs after the class). The seed is in each case's name and in every failure message;
 * rerun one with {@code -Dtest='MrtRobustnessTest#...'} and the seed filter of your IDE.
 */
class MrtRobustnessTest {

    private static final byte[] SAMPLE = MrtBytes.sample();

    static LongStream seeds() {
        return LongStream.range(0, 200).map(i -> 0x6d72745fL * 31 + i);
    }

    /** Offsets just past each record of {@link #SAMPLE}, from the length fields (RFC 6396 §2). */
    private static List<Integer> recordEnds() {
        List<Integer> ends = new ArrayList<>();
        int at = 0;
        while (at < SAMPLE.length) {
            int length = ((SAMPLE[at + 8] & 0xFF) << 24) | ((SAMPLE[at + 9] & 0xFF) << 16)
                    | ((SAMPLE[at + 10] & 0xFF) << 8) | (SAMPLE[at + 11] & 0xFF);
            at += 12 + length;
            ends.add(at);
        }
        return ends;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void truncatedCopiesYieldTheWholeRecordsBeforeTheCutThenAnErrorOrTheEnd(long seed) throws IOException {
        Random random = new Random(seed);
        int cut = random.nextInt(SAMPLE.length + 1);
        byte[] bytes = java.util.Arrays.copyOf(SAMPLE, cut);
        int whole = 0; // understood records that end at or before the cut
        int kind = 0;
        for (int end : recordEnds()) {
            if (end <= cut && kind != 3) { // record 3 is the skipped OSPFv2 one
                whole++;
            }
            kind++;
        }
        boolean atBoundary = cut == 0 || recordEnds().contains(cut);
        int read = 0;
        boolean failed = false;
        try (MrtReader reader = MrtReader.open(new ByteArrayInputStream(bytes))) {
            try {
                while (reader.next()) {
                    MrtRecords.touch(reader.record());
                    read++;
                }
            } catch (MrtFormatException e) {
                failed = true;
                assertTrue(e.offset() >= 0 && e.offset() < cut, "seed " + seed + ": offset " + e.offset());
            }
        } catch (RuntimeException | Error e) {
            fail("seed " + seed + " (cut at " + cut + "): " + e, e);
        }
        assertEquals(whole, read, "seed " + seed + " (cut at " + cut + ")");
        assertEquals(!atBoundary, failed, "seed " + seed + " (cut at " + cut + "): error iff cut inside a record");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bitFlippedCopiesYieldRecordsOrFormatErrors(long seed) throws IOException {
        Random random = new Random(seed);
        boolean gzip = random.nextInt(4) == 0;
        byte[] bytes = gzip ? MrtBytes.gzip(SAMPLE) : SAMPLE.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int bit = random.nextInt(bytes.length * 8);
            bytes[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
        if (random.nextBoolean()) {
            bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        }
        readAll(bytes, seed, random);
    }

    /** Reads to the end, continuing after format errors as the reader allows, retaining a slice now and then. */
    static void readAll(byte[] bytes, long seed, Random random) throws IOException {
        List<ByteBuf> kept = new ArrayList<>();
        try (MrtReader reader = MrtReader.open(new ByteArrayInputStream(bytes))) {
            int errors = 0;
            while (errors < 1000) {
                try {
                    if (!reader.next()) {
                        break;
                    }
                    MrtRecord record = reader.record();
                    MrtRecords.touch(record);
                    if (random.nextInt(4) == 0 && record instanceof Bgp4mpMessage m) {
                        kept.add(m.message().retain());
                    }
                } catch (MrtFormatException e) {
                    errors++;
                }
            }
        } catch (MrtFormatException e) {
            // a damaged gzip header is refused when opening
        } catch (RuntimeException | Error e) {
            fail("seed " + seed + ": " + e, e);
        } finally {
            for (ByteBuf b : kept) {
                assertEquals(1, b.refCnt(), "seed " + seed + ": after close only our retain holds a kept slice");
                assertTrue(b.release(), "seed " + seed);
            }
        }
    }
}

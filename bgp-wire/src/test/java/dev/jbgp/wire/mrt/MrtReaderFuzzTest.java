package dev.jbgp.wire.mrt;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of {@link MrtReader} on arbitrary bytes: every input must end in records
 * and {@link MrtFormatException}s, never another exception.
 *
 * <p>In the normal test run this replays the hand-made seed inputs in
 * {@code src/test/resources/dev/jbgp/wire/mrt/MrtReaderFuzzTestInputs/readsArbitraryBytes/} (and any
 * crash files Jazzer saved there). To fuzz for real, for as long as {@code maxDuration} allows:
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -o -pl bgp-wire -am test -Dtest=MrtReaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * A finding is written beside the seeds and then replays in every normal run until fixed; the corpus
 * Jazzer grows goes to {@code bgp-wire/.cifuzz-corpus/} (scratch: do not commit it).
 */
class MrtReaderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void readsArbitraryBytes(FuzzedDataProvider data) throws IOException {
        byte[] bytes = data.consumeRemainingAsBytes();
        try (MrtReader reader = MrtReader.open(new ByteArrayInputStream(bytes), 1 << 20)) {
            int errors = 0;
            while (errors < 100) {
                try {
                    if (!reader.next()) {
                        break;
                    }
                    MrtRecords.touch(reader.record());
                } catch (MrtFormatException e) {
                    errors++;
                }
            }
        } catch (MrtFormatException e) {
            // a damaged gzip header is refused when opening
        }
    }
}

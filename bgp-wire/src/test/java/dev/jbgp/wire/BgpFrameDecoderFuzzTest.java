package dev.jbgp.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jbgp.wire.error.BgpDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz target for {@link BgpFrameDecoder}: the input is split into chunks that arrive one by
 * one in a cumulation, as TCP would deliver them. Every framed slice must be a whole message within
 * the session maximum, every error a {@link BgpDecodeException}, and every buffer released.
 *
 * <p>In a normal {@code verify} this replays the seed corpus in
 * {@code src/test/resources/dev/jbgp/wire/BgpFrameDecoderFuzzTestInputs/frameDecoder/} as regression
 * tests. To fuzz (one fuzz test per run; {@code maxDuration} below bounds the run — change it for a
 * longer or shorter run, Jazzer 0.24 has no system property for it):
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -o -pl bgp-wire -am test -Dtest=BgpFrameDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Crashing inputs are written next to the seeds; add the interesting ones to the corpus.
 */
class BgpFrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void frameDecoder(FuzzedDataProvider data) {
        BgpFrameDecoder decoder = new BgpFrameDecoder(
                data.consumeBoolean() ? CodecContext.EXTENDED_MAX_LENGTH : CodecContext.STANDARD_MAX_LENGTH,
                data.consumeBoolean());
        int chunk = data.consumeInt(1, 4096);
        byte[] bytes = data.consumeRemainingAsBytes();
        ByteBuf cumulation = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, bytes.length));
        try {
            int fed = 0;
            while (fed < bytes.length) {
                int n = Math.min(chunk, bytes.length - fed);
                cumulation.writeBytes(bytes, fed, n);
                fed += n;
                ByteBuf msg;
                while ((msg = decoder.decode(cumulation)) != null) {
                    try {
                        int length = BgpFrameDecoder.lengthOf(msg);
                        assertEquals(length, msg.readableBytes());
                        assertTrue(length >= MessageHeader.HEADER_LENGTH && length <= decoder.maxMessageLength());
                        BgpFrameDecoder.typeOf(msg);
                    } finally {
                        msg.release();
                    }
                }
            }
        } catch (BgpDecodeException expected) {
            assertTrue(expected.code().value() == 1 || expected.code().value() == 7, expected::toString);
        } finally {
            assertEquals(1, cumulation.refCnt(), "every framed slice was released");
            cumulation.release();
        }
    }
}

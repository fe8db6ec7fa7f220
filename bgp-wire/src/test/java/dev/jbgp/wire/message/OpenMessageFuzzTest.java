package dev.jbgp.wire.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.error.BgpDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Jazzer fuzz target for {@link OpenMessage#decode}: the input is an OPEN body (from the Version
 * octet on) behind a correct header, so the fuzzer spends its time on the parameters and
 * capabilities. A decode must give a value or a {@link BgpDecodeException}; a value must re-encode
 * to something that decodes to the same value.
 *
 * <p>In a normal {@code verify} this replays the seed corpus in
 * {@code src/test/resources/dev/jbgp/wire/message/OpenMessageFuzzTestInputs/openDecoder/}. To fuzz
 * (bounded by {@code maxDuration} below; edit it to fuzz longer — Jazzer 0.24 has no system property
 * for the duration):
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -o -pl bgp-wire -am test -Dtest=OpenMessageFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class OpenMessageFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void openDecoder(byte[] body) {
        if (body.length > 0xFFFF - MessageHeader.HEADER_LENGTH) {
            return;
        }
        ByteBuf message = PooledByteBufAllocator.DEFAULT.buffer(MessageHeader.HEADER_LENGTH + body.length);
        ByteBuf again = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            message.writeLong(-1L).writeLong(-1L).writeShort(MessageHeader.HEADER_LENGTH + body.length).writeByte(1);
            message.writeBytes(body);
            OpenMessage.peekFourOctetAs(message);
            OpenMessage open;
            try {
                open = OpenMessage.decode(message);
            } catch (BgpDecodeException expected) {
                NotificationMessage.from(expected).toString();
                return;
            }
            open.toString();
            open.encode(again);
            assertEquals(open.encodedLength(), again.readableBytes());
            assertEquals(open, OpenMessage.decode(again), "decode(encode(decode(x))) == decode(x)");
        } catch (BgpDecodeException e) {
            throw new AssertionError("re-encoded OPEN did not decode: " + e, e);
        } finally {
            message.release();
            again.release();
        }
    }
}

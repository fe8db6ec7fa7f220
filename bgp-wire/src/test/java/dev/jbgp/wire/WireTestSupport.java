package dev.jbgp.wire;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;

import java.util.HexFormat;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Test helpers that allocate tracked pooled buffers and always release them, so that the leak check
 * only fires for leaks in the code under test.
 */
public final class WireTestSupport {

    private WireTestSupport() {
    }

    /** Something that decodes a buffer. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(ByteBuf buf) throws BgpDecodeException;
    }

    /** The 16-octet marker in hex. */
    public static final String MARKER = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";

    /** A pooled (leak-tracked) buffer holding these bytes; the caller releases it. */
    public static ByteBuf buf(byte[] bytes) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(Math.max(bytes.length, 1));
        b.writeBytes(bytes);
        return b;
    }

    /** A pooled buffer holding the hex bytes; the caller releases it. */
    public static ByteBuf buf(String hex) {
        return buf(bytes(hex));
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** Decodes the hex bytes, releasing the buffer afterwards; checks the decoder moved no index. */
    public static <T> T decode(String hex, Decoder<T> decoder) throws BgpDecodeException {
        return decode(bytes(hex), decoder);
    }

    public static <T> T decode(byte[] bytes, Decoder<T> decoder) throws BgpDecodeException {
        ByteBuf b = buf(bytes);
        try {
            T value = decoder.decode(b);
            assertEquals(0, b.readerIndex(), "decoder moved the reader index");
            return value;
        } finally {
            b.release();
        }
    }

    /** Runs an encoder into a fresh buffer and returns the bytes as upper-case hex. */
    public static String encode(Consumer<ByteBuf> encoder) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            encoder.accept(out);
            return ByteBufUtil.hexDump(out).toUpperCase();
        } finally {
            out.release();
        }
    }

    /** Asserts that decoding the hex fails with this code, subcode and action; returns the error. */
    public static BgpDecodeException assertError(String hex, Decoder<?> decoder, int code, int subcode,
                                                 ErrorAction action) {
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> decode(hex, decoder));
        assertEquals(code, e.code().value(), () -> "code of " + e);
        assertEquals(subcode, e.subcode(), () -> "subcode of " + e);
        assertEquals(action, e.action(), () -> "action of " + e);
        return e;
    }

    /** A header for a message of {@code length} octets and this type. */
    public static String header(int length, int type) {
        return MARKER + String.format("%04X%02X", length, type);
    }
}

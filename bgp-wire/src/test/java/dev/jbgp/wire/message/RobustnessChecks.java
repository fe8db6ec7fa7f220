package dev.jbgp.wire.message;

import dev.jbgp.wire.BgpFrameDecoder;
import dev.jbgp.wire.error.BgpDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds arbitrary bytes to the frame decoder and the OPEN, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH
 * decoders, asserting that each returns a value or throws {@link BgpDecodeException} — never another
 * exception — and that every buffer is released. Shared by the property tests, the fuzz targets and
 * the third-party crasher files.
 */
final class RobustnessChecks {

    private RobustnessChecks() {
    }

    /** Runs every decoder over {@code bytes}; any exception other than BgpDecodeException escapes as a failure. */
    static void feedEverything(byte[] bytes) {
        frame(bytes, BgpFrameDecoder.STANDARD);
        frame(bytes, new BgpFrameDecoder(65535, true));
        message(bytes);
    }

    /** Frames until null or error, then checks refcounts. */
    static void frame(byte[] bytes, BgpFrameDecoder decoder) {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(Math.max(1, bytes.length));
        in.writeBytes(bytes);
        try {
            ByteBuf msg;
            while ((msg = decoder.decode(in)) != null) {
                try {
                    assertTrue(msg.readableBytes() >= 19);
                    assertEquals(msg.readableBytes(), BgpFrameDecoder.lengthOf(msg));
                    BgpFrameDecoder.typeOf(msg);
                    byte[] copy = new byte[msg.readableBytes()];
                    msg.getBytes(msg.readerIndex(), copy);
                    message(copy);
                } finally {
                    msg.release();
                }
            }
        } catch (BgpDecodeException expected) {
            checkError(expected);
        } finally {
            assertEquals(1, in.refCnt(), "cumulation reference count");
            in.release();
        }
    }

    /**
     * Every message decoder over the whole of {@code bytes}. The message decoders only read (they
     * neither retain nor release), so an untracked wrapper is enough here and keeps PARANOID leak
     * tracking, which records every access, off this loop; the frame path above uses tracked buffers.
     */
    static void message(byte[] bytes) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        try {
            message(b);
        } finally {
            b.release();
        }
    }

    private static void message(ByteBuf b) {
        int reader = b.readerIndex();
        try {
            OpenMessage m = OpenMessage.decode(b);
            m.toString();
            OpenMessage.peekFourOctetAs(b);
        } catch (BgpDecodeException e) {
            checkError(e);
        }
        OpenMessage.peekFourOctetAs(b);
        try {
            NotificationMessage.decode(b).toString();
        } catch (BgpDecodeException e) {
            checkError(e);
        }
        try {
            KeepaliveMessage.decode(b);
        } catch (BgpDecodeException e) {
            checkError(e);
        }
        for (boolean enhanced : new boolean[] {false, true}) {
            try {
                RouteRefreshMessage.decode(b, enhanced).toString();
            } catch (BgpDecodeException e) {
                checkError(e);
            }
        }
        assertEquals(reader, b.readerIndex(), "decoders must not move the reader index");
    }

    private static void checkError(BgpDecodeException e) {
        assertTrue(e.code().value() >= 1 && e.code().value() <= 7, e::toString);
        e.toString();
        NotificationMessage.from(e).toString();
    }
}

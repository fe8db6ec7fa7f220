package dev.jbgp.wire;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.jbgp.wire.WireTestSupport.MARKER;
import static dev.jbgp.wire.WireTestSupport.buf;
import static dev.jbgp.wire.WireTestSupport.bytes;
import static dev.jbgp.wire.WireTestSupport.header;
import static dev.jbgp.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 4271 §4.1 framing and the §6.1 header checks. */
class BgpFrameDecoderTest {

    private static final String KEEPALIVE = header(19, 4);
    private static final String OPEN = MARKER + "001D" + "01" + "04" + "FDE9" + "00B4" + "7F000001" + "00";

    @Test
    void framesMessagesOneByOneAndWaitsForIncompleteOnes() throws BgpDecodeException {
        ByteBuf in = buf(OPEN + KEEPALIVE + KEEPALIVE.substring(0, 20));
        try {
            ByteBuf first = BgpFrameDecoder.STANDARD.decode(in);
            try {
                assertEquals(MessageType.OPEN, BgpFrameDecoder.typeOf(first));
                assertEquals(29, BgpFrameDecoder.lengthOf(first));
                assertEquals(OPEN, hex(ByteBufUtilCopy.bytes(first)));
            } finally {
                first.release();
            }
            ByteBuf second = BgpFrameDecoder.STANDARD.decode(in);
            try {
                assertEquals(MessageType.KEEPALIVE, BgpFrameDecoder.typeOf(second));
                assertEquals(19, second.readableBytes());
            } finally {
                second.release();
            }
            int before = in.readerIndex();
            assertNull(BgpFrameDecoder.STANDARD.decode(in), "10 octets are not a header");
            assertEquals(before, in.readerIndex());
            in.writeBytes(bytes(KEEPALIVE.substring(20)));
            ByteBuf third = BgpFrameDecoder.STANDARD.decode(in);
            try {
                assertEquals(MessageType.KEEPALIVE, BgpFrameDecoder.typeOf(third));
            } finally {
                third.release();
            }
            assertNull(BgpFrameDecoder.STANDARD.decode(in));
            assertEquals(0, in.readableBytes());
        } finally {
            in.release();
        }
    }

    @Test
    void streamArrivingOneOctetAtATime() throws BgpDecodeException {
        String notification = header(23, 3) + "06020141";
        String routeRefresh = header(23, 5) + "00020001";
        String stream = OPEN + KEEPALIVE + notification + routeRefresh + KEEPALIVE;
        byte[] bytes = bytes(stream);
        StringBuilder framed = new StringBuilder();
        int messages = 0;
        ByteBuf in = buf(new byte[0]);
        try {
            for (byte b : bytes) {
                in.writeByte(b);
                ByteBuf msg;
                while ((msg = BgpFrameDecoder.STANDARD.decode(in)) != null) {
                    try {
                        framed.append(hex(ByteBufUtilCopy.bytes(msg)));
                        messages++;
                    } finally {
                        msg.release();
                    }
                }
            }
        } finally {
            in.release();
        }
        assertEquals(5, messages);
        assertEquals(stream, framed.toString());
    }

    @Test
    void sliceIsRetainedSoTheCumulationCanBeReleasedFirst() throws BgpDecodeException {
        ByteBuf in = buf(KEEPALIVE);
        ByteBuf slice = BgpFrameDecoder.STANDARD.decode(in);
        assertEquals(2, in.refCnt(), "the slice holds its own reference");
        in.release();
        assertEquals(1, slice.refCnt());
        assertEquals(19, slice.readableBytes());
        assertTrue(slice.release());
    }

    @Test
    void waitsForBodyButChecksTheHeaderFirst() throws BgpDecodeException {
        // A complete header announcing a 100-octet UPDATE: wait for the body.
        ByteBuf in = buf(header(100, 2) + "0000");
        try {
            assertNull(BgpFrameDecoder.STANDARD.decode(in));
            assertEquals(0, in.readerIndex());
        } finally {
            in.release();
        }
        // A complete header with a bad marker fails without waiting for the 100 octets.
        frameError("FF".repeat(15) + "FE" + "006402", 1, 1, "");
    }

    @Test
    void markerNotAllOnesIsConnectionNotSynchronized() {
        frameError("00".repeat(16) + "001304", 1, 1, "");
        frameError("7F" + "FF".repeat(15) + "001304", 1, 1, "");
    }

    @ParameterizedTest(name = "length {0} type {1}")
    @CsvSource({
            "0, 4", "18, 4", "20, 4",          // KEEPALIVE must be 19
            "28, 1", "4097, 1",                // OPEN 29..4096
            "22, 2",                           // UPDATE >= 23
            "20, 3",                           // NOTIFICATION >= 21
            "22, 5",                           // ROUTE-REFRESH >= 23
            "4097, 2", "65535, 2"              // above the RFC 4271 maximum
    })
    void badLengthCarriesTheLengthField(int length, int type) {
        String lengthField = String.format("%04X", length);
        // Enough bytes that the decoder could frame it if it accepted the length.
        String msg = header(length, type) + "00".repeat(Math.max(0, Math.min(length, 5000) - 19));
        frameError(msg, 1, 2, lengthField);
    }

    @Test
    void extendedMessagesRaiseTheMaximum() throws BgpDecodeException {
        String update = header(5000, 2) + "0000" + "0000" + "00".repeat(5000 - 23);
        frameError(update, 1, 2, "1388");
        BgpFrameDecoder extended = BgpFrameDecoder.forSession(
                CodecContext.MODERN.withMaxMessageLength(CodecContext.EXTENDED_MAX_LENGTH), false);
        assertEquals(65535, extended.maxMessageLength());
        ByteBuf in = buf(update);
        try {
            ByteBuf msg = extended.decode(in);
            try {
                assertEquals(5000, msg.readableBytes());
                assertEquals(MessageType.UPDATE, BgpFrameDecoder.typeOf(msg));
            } finally {
                msg.release();
            }
        } finally {
            in.release();
        }
        assertThrows(IllegalArgumentException.class, () -> new BgpFrameDecoder(8192, false));
        // RFC 8654 §4: not for OPEN
        String bigOpen = header(5000, 1) + "04FDE900B47F000001" + "00".repeat(5000 - 28);
        ByteBuf open = buf(bigOpen);
        try {
            BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> extended.decode(open));
            assertEquals(2, e.subcode());
            assertEquals("1388", hex(e.data()));
        } finally {
            open.release();
        }
    }

    @Test
    void unknownTypeIsBadMessageTypeWithTheTypeOctet() {
        frameError(header(19, 0), 1, 3, "00");
        frameError(header(19, 6), 1, 3, "06");
        frameError(header(23, 255) + "00000000", 1, 3, "FF");
    }

    @Test
    void routeRefreshLengthDependsOnSubtypeAndSession() throws BgpDecodeException {
        String borrLong = header(24, 5) + "0001" + "01" + "01" + "00";
        frameError(borrLong, 1, 2, "0018");
        // RFC 7313 §5: with enhanced route refresh, code 7 subcode 1 and the whole message as data.
        BgpFrameDecoder err = new BgpFrameDecoder(4096, true);
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> frame(err, borrLong));
        assertEquals(7, e.code().value());
        assertEquals(1, e.subcode());
        assertEquals(ErrorAction.SESSION_RESET, e.action());
        assertArrayEquals(bytes(borrLong), e.data());
        String shortOne = header(22, 5) + "000100";
        e = assertThrows(BgpDecodeException.class, () -> frame(err, shortOne));
        assertEquals(7, e.code().value());
        assertArrayEquals(bytes(shortOne), e.data());
        // Subtype 0 with ORF entries (RFC 5291) and reserved subtypes are framed.
        assertEquals(46, frame(BgpFrameDecoder.STANDARD, header(46, 5) + "00010001" + "00".repeat(23)));
        assertEquals(24, frame(err, header(24, 5) + "0001" + "07" + "01" + "00"));
    }

    @Test
    void headerOnlyBuffersAndToString() {
        assertThrows(IllegalArgumentException.class, () -> {
            ByteBuf b = buf(header(19, 9));
            try {
                BgpFrameDecoder.typeOf(b);
            } finally {
                b.release();
            }
        });
        assertEquals("BgpFrameDecoder{max=4096}", BgpFrameDecoder.STANDARD.toString());
        assertEquals("BgpFrameDecoder{max=65535, enhanced-route-refresh}", new BgpFrameDecoder(65535, true).toString());
    }

    /** Frames one message and returns its length, releasing everything. */
    private static int frame(BgpFrameDecoder decoder, String hex) throws BgpDecodeException {
        ByteBuf in = buf(hex);
        try {
            ByteBuf msg = decoder.decode(in);
            try {
                return msg.readableBytes();
            } finally {
                msg.release();
            }
        } finally {
            in.release();
        }
    }

    private static void frameError(String hex, int code, int subcode, String dataHex) {
        ByteBuf in = buf(hex);
        try {
            BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> BgpFrameDecoder.STANDARD.decode(in));
            assertEquals(code, e.code().value(), e::toString);
            assertEquals(subcode, e.subcode(), e::toString);
            assertEquals(ErrorAction.SESSION_RESET, e.action());
            assertEquals(dataHex, hex(e.data()));
            assertEquals(0, in.readerIndex(), "nothing consumed on error");
        } finally {
            in.release();
        }
    }

    /** Copies readable bytes without moving the reader index. */
    static final class ByteBufUtilCopy {
        static byte[] bytes(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }
}

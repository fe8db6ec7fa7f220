package dev.jbgp.wire.nlri;

import dev.jbgp.wire.Bytes;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.Afi;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NlriCursorTest {

    private static List<String> read(String hex, int afi, boolean addPath) throws BgpDecodeException {
        ByteBuf buf = Bytes.buf(hex);
        try {
            NlriCursor c = new NlriCursor().reset(buf, 0, buf.readableBytes(), afi, addPath);
            List<String> out = new ArrayList<>();
            while (c.next()) {
                out.add((addPath ? c.pathId() + ":" : "") + c.toPrefix());
            }
            return out;
        } finally {
            buf.release();
        }
    }

    @Test
    void ipv4EntriesOfEveryOctetCount() throws Exception {
        // RFC 4271 §4.3: length in bits, then the fewest octets that hold it
        assertEquals(List.of("0.0.0.0/0", "10.0.0.0/8", "127.1.0.0/16", "127.0.1.0/24", "127.0.0.1/32", "127.0.0.128/25"),
                read("00 080A 107F01 187F0001 207F000001 197F000080", Afi.IPV4, false));
    }

    @Test
    void hostBitsPastTheLengthAreMasked() throws Exception {
        // bgpdump's nlri_mask_trailing_bits: bits past the length (RIS data has them) are cleared
        assertEquals(List.of("127.0.0.0/23", "127.0.0.0/9"), read("177F0001 097F7F", Afi.IPV4, false));
    }

    @Test
    void addPathEntriesCarryPathIds() throws Exception {
        // RFC 7911 §3: 4-octet path identifier before each entry
        assertEquals(List.of("1:127.0.0.5/32", "2:127.0.0.5/32"),
                read("00000001 207F000005 00000002 207F000005", Afi.IPV4, true));
    }

    @Test
    void ipv6Entries() throws Exception {
        assertEquals(List.of("2001:db8::/32", "::/0", "2001:db8:1:2:3:4:5:6/128", "2001:db8:1::/64"),
                read("2020010DB8 00 8020010DB8000100020003000400050006 4020010DB800010000", Afi.IPV6, false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ipv4 length 33, 1, 217F000001FF",
        "ipv4 truncated prefix, 1, 187F00",
        "ipv4 truncated path id, 1, 000000",
        "ipv6 length 129, 2, 8120010DB8000100020003000400050006FF",
        "ipv6 truncated, 2, 4020010DB8",
    })
    void syntaxErrorsResetTheSession(String name, int afi, String hex) {
        boolean addPath = name.contains("path id");
        BgpDecodeException e = assertThrows(BgpDecodeException.class, () -> read(hex, afi, addPath));
        // RFC 7606 §5.3: an NLRI field that cannot be parsed cannot be withdrawn either
        assertEquals(ErrorAction.SESSION_RESET, e.action());
        assertEquals(ErrorCode.UPDATE_MESSAGE_ERROR, e.code());
        assertEquals(Subcodes.Update.INVALID_NETWORK_FIELD, e.subcode());
    }

    @Test
    void resetReusesTheCursorAndPrimitiveGettersMatchTheValue() throws Exception {
        ByteBuf buf = Bytes.buf("187F0001 8020010DB8000100020003000400050006");
        try {
            NlriCursor c = new NlriCursor();
            c.reset(buf, 0, 4, Afi.IPV4, false);
            assertTrue(c.next());
            assertEquals(0x7F000100, c.ipv4Address());
            assertEquals(24, c.length());
            assertFalse(c.next());
            c.reset(buf, 4, 17, Afi.IPV6, false);
            assertTrue(c.next());
            assertEquals(0x20010DB800010002L, c.ipv6High());
            assertEquals(0x0003000400050006L, c.ipv6Low());
            assertEquals(128, c.length());
            assertEquals(4, c.entryOffset());
            assertFalse(c.next());
            assertEquals(1, c.reset(buf, 0, 4, Afi.IPV4, false).count());
        } finally {
            buf.release();
        }
    }
}
